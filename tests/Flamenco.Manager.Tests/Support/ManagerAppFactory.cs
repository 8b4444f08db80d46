using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Workers;
using Flamenco.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Support;

/// <summary>The real Manager host on a temporary data folder, with the real plugins and shipped job types.</summary>
public sealed class ManagerAppFactory : WebApplicationFactory<Program>
{
    /// <summary>Extra configuration, as on the Manager's command line.</summary>
    public IReadOnlyList<(string Key, string Value)> Settings { get; init; } = [];

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("flamenco-manager-test-").FullName;

    public string UserJobTypes => Path.Combine(DataFolder, "jobtypes");

    /// <summary>This host's <c>flamenco-manager.yaml</c>: in its data folder, not in the shared working directory.</summary>
    public string ConfigFile => Path.Combine(DataFolder, "flamenco-manager.yaml");

    public static JsonSerializerOptions Json { get; } = CreateJsonOptions();

    /// <summary>
    /// Also load the Shaman storage plugin. Off by default: with it, Shaman is offered and <c>{jobs}</c> becomes the
    /// checkout folder.
    /// </summary>
    public bool WithShaman { get; init; }

    /// <summary>
    /// A plugin folder with only the JavaScript job compiler. With every built plugin, each of the many hosts of a test
    /// run would load its own Roslyn (the C# job compiler) to compile the shipped .csx job types: seconds of CPU per
    /// host, enough to starve parallel tests on two cores. The C# compiler has tests of its own.
    /// </summary>
    private static readonly Lazy<string> JavaScriptOnlyPlugins = new(() => PluginFolder("Flamenco.Plugins.JobCompilers.JavaScript"));

    private static readonly Lazy<string> JavaScriptAndShamanPlugins =
        new(() => PluginFolder("Flamenco.Plugins.JobCompilers.JavaScript", "Flamenco.Plugins.Storage.Shaman"));

    private static string PluginFolder(params string[] plugins)
    {
        var folder = Directory.CreateTempSubdirectory("flamenco-test-plugins-").FullName;
        foreach (var plugin in plugins)
        {
            Directory.CreateDirectory(Path.Combine(folder, plugin));
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Plugins, plugin))) File.Copy(file, Path.Combine(folder, plugin, Path.GetFileName(file)));
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data_folder", DataFolder);
        builder.UseSetting("config_file", ConfigFile);
        builder.UseSetting("plugins_directory", (WithShaman ? JavaScriptAndShamanPlugins : JavaScriptOnlyPlugins).Value);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public async Task<Job> SubmitAsync(HttpClient client, object submission)
    {
        var response = await client.PostAsJsonAsync("/api/v3/jobs", submission, Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"submission failed: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<Job>(body, Json)!;
    }

    /// <summary>
    /// An awake worker stored directly (registration is tested on its own) and a client that authenticates as it.
    /// </summary>
    public (Worker Worker, HttpClient Client) AddAwakeWorker(string name = "worker", string taskTypes = "misc,blender,ffmpeg", string platform = "linux")
    {
        var secret = Guid.NewGuid().ToString();
        var worker = new Worker
        {
            Id = Guid.CreateVersion7(), Name = name, SecretHash = WorkerSecrets.Hash(secret), Status = WorkerStatus.Awake,
            Platform = platform, Software = "test", SupportedTaskTypes = [.. taskTypes.Split(',')],
        };
        Services.GetRequiredService<IWorkerStore>().Add(worker);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{worker.Id}:{secret}")));
        return (worker, client);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonSetup.Configure(options);
        return options;
    }
}
