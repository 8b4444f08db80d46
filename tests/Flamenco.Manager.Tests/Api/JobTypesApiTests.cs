using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Api;

/// <summary>Job types come from files and follow them without a restart (reference/manager.md §8.1 cases 18–20).</summary>
public sealed class JobTypesApiTests : IClassFixture<ManagerAppFactory>
{
    private readonly ManagerAppFactory _factory;
    private readonly HttpClient _client;

    public JobTypesApiTests(ManagerAppFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    private const string Minimal = """
        const JOB_TYPE = { label: "LABEL", settings: [{ key: "message", type: "string", required: true }] };
        function compileJob(job) {
            const task = author.Task("say", "misc");
            task.addCommand(author.Command("echo", { message: job.settings.message }));
            job.addTask(task);
        }
        """;

    [Fact]
    public async Task GetJobTypes_ShipsBothBuiltInsWithFlamencosEtag()
    {
        var types = await _client.GetFromJsonAsync<AvailableJobTypes>("/api/v3/jobs/types", ManagerAppFactory.Json);

        var names = types!.JobTypes.Select(t => t.Name).ToList();
        Assert.Contains("echo-sleep-test", names);
        Assert.Contains("simple-blender-render", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal("eba586e16d6b55baaa43e32f9e78ae514b457fee", types.JobTypes.Single(t => t.Name == "echo-sleep-test").Etag);
    }

    [Fact]
    public async Task GetJobTypes_SettingsKeepAbsentFlagsAbsent()
    {
        var json = JsonNode.Parse(await _client.GetStringAsync("/api/v3/jobs/type/echo-sleep-test"))!;

        var message = json["settings"]![0]!.AsObject();
        Assert.True((bool)message["required"]!);
        Assert.False(message.ContainsKey("editable"));
        Assert.False(message.ContainsKey("visible"));
    }

    [Fact]
    public async Task UserJobType_AddEditRemove_IsSeenWithoutRestart()
    {
        var file = Path.Combine(_factory.UserJobTypes, "my_custom_type.js");
        _ = _factory.Server; // start the host so its folders exist

        await File.WriteAllTextAsync(file, Minimal.Replace("LABEL", "First"));
        var first = await _client.GetFromJsonAsync<AvailableJobType>("/api/v3/jobs/type/my-custom-type", ManagerAppFactory.Json);
        await File.WriteAllTextAsync(file, Minimal.Replace("LABEL", "Second"));
        var second = await _client.GetFromJsonAsync<AvailableJobType>("/api/v3/jobs/type/my-custom-type", ManagerAppFactory.Json);
        File.Delete(file);
        var afterDelete = await _client.GetAsync("/api/v3/jobs/type/my-custom-type");

        Assert.Equal("First", first!.Label);
        Assert.Equal("Second", second!.Label);
        Assert.NotEqual(first.Etag, second.Etag);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
    }

    [Fact]
    public async Task UserJobType_SameNameAsShipped_OverridesIt()
    {
        using var _ = UserJobType("echo-sleep-test.js", Minimal.Replace("LABEL", "Studio echo"));

        var type = await _client.GetFromJsonAsync<AvailableJobType>("/api/v3/jobs/type/echo-sleep-test", ManagerAppFactory.Json);

        Assert.Equal("Studio echo", type!.Label);
    }

    [Fact]
    public async Task BrokenJobType_IsSkippedAndListedWithFileAndLine()
    {
        using var _ = UserJobType("broken-type.js", "const JOB_TYPE = { label: 'x', settings: [] };\nfunction compileJob(job) {\n  oops(;\n}\n");

        var types = await _client.GetFromJsonAsync<AvailableJobTypes>("/api/v3/jobs/types", ManagerAppFactory.Json);
        var listing = JsonNode.Parse(await _client.GetStringAsync("/api/v3/plugins"))!;

        Assert.DoesNotContain(types!.JobTypes, t => t.Name == "broken-type");
        var entry = listing["job_types"]!.AsArray().Single(e => (string)e!["name"]! == "broken-type")!;
        Assert.Equal("failed", (string)entry["state"]!);
        Assert.Contains("broken-type.js:3", (string)entry["error"]!);
    }

    [Fact]
    public async Task RunawayJobType_SubmissionFailsWithLimitAndManagerKeepsServing()
    {
        using var _ = UserJobType("runaway.js", "const JOB_TYPE = { label: 'Runaway', settings: [] };\nfunction compileJob(job) {\n  while (true) {}\n}\n");

        var response = await _client.PostAsJsonAsync("/api/v3/jobs", new { name = "x", type = "runaway", priority = 50, submitter_platform = "linux" });

        var error = await JobsApiTests.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("runaway", error.Message);
        Assert.Contains("limit", error.Message);
        Assert.True((await _client.GetAsync("/api/v3/version")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task ListPlugins_ShowsTheJavaScriptCompilerLoaded()
    {
        var listing = JsonNode.Parse(await _client.GetStringAsync("/api/v3/plugins"))!;

        var plugin = listing["plugins"]!.AsArray().Single(p => (string)p!["id"]! == "flamenco.jobcompilers.javascript")!;
        Assert.Equal("loaded", (string)plugin["state"]!);
    }

    /// <summary>Writes a job-type file into the user folder of a started Manager; disposing removes it.</summary>
    private DeletesFile UserJobType(string fileName, string text)
    {
        _ = _factory.Server; // the host creates its folders at start
        var path = Path.Combine(_factory.UserJobTypes, fileName);
        File.WriteAllText(path, text);
        return new DeletesFile(path);
    }

    private sealed class DeletesFile(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}

/// <summary>A plugin that cannot load is listed with its error; the Manager and the other plugins carry on.</summary>
public sealed class BrokenPluginTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("flamenco-plugins-").FullName;

    [Fact]
    public async Task ListPlugins_BrokenPluginBesideGoodOne_BrokenIsFailedAndJobTypesStillWork()
    {
        CopyDirectory(Path.Combine(RepoPaths.Plugins, "Flamenco.Plugins.JobCompilers.JavaScript"), Path.Combine(_plugins, "Flamenco.Plugins.JobCompilers.JavaScript"));
        Directory.CreateDirectory(Path.Combine(_plugins, "Broken"));
        await File.WriteAllTextAsync(Path.Combine(_plugins, "Broken", "Broken.dll"), "this is not an assembly");
        using var factory = new ManagerAppFactory { Settings = [("plugins_directory", _plugins)] };
        var client = factory.CreateClient();

        var listing = JsonNode.Parse(await client.GetStringAsync("/api/v3/plugins"))!["plugins"]!.AsArray();
        var types = await client.GetFromJsonAsync<AvailableJobTypes>("/api/v3/jobs/types", ManagerAppFactory.Json);

        var broken = listing.Single(p => ((string)p!["directory"]!).EndsWith("Broken", StringComparison.Ordinal))!;
        Assert.Equal("failed", (string)broken["state"]!);
        Assert.False(string.IsNullOrEmpty((string?)broken["error"]));
        Assert.Contains(listing, p => (string)p!["state"]! == "loaded");
        Assert.Contains(types!.JobTypes, t => t.Name == "echo-sleep-test");
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
