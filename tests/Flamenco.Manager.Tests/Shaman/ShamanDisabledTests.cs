using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Shaman;

/// <summary>Shaman off: every Shaman operation answers Flamenco's 503 (worker-and-shaman.md T72), and clients are not offered it.</summary>
public sealed class ShamanDisabledTests
{
    public static TheoryData<string> Setups => ["disabled", "first run", "no storage plugin"];

    [Theory]
    [MemberData(nameof(Setups))]
    public async Task ShamanOff_AllFourOperations503AndNotOffered(string setup)
    {
        using var factory = setup switch
        {
            "disabled" => new ManagerAppFactory { WithShaman = true, Settings = [("shaman:enabled", "false")] },
            "first run" => new ManagerAppFactory { WithShaman = true, Settings = [("shared_storage_path", "")] },
            _ => new ManagerAppFactory(),
        };
        var client = factory.CreateClient();
        const string sha = "05b373f2ab421a112c779258ea456c17160fcc1d0fe0bb8282de26122873f6e2";
        var files = new[] { new { sha, size = 9, path = "a" } };

        HttpResponseMessage[] responses =
        [
            await client.GetAsync($"/api/v3/shaman/files/{sha}/9"),
            await client.SendAsync(ShamanHost.Upload("hähähä"u8.ToArray())),
            await client.PostAsJsonAsync("/api/v3/shaman/checkout/requirements", new { files }),
            await client.PostAsJsonAsync("/api/v3/shaman/checkout/create", new { checkoutPath = "job", files }),
        ];
        var configuration = await client.GetFromJsonAsync<ManagerConfiguration>("/api/v3/configuration", ManagerAppFactory.Json);

        foreach (var response in responses) await ShamanApiTests.AssertErrorAsync(response, 503, "shaman server not active");
        Assert.False(configuration!.ShamanEnabled);
    }
}
