using System.Net.Http.Headers;
using System.Security.Cryptography;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Shaman;

/// <summary>A Manager with the real Shaman plugin loaded, for the tests of one class.</summary>
public sealed class ShamanHost : IDisposable
{
    public ManagerAppFactory Factory { get; } = new() { WithShaman = true };

    public string Shared => Path.Combine(Factory.DataFolder, "shared-storage");

    public string Jobs => Path.Combine(Shared, "jobs");

    public static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>An upload as the Blender add-on sends it.</summary>
    public static HttpRequestMessage Upload(byte[] content, string? sha = null, string? size = null, string? canDefer = null, string? originalFileName = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v3/shaman/files/{sha ?? Sha(content)}/{size ?? content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
        {
            Content = new ByteArrayContent(content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (canDefer is not null) request.Headers.Add("X-Shaman-Can-Defer-Upload", canDefer);
        if (originalFileName is not null) request.Headers.Add("X-Shaman-Original-Filename", originalFileName);
        return request;
    }

    public void Dispose() => Factory.Dispose();
}
