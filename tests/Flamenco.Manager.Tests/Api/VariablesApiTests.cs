using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Api;

/// <summary>
/// Variables through the API: the two configuration operations (cases 87–88), two-way replacement on submission
/// (cases 22–23) and expansion in the task a worker receives (case 45), for Linux and Windows workers.
/// </summary>
public sealed class VariablesApiTests : IDisposable
{
    private readonly ManagerAppFactory _factory;
    private readonly HttpClient _client;
    private readonly string _storage;

    public VariablesApiTests()
    {
        _storage = Directory.CreateTempSubdirectory("flamenco-storage-").FullName;
        _factory = new ManagerAppFactory
        {
            Settings =
            [
                ("shared_storage_path", _storage),
                ("variables:blender:values:0:platform", "linux"),
                ("variables:blender:values:0:value", "/usr/local/blender"),
                ("variables:blender:values:1:platform", "windows"),
                ("variables:blender:values:1:value", @"C:\Blender\blender.exe"),
                ("variables:variable:values:0:platform", "all"),
                ("variables:variable:values:0:value", "value"),
                ("variables:render:is_twoway", "true"),
                ("variables:render:values:0:platform", "linux"),
                ("variables:render:values:0:value", "/render"),
                ("variables:render:values:1:platform", "windows"),
                ("variables:render:values:1:value", @"R:\"),
                ("variables:frames:is_twoway", "true"),
                ("variables:frames:values:0:platform", "linux"),
                ("variables:frames:values:0:value", "/render/frames"),
                ("variables:storage:is_twoway", "true"),
                ("variables:storage:values:0:platform", "linux"),
                ("variables:storage:values:0:value", _storage),
                ("variables:storage:values:1:platform", "windows"),
                ("variables:storage:values:1:value", @"S:\flamenco"),
                ("variables:storage:values:2:platform", "darwin"),
                ("variables:storage:values:2:audience", "users"),
                ("variables:storage:values:2:value", "/Volumes/flamenco"),
            ],
        };
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_storage, recursive: true);
    }

    [Fact]
    public async Task GetVariables_WorkersLinux_ResolvedValuesWithJobs()
    {
        var variables = await _client.GetFromJsonAsync<Dictionary<string, ManagerVariable>>("/api/v3/configuration/variables/workers/linux", ManagerAppFactory.Json);

        Assert.Equal(new ManagerVariable { Value = "/usr/local/blender", IsTwoway = false }, variables!["blender"]);
        Assert.Equal(new ManagerVariable { Value = _storage, IsTwoway = false }, variables["jobs"]);
        Assert.Equal(new ManagerVariable { Value = "/render", IsTwoway = true }, variables["render"]);
        Assert.Equal(new ManagerVariable { Value = "-b -y", IsTwoway = false }, variables["blenderArgs"]);
    }

