using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.JobCompilation;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Plugins;

/// <summary>
/// A job-compiler plugin replaced on a running Manager: new submissions compile with the new version at once, a
/// submission already compiling finishes on the old one, and the old version's load context is unloaded afterwards.
/// </summary>
public sealed class JobCompilerSwapTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("flamenco-swap-plugins-").FullName;

    [Fact]
    public async Task ReplacedJobCompiler_NewSubmissionsUseV2_InFlightOneFinishesOnV1_V1Unloaded()
    {
        TestPluginCompiler.Install(_plugins, "SwapTest", CompilerPlugin("1.0.0"));
        using var factory = new ManagerAppFactory { Settings = [("plugins_directory", _plugins)] };
        var client = factory.CreateClient();
        await File.WriteAllTextAsync(Path.Combine(factory.UserJobTypes, "swap.swaptest"), "one echo task, message from the compiler");
        var gate = Path.Combine(_plugins, "gate");
        var entered = Path.Combine(_plugins, "entered");

        var before = await factory.SubmitAsync(client, Swap("before the swap"));
        Assert.Equal("v1.0.0", await EchoMessageAsync(client, before));
        var v1Context = WeakLoadContextOfSwapJobType(factory);
        var inFlight = factory.SubmitAsync(client, Swap("in flight", new { gate, entered }));
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(entered)), "the in-flight compile to start");

        TestPluginCompiler.Install(_plugins, "SwapTest", CompilerPlugin("2.0.0"));
        await Eventually.TrueAsync(async () => await SwapPluginAsync(client) is { } plugin
            && (string?)plugin["version"] == "2.0.0" && (int)plugin["generation"]! == 2, "version 2.0.0 in GET /api/v3/plugins");
        var after = await factory.SubmitAsync(client, Swap("after the swap"));

        Assert.Equal("v2.0.0", await EchoMessageAsync(client, after));
        Assert.False(inFlight.IsCompleted, "the in-flight submission must still wait for its gate");
        Assert.True(v1Context.IsAlive, "v1 must stay loaded while a submission compiles with it");
        await File.WriteAllTextAsync(gate, "");
        var finished = await inFlight;
        Assert.Equal("v1.0.0", await EchoMessageAsync(client, finished));
        Assert.True(Unloads.WaitForCollection(v1Context), "v1's load context was not collected after its last submission finished");
    }

    [Fact]
    public async Task DeletedJobTypeFile_LeavesTheListing_AndItsCompilerIsToldToForgetIt()
    {
        TestPluginCompiler.Install(_plugins, "SwapTest", CompilerPlugin("1.0.0"));
        using var factory = new ManagerAppFactory { Settings = [("plugins_directory", _plugins)] };
        var client = factory.CreateClient();
        var file = Path.Combine(factory.UserJobTypes, "gone.swaptest");
        await File.WriteAllTextAsync(file, "a job type about to be deleted");
        Assert.Contains("gone", await JobTypeNamesAsync(client));

        File.Delete(file);

        Assert.DoesNotContain("gone", await JobTypeNamesAsync(client));
        Assert.Equal([file], await File.ReadAllLinesAsync(Path.Combine(factory.UserJobTypes, "forgotten.log")));
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);

    private static async Task<List<string>> JobTypeNamesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<AvailableJobTypes>("/api/v3/jobs/types", ManagerAppFactory.Json))!.JobTypes.Select(t => t.Name).ToList();

    private static object Swap(string name, object? settings = null) =>
        new { name, type = "swap", priority = 50, submitter_platform = "linux", settings = settings ?? new { } };

    private static async Task<string?> EchoMessageAsync(HttpClient client, Job job)
    {
        var tasks = await client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);
        var task = await client.GetFromJsonAsync<JobTaskDetails>($"/api/v3/tasks/{Assert.Single(tasks!.Tasks).Id}", ManagerAppFactory.Json);
        var command = Assert.Single(task!.Commands);
        Assert.Equal("echo", command.Name);
        return command.Parameters.GetProperty("message").GetString();
    }

    private static async Task<JsonNode?> SwapPluginAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("/api/v3/plugins"))!["plugins"]!.AsArray()
            .SingleOrDefault(p => (string?)p!["id"] == "test.swap");

    /// <summary>Outside the async test method, so no hoisted local keeps the job type (and with it v1) reachable.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakLoadContextOfSwapJobType(ManagerAppFactory factory)
    {
        using var jobTypes = factory.Services.GetRequiredService<JobTypeCatalog>().Current();
        return new WeakReference(AssemblyLoadContext.GetLoadContext(jobTypes.Find("swap")!.GetType().Assembly));
    }

    /// <summary>
    /// A compiler for <c>.swaptest</c> files: each job gets one echo task saying the plugin's version. With a <c>gate</c>
    /// setting, compiling creates the file named by <c>entered</c> and then waits until the gate file exists.
    /// The parameters are parsed, not serialized from an anonymous object: System.Text.Json's shared options cache
    /// metadata of every type they serialize, and a cached plugin type would keep v1 loaded for good.
    /// </summary>
    private static byte[] CompilerPlugin(string version)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Text.Json;
            using Flamenco.Plugins;
            using Flamenco.Plugins.JobTypes;

            [assembly: FlamencoPlugin("test.swap")]
            [assembly: System.Reflection.AssemblyInformationalVersion("{{version}}")]

            namespace SwapTest;

            public sealed class SwapCompiler : IJobCompiler
            {
                public IReadOnlyCollection<string> FileExtensions { get; } = new[] { ".swaptest" };

                public IJobType Load(JobTypeSource source) => new SwapJobType(source.Name);

                public void Forget(string filePath) => File.AppendAllText(Path.Combine(Path.GetDirectoryName(filePath)!, "forgotten.log"), filePath + "\n");
            }

            public sealed class SwapJobType(string name) : IJobType
            {
                public JobTypeInfo Info { get; } = JobTypeInfo.Create(name, "Swap test", null, Array.Empty<JobSettingDefinition>());

                public AuthoredJob Compile(JobToCompile job, JobCompileContext context)
                {
                    if (job.Settings.TryGetProperty("gate", out var gate))
                    {
                        File.WriteAllText(job.Settings.GetProperty("entered").GetString()!, "");
                        while (!File.Exists(gate.GetString()!)) context.CancellationToken.WaitHandle.WaitOne(20);
                    }
                    var echo = new AuthoredCommand { Name = "echo", Parameters = JsonDocument.Parse("{\"message\": \"v{{version}}\"}").RootElement.Clone() };
                    var task = new AuthoredTask { Id = Guid.NewGuid(), Name = "echo", Type = "misc", Commands = new[] { echo } };
                    return new AuthoredJob { Settings = job.Settings, Metadata = job.Metadata, Tasks = new[] { task } };
                }
            }
            """;
        return TestPluginCompiler.Compile($"SwapTest{version}", source);
    }
}
