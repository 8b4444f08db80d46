using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Configuration;

/// <summary>POST /api/v3/configuration/setup-assistant and <c>isFirstRun</c>, each test on a Manager of its own.</summary>
public sealed class SetupAssistantApiTests : IDisposable
{
    private readonly ManagerAppFactory _factory = new();
    private readonly HttpClient _client;
    private readonly string _storage = Directory.CreateTempSubdirectory("flamenco-setup-storage-").FullName;

    public SetupAssistantApiTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_storage, recursive: true);
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync("/api/v3/configuration/setup-assistant", new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Blender(string source = "path_envvar", string input = "blender", string path = "/usr/bin/blender", bool usable = true) =>
        $$"""{"input":"{{input}}","path":"{{path}}","source":"{{source}}","is_usable":{{(usable ? "true" : "false")}},"cause":"Found Blender 3.4.1"}""";

    private async Task<bool> IsFirstRunAsync() =>
        (await _client.GetFromJsonAsync<ManagerConfiguration>("/api/v3/configuration", ManagerAppFactory.Json))!.IsFirstRun;

    [Theory]
    [InlineData("path_envvar", "blender", "/usr/bin/blender", "blender")]
    [InlineData("input_path", "/usr/bin/blender", "/usr/bin/blender", "/usr/bin/blender")]
    [InlineData("default", "", "", "blender")]
    [InlineData("input_path", "/opt/blender (4.2)/blender", "/opt/blender (4.2)/blender", "\"/opt/blender (4.2)/blender\"")]
    public async Task Save_WritesStorageAndBlenderVariables_AndEndsTheFirstRun(string source, string input, string path, string expectedBlender)
    {
        Assert.True(await IsFirstRunAsync());

        var response = await PostAsync($$"""{"storageLocation":"{{_storage}}","blenderExecutable":{{Blender(source, input, path)}}}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains("shared_storage_path", response.Headers.GetValues("Flamenco-Restart-Needed").Single());
        Assert.False(await IsFirstRunAsync());
        var saved = JsonNode.Parse(await _client.GetStringAsync("/api/v3/configuration/file"))!;
        Assert.Equal(_storage, (string)saved["shared_storage_path"]!);
        var blender = saved["variables"]!["blender"]!["values"]!.AsArray();
        Assert.Equal(["linux", "windows", "darwin"], blender.Select(v => (string)v!["platform"]!));
        Assert.All(blender, v => Assert.Equal(expectedBlender, (string)v!["value"]!));
        var variables = JsonNode.Parse(await _client.GetStringAsync("/api/v3/configuration/variables/workers/linux"))!;
        Assert.Equal(expectedBlender, (string)variables["blender"]!["value"]!);
        Assert.Equal("-b -y", (string)variables["blenderArgs"]!["value"]!);
        Assert.Contains($"shared_storage_path: \"{_storage}\"", await File.ReadAllTextAsync(_factory.ConfigFile));
    }

    [Theory]
    [InlineData("""{"blenderExecutable":BLENDER}""", "storageLocation: required")]
    [InlineData("""{"storageLocation":"","blenderExecutable":BLENDER}""", "storageLocation: required")]
    [InlineData("""{"storageLocation":"STORAGE"}""", "blenderExecutable: required")]
    [InlineData("""{"storageLocation":"relative/storage","blenderExecutable":BLENDER}""", "storageLocation: relative/storage cannot be the shared storage: the path must be absolute")]
    [InlineData("""{"storageLocation":"STORAGE/../STORAGE","blenderExecutable":BLENDER}""", "storageLocation: STORAGE/../STORAGE cannot be the shared storage: the path must not contain \"..\"")]
    [InlineData("""{"storageLocation":"STORAGE/missing","blenderExecutable":BLENDER}""", "storageLocation: STORAGE/missing cannot be the shared storage: the folder does not exist")]
    [InlineData("""{"storageLocation":"/usr","blenderExecutable":BLENDER}""", "storageLocation: /usr cannot be the shared storage: /usr is a system folder")]
    [InlineData("""{"storageLocation":"STORAGE","blenderExecutable":UNUSABLE}""", "blenderExecutable.is_usable: must be true")]
    [InlineData("""{"storageLocation":"STORAGE","blenderExecutable":NOPATH}""", "blenderExecutable.path: required for source input_path")]
    [InlineData("""{"storageLocation":"STORAGE","blenderExecutable":NOINPUT}""", "blenderExecutable.input: required for source path_envvar")]
    [InlineData("""{"storageLocation":"STORAGE","blenderExecutable":NOSOURCE}""", "blenderExecutable.source: expected one of")]
    [InlineData("""{"storageLocation":5,"blenderExecutable":BLENDER}""", "storageLocation: Cannot get the value of a token type")]
    public async Task Save_BadAnswers_Answer400_AndWriteNothing(string template, string expected)
    {
        var body = template.Replace("BLENDER", Blender()).Replace("UNUSABLE", Blender(usable: false))
            .Replace("NOPATH", Blender(source: "input_path", path: "")).Replace("NOINPUT", Blender(input: ""))
            .Replace("NOSOURCE", Blender(source: "somewhere")).Replace("STORAGE", _storage);

        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(ManagerAppFactory.Json);
        Assert.Equal(400, error!.Code);
        Assert.StartsWith(expected.Replace("STORAGE", _storage), error.Message);
        Assert.False(File.Exists(_factory.ConfigFile));
        Assert.True(await IsFirstRunAsync());
    }
}