    [Fact]
    public async Task GetVariables_UnknownPlatform_OnlyThePlatformAllValues()
    {
        var body = await _client.GetStringAsync("/api/v3/configuration/variables/users/troll");

        var variables = JsonSerializer.Deserialize<Dictionary<string, ManagerVariable>>(body, ManagerAppFactory.Json)!;
        Assert.Equal(["blenderArgs", "jobs", "variable"], variables.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("null", body);
    }

    [Theory]
    [InlineData("variables")]
    [InlineData("shared-storage")]
    public async Task ConfigurationOperations_UnknownAudience_400NamingTheAllowedOnes(string operation)
    {
        var response = await _client.GetAsync($"/api/v3/configuration/{operation}/all/linux");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(ManagerAppFactory.Json);
        Assert.Equal(400, error!.Code);
        Assert.Contains("\"workers\", \"users\"", error.Message);
    }

    [Theory]
    [InlineData("users", "linux", null)]
    [InlineData("users", "windows", @"S:\flamenco")]
    [InlineData("workers", "windows", @"S:\flamenco")]
    [InlineData("users", "darwin", "/Volumes/flamenco")]
    [InlineData("workers", "darwin", null)]
    public async Task GetSharedStorage_MappedThroughTwoWayVariables(string audience, string platform, string? expected)
    {
        var location = await _client.GetFromJsonAsync<SharedStorageLocation>($"/api/v3/configuration/shared-storage/{audience}/{platform}", ManagerAppFactory.Json);

        Assert.Equal(new SharedStorageLocation { Location = expected ?? _storage, Audience = audience, Platform = platform, ShamanEnabled = false }, location);
    }

    [Fact]
    public async Task SubmitJob_TwoWayPaths_StoredAsVariables()
    {
        var job = await _factory.SubmitAsync(_client, BlenderJob("linux", "/render/jobs/sf/scene123.blend", "/render/frames/sf/Substituição/######",
            new Dictionary<string, string> { ["project"] = "/renderfarm/projects", ["frames"] = "/render/frames/exploding.kittens" }));

        var stored = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal("{render}/jobs/sf/scene123.blend", stored!.Settings!.Value.GetProperty("blendfile").GetString());
        Assert.Equal("{frames}/sf/Substituição/######", stored.Settings.Value.GetProperty("render_output_path").GetString());
        Assert.Equal(1, stored.Settings.Value.GetProperty("chunk_size").GetInt32());
        Assert.Equal("/renderfarm/projects", stored.Metadata!["project"]);
        Assert.Equal("{frames}/exploding.kittens", stored.Metadata["frames"]);
        Assert.Equal("blender-test", stored.Name);
    }

    [Fact]
    public async Task SubmitJob_WindowsSubmitter_ItsOwnValuesReplaced()
    {
        var job = await _factory.SubmitAsync(_client, BlenderJob("windows", @"r:\jobs\scene.blend", @"R:\frames\######"));

        var stored = await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json);
        Assert.Equal(@"{render}\jobs\scene.blend", stored!.Settings!.Value.GetProperty("blendfile").GetString());
    }

    [Fact]
    public async Task ScheduleTask_LinuxAndWindowsWorkers_CommandsExpandedForEach()
    {
        await _factory.SubmitAsync(_client, BlenderJob("linux", "/render/jobs/sf/scene.blend", "/render/out/sf/######"));
        var (_, linux) = _factory.AddAwakeWorker("linux-worker", "blender");
        var (_, windows) = _factory.AddAwakeWorker("windows-worker", "blender", platform: "windows");

        var linuxRender = Assert.Single(await AssignedCommandsAsync(linux)).Parameters;
        var windowsRender = Assert.Single(await AssignedCommandsAsync(windows)).Parameters;

        Assert.Equal("/usr/local/blender", linuxRender.GetProperty("exe").GetString());
        Assert.Equal("-b -y", linuxRender.GetProperty("exeArgs").GetString());
        Assert.Equal("/render/jobs/sf/scene.blend", linuxRender.GetProperty("blendfile").GetString());
        Assert.Contains("/render/out/sf/######", linuxRender.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(@"C:\Blender\blender.exe", windowsRender.GetProperty("exe").GetString());
        Assert.Equal("-b -y", windowsRender.GetProperty("exeArgs").GetString());
        Assert.Equal(@"R:\jobs\sf\scene.blend", windowsRender.GetProperty("blendfile").GetString());
        Assert.Contains(@"R:\out\sf\######", windowsRender.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task ScheduleTask_OneWayVariableInAMessage_Expanded()
    {
        await _factory.SubmitAsync(_client, JobsApiTests.EchoSleep("prefix-{variable}-suffix {unknown}", repeats: 0));
        var (_, worker) = _factory.AddAwakeWorker("дрон", "misc");

        var echo = Assert.Single(await AssignedCommandsAsync(worker));

        Assert.Equal("prefix-value-suffix {unknown}", echo.Parameters.GetProperty("message").GetString());
    }

    private static async Task<IReadOnlyList<Command>> AssignedCommandsAsync(HttpClient worker)
    {
        var response = await worker.PostAsync("/api/v3/worker/task", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!.Commands;
    }

    private static object BlenderJob(string platform, string blendfile, string output, Dictionary<string, string>? metadata = null) => new
    {
        name = "blender-test", type = "simple-blender-render", priority = 50, submitter_platform = platform, metadata = metadata ?? [],
        settings = new { blendfile, chunk_size = 1, format = "PNG", frames = "1-2", image_file_extension = ".png", render_output_path = output },
    };
}
