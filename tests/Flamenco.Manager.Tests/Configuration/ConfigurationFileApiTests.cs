using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Hosting;
using Flamenco.Manager.Features.Configuration;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace Flamenco.Manager.Tests.Configuration;

/// <summary>GET and PUT /api/v3/configuration/file, each test on a Manager of its own (they write its configuration file).</summary>
public sealed class ConfigurationFileApiTests : IDisposable
{
    private readonly ManagerAppFactory _factory = new();
    private readonly HttpClient _client;

    public ConfigurationFileApiTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonObject> GetFileAsync() => JsonNode.Parse(await _client.GetStringAsync("/api/v3/configuration/file"))!.AsObject();

    private async Task<HttpResponseMessage> PutAsync(JsonObject document) => await _client.PutAsync("/api/v3/configuration/file", Json(document.ToJsonString()));

    [Fact]
    public async Task GetFile_AnswersTheEffectiveSettingsWithFlamencosKeys()
    {
        var document = await GetFileAsync();

        Assert.Equal(3, (int)document["_meta"]!["version"]!);
        Assert.Equal("Flamenco", (string)document["manager_name"]!);
        Assert.Equal(":8080", (string)document["listen"]!);
        Assert.Equal(_factory.DataFolder, (string)document["data_folder"]!);
        Assert.Equal("10m0s", (string)document["task_timeout"]!);
        Assert.Equal("1m0s", (string)document["worker_timeout"]!);
        Assert.Equal(3, (int)document["blocklist_threshold"]!);
        Assert.False((bool)document["local_worker"]!);
        Assert.Equal("24h0m0s", (string)document["shaman"]!["garbageCollect"]!["period"]!);
        Assert.Equal("744h0m0s", (string)document["shaman"]!["garbageCollect"]!["maxAge"]!);
        Assert.Empty(document["variables"]!.AsObject());
        Assert.Null(document["shortversion"]);
    }

    [Fact]
    public async Task GetFile_AcceptYaml_AnswersTheSameSettingsAsYaml()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/configuration/file");
        request.Headers.Accept.ParseAdd("application/yaml");

        var response = await _client.SendAsync(request);

