using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Api;

public sealed class MetaApiTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task GetVersion_ReportsTheImplementedFlamencoVersion()
    {
        var version = await _client.GetFromJsonAsync<FlamencoVersion>("/api/v3/version", ManagerAppFactory.Json);

        Assert.Equal("3.9-beta1", version!.ShortVersion);
        Assert.StartsWith("3.9-beta1 (Flamenco.Extensible ", version.Version);
        Assert.Equal("Flamenco", version.Name);
    }

    [Fact]
    public async Task GetVersion_ConfiguredShortVersion_IsReported()
    {
        using var configured = new ManagerAppFactory { Settings = [("shortversion", "3.8.5"), ("manager_name", "Studio farm")] };

        var version = await configured.CreateClient().GetFromJsonAsync<FlamencoVersion>("/api/v3/version", ManagerAppFactory.Json);

        Assert.Equal(("3.8.5", "Studio farm"), (version!.ShortVersion, version.Name));
    }

    [Fact]
    public async Task GetConfiguration_NoStoragePlugin_ShamanNotOffered()
    {
        var configuration = await _client.GetFromJsonAsync<ManagerConfiguration>("/api/v3/configuration", ManagerAppFactory.Json);

        Assert.False(configuration!.ShamanEnabled);
        Assert.Equal(Path.Combine(factory.DataFolder, "shared-storage"), configuration.StorageLocation);
        // No shared storage configured (the default folder in the data folder is used meanwhile): Flamenco's first run.
        Assert.True(configuration.IsFirstRun);
    }

    [Fact]
    public async Task GetConfiguration_SharedStorageConfigured_NotTheFirstRun()
    {
        using var configured = new ManagerAppFactory { Settings = [("shared_storage_path", "/srv/flamenco")] };

        var configuration = await configured.CreateClient().GetFromJsonAsync<ManagerConfiguration>("/api/v3/configuration", ManagerAppFactory.Json);

        Assert.False(configuration!.IsFirstRun);
    }

    [Fact]
    public async Task GetFarmStatus_NoWorkers_InoperativeAfterTheFirstPoll()
    {
        FarmStatusReport? status = null;
        for (var attempt = 0; attempt < 50 && status?.Status is null or FarmStatus.Starting; attempt++)
        {
            status = await _client.GetFromJsonAsync<FarmStatusReport>("/api/v3/status", ManagerAppFactory.Json);
            if (status!.Status == FarmStatus.Starting) await Task.Delay(100);
        }

        Assert.Equal(FarmStatus.Inoperative, status!.Status);
    }

    [Fact]
    public async Task OpenApiDocumentAndApiPage_AreServed()
    {
        var document = await _client.GetStringAsync("/api/v3/openapi3.json");
        var page = await _client.GetAsync("/api/v3/swagger-ui/openapi3");

        Assert.Contains("\"/api/v3/jobs/{job_id}\"", document);
        Assert.Contains("\"submitJob\"", document);
        Assert.True(page.IsSuccessStatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.ToString());
    }
}
