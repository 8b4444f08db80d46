using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;
using Flamenco.PluginHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Flamenco.Testing;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests;

/// <summary>
/// The built plugin (artifacts/plugins) loads in the real plugin host the way the Manager loads it: from memory, in its
/// own load context, with Roslyn from its own folder.
/// </summary>
public sealed class PluginHostTests : IDisposable
{
    private readonly string _pluginsDirectory = Path.Combine(Path.GetTempPath(), "flamenco-csharp-jobcompiler-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task BuiltPlugin_LoadsInThePluginHost_AndCompilesAShippedJobType()
    {
        CopyDirectory(Path.Combine(RepoPaths.Root, "artifacts", "plugins", "Flamenco.Plugins.JobCompilers.CSharp"), Path.Combine(_pluginsDirectory, "Flamenco.Plugins.JobCompilers.CSharp"));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Plugins:Settings:flamenco.jobcompilers.csharp:TimeoutSeconds"] = "1",
        }).Build());
        services.AddLogging();
        services.AddFlamencoPlugins(o => o.Directory = _pluginsDirectory);
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted) await service.StartAsync(CancellationToken.None);
        try
        {
            var catalog = provider.GetRequiredService<IPluginCatalog>();
            var status = Assert.Single(catalog.Plugins);
            Assert.True(status.State == PluginState.Loaded, status.Error);
            Assert.Equal("flamenco.jobcompilers.csharp", status.Id);
            Assert.Equal(["IJobCompiler: CSharpJobCompiler"], status.Extensions);

            using var lease = catalog.Lease<IJobCompiler>();
            var compiler = Assert.Single(lease.Extensions).Instance;
            Assert.Equal([".csx"], compiler.FileExtensions);
            var jobType = compiler.Load(TestJobTypes.ShippedSource("echo-sleep-test-cs.csx"));
            var job = jobType.Compile(TestJobTypes.Job("""{"message": "hi", "sleep_duration_seconds": 1, "sleep_repeats": 2}"""), TestJobTypes.Context());
            Assert.Equal(["echo", "sleep", "sleep"], job.Tasks.Select(t => t.Name));

            // The limits come from the plugin's configuration section.
            var runaway = compiler.Load(TestJobTypes.Source(TestJobTypes.WithJobType("while (true) { }"), "runaway"));
            var error = Assert.Throws<JobTypeException>(() => runaway.Compile(TestJobTypes.Job(), TestJobTypes.Context()));
            Assert.Equal("job type runaway exceeded its time limit of 1 s", error.Message);
        }
        finally
        {
            foreach (var service in hosted) await service.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_pluginsDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