        Assert.Equal("application/yaml", response.Content.Headers.ContentType!.MediaType);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(await response.Content.ReadAsStringAsync()));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal(":8080", root["listen"].ToString());
        Assert.Equal("10m0s", root["task_timeout"].ToString());
        Assert.Equal("24h0m0s", ((YamlMappingNode)((YamlMappingNode)root["shaman"])["garbageCollect"])["period"].ToString());
        Assert.Equal((await GetFileAsync()).Select(p => p.Key), root.Children.Keys.Select(k => k.ToString()));
    }

    [Fact]
    public async Task GetPutGet_IsIdentical_AndWritesTheFile()
    {
        var before = await _client.GetStringAsync("/api/v3/configuration/file");

        var put = await _client.PutAsync("/api/v3/configuration/file", Json(before));
        var after = await _client.GetStringAsync("/api/v3/configuration/file");

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(before, after);
        Assert.Contains("task_timeout: \"10m0s\"", await File.ReadAllTextAsync(_factory.ConfigFile));
    }

    [Fact]
    public async Task Put_RunTimeSettings_TakeEffectWithoutRestart_AndNeedNoRestart()
    {
        var document = await GetFileAsync();
        document["worker_timeout"] = "5s";
        document["manager_name"] = "Studio farm";
        document["variables"] = JsonNode.Parse("""{"render":{"is_twoway":true,"values":[{"platform":"linux","value":"/render"}]}}""");

        var response = await PutAsync(document);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(response.Headers.Contains("Flamenco-Restart-Needed"));
        var options = _factory.Services.GetRequiredService<IOptionsMonitor<ManagerOptions>>().CurrentValue;
        Assert.Equal(TimeSpan.FromSeconds(5), options.WorkerTimeout.Value);
        var version = await _client.GetFromJsonAsync<FlamencoVersion>("/api/v3/version", ManagerAppFactory.Json);
        Assert.Equal("Studio farm", version!.Name);
        var variables = JsonNode.Parse(await _client.GetStringAsync("/api/v3/configuration/variables/workers/linux"))!;
        Assert.Equal("/render", (string)variables["render"]!["value"]!);
    }

    [Fact]
    public async Task Put_StartOnlySettings_AreReportedAsNeedingARestart()
    {
        var document = await GetFileAsync();
        document["listen"] = "127.0.0.1:9123";
        document["shaman"]!["enabled"] = false;
        document["task_timeout"] = "20m";

        var response = await PutAsync(document);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("listen, shaman.enabled", string.Join(", ", response.Headers.GetValues("Flamenco-Restart-Needed")));
        Assert.Equal("127.0.0.1:9123", (string)(await GetFileAsync())["listen"]!);
    }

    [Fact]
    public async Task Put_Twice_KeepsThePreviousFileAsBackup_AndNoTemporaryFile()
    {
        var document = await GetFileAsync();
        document["manager_name"] = "first";
        await PutAsync(document);
        var first = await File.ReadAllBytesAsync(_factory.ConfigFile);
        document["manager_name"] = "second";

        await PutAsync(document);

        Assert.Equal(first, await File.ReadAllBytesAsync(_factory.ConfigFile + ".bak"));
        Assert.Contains("manager_name: \"second\"", await File.ReadAllTextAsync(_factory.ConfigFile));
        Assert.False(File.Exists(_factory.ConfigFile + "~"));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_factory.ConfigFile));
    }

    [Theory]
    [InlineData("worker_timeout", "5", "worker_timeout: must be a duration")]
    [InlineData("task_timeout", "\"10 minutes\"", "task_timeout: \"10 minutes\" is not a duration")]
    [InlineData("task_timeout", "\"10y\"", "task_timeout: \"10y\" is not a duration: unknown unit")]
    [InlineData("task_timeout", "\"-1m\"", "task_timeout: must not be negative")]
    [InlineData("local_worker", "\"yes\"", "local_worker: must be true or false, got the string \"yes\"")]
    [InlineData("blocklist_threshold", "\"3\"", "blocklist_threshold: must be a whole number, got the string \"3\"")]
    [InlineData("blocklist_threshold", "1.5", "blocklist_threshold: must be a whole number")]
    [InlineData("blocklist_threshold", "0", "blocklist_threshold: must be at least 1")]
    [InlineData("manager_name", "null", "manager_name: must be a string, got null")]
    [InlineData("manager_name", "\"\"", "manager_name: must not be empty")]
    [InlineData("listen", "\"localhost\"", "listen: \"localhost\" has no port")]
    [InlineData("listen", "\":99999\"", "listen: \":99999\"")]
    [InlineData("listen", "\"::/x y\"", "listen: ")]
    [InlineData("colour", "\"blue\"", "colour: unknown setting")]
    [InlineData("log_level", "\"loud\"", "log_level: unknown level \"loud\"")]
    [InlineData("max_tasks_per_job", "0", "max_tasks_per_job: must be at least 1")]
    [InlineData("max_request_body_size", "0", "max_request_body_size: must be at least 1")]
    [InlineData("shaman", "{\"enable\":true}", "shaman.enable: unknown setting")]
    [InlineData("shaman", "true", "shaman: must be an object")]
    [InlineData("variables", "[]", "variables: must be an object")]
    [InlineData("variables", "{\"x\":{\"values\":[{\"platform\":\"linux\",\"audience\":\"everyone\",\"value\":\"v\"}]}}", "variables: \"x\" has a value for audience \"everyone\"")]
    [InlineData("variables", "{\"x\":{\"values\":[{\"value\":\"v\"}]}}", "variables.x.values[0]: needs a platform")]
    [InlineData("variables", "{\"x\":{\"values\":[{\"platform\":\"linux\",\"value\":3}]}}", "variables.x.values[0].value: must be a string")]
    [InlineData("variables", "{\"a:b\":{\"values\":[]}}", "variables: \"a:b\" is not a usable name")]
    [InlineData("_meta", "{\"version\":2}", "_meta: must be {\"version\": 3}")]
    public async Task Put_BadSetting_Answers400NamingIt_AndWritesNothing(string key, string value, string expected)
    {
        var document = await GetFileAsync();
        document["manager_name"] = "saved before";
        await PutAsync(document);
        var saved = await File.ReadAllBytesAsync(_factory.ConfigFile);
        document[key] = JsonNode.Parse(value);

        var response = await PutAsync(document);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(ManagerAppFactory.Json);
        Assert.Equal(400, error!.Code);
        Assert.StartsWith(expected, error.Message);
        Assert.Equal(saved, await File.ReadAllBytesAsync(_factory.ConfigFile));
        Assert.False(File.Exists(_factory.ConfigFile + ".bak"));
        Assert.Equal("saved before", (string)(await GetFileAsync())["manager_name"]!);
    }

    [Theory]
    [InlineData("[]", "the configuration must be a JSON object, got a list")]
    [InlineData("\"text\"", "the configuration must be a JSON object")]
    [InlineData("{\"listen\":", "the request body is not valid JSON")]
    [InlineData("", "the request body is not valid JSON")]
    public async Task Put_NotAJsonObject_Answers400_AndWritesNothing(string body, string expected)
    {
        var response = await _client.PutAsync("/api/v3/configuration/file", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(expected, (await response.Content.ReadFromJsonAsync<ApiError>(ManagerAppFactory.Json))!.Message);
        Assert.False(File.Exists(_factory.ConfigFile));
    }

    [Fact]
    public async Task Put_WrittenFile_IsWhatTheManagerReadsAtItsNextStart()
    {
        var document = await GetFileAsync();
        document["task_timeout"] = "1h30m";
        document["variables"] = JsonNode.Parse("""{"blender":{"values":[{"platform":"linux","value":"/opt/blender/blender"}]}}""");
        await PutAsync(document);

        // Read back as the Manager reads it when it starts.
        var reread = new ConfigurationBuilder().AddYamlFile(_factory.ConfigFile, optional: false).Build().Get<ManagerOptions>()!;

        Assert.Equal(TimeSpan.FromMinutes(90), reread.TaskTimeout.Value);
        Assert.Equal("/opt/blender/blender", reread.Variables["blender"].Values.Single().Value);
        Assert.Equal(_factory.DataFolder, reread.DataFolder);
        Assert.Equal(SettingsDocument.ToJson(_factory.Services.GetRequiredService<IOptionsMonitor<ManagerOptions>>().CurrentValue).ToJsonString(), SettingsDocument.ToJson(reread).ToJsonString());
    }
}
