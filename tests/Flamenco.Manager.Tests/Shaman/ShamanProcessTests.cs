using System.Net;
using System.Security.Cryptography;
using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Shaman;

/// <summary>Shaman on a real Manager process (Kestrel, the shipped plugins), where request-size limits apply.</summary>
public sealed class ShamanProcessTests
{
    [Fact]
    public async Task StoreFile_LargerThanKestrelsDefaultRequestLimit_StoredWhole()
    {
        await using var manager = await ManagerProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };
        var content = RandomNumberGenerator.GetBytes(40 * 1024 * 1024);

        var response = await client.SendAsync(ShamanHost.Upload(content));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var sha = ShamanHost.Sha(content);
        var blob = Path.Combine(manager.DataFolder, "shared-storage", "file-store", "stored", sha[..2], sha[2..], $"{content.Length}.blob");
        Assert.Equal(content.Length, new FileInfo(blob).Length);
    }
}
