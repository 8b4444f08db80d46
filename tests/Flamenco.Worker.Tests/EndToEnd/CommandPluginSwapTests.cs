using Flamenco.Testing;

namespace Flamenco.Worker.Tests.EndToEnd;

/// <summary>
/// A running Worker process picks up a replaced command plugin and a new one between tasks, without a restart
/// (the plugin folder is watched; each task takes a lease on the commands loaded when it starts).
/// </summary>
public sealed class CommandPluginSwapTests
{
    private const string GreetJobType = """
        const JOB_TYPE = { label: "Greet", settings: [] };
        function compileJob(job) {
            const task = author.Task("greet", "misc");
            task.addCommand(author.Command("greet", {}));
            job.addTask(task);
        }
        """;

    private const string GreetAndWaveJobType = """
        const JOB_TYPE = { label: "Greet and wave", settings: [] };
        function compileJob(job) {
            const task = author.Task("greet-and-wave", "misc");
            task.addCommand(author.Command("greet", {}));
            task.addCommand(author.Command("wave", {}));
            job.addTask(task);
        }
        """;

    [Fact]
    public async Task ReplacedAndAddedCommandPlugins_UsedByTheNextTask_SameWorkerProcess()
    {
        var folder = Directory.CreateTempSubdirectory("flamenco-swap-").FullName;
        var managerFolder = Path.Combine(folder, "manager");
        var jobTypes = Path.Combine(managerFolder, "flamenco-data", "jobtypes");
        Directory.CreateDirectory(jobTypes);
        await File.WriteAllTextAsync(Path.Combine(jobTypes, "greet-test.js"), GreetJobType);
        await File.WriteAllTextAsync(Path.Combine(jobTypes, "greet-and-wave-test.js"), GreetAndWaveJobType);
        var plugins = Path.Combine(folder, "plugins");
        TestPluginCompiler.Install(plugins, "Greet", CommandPlugin("test.greet", "greet", "greeting from v1"));

        await using var manager = await ManagerProcess.StartAsync(workingDirectory: managerFolder);
        await using var worker = WorkerProcess.Start(manager.BaseAddress, "swap-worker", ["--plugins_directory", plugins]);
        using var farm = new FarmClient(manager.BaseAddress);

        var first = await farm.SubmitAsync("greet-test", "before the swap");
        await farm.WaitUntilCompletedAsync(first, TimeSpan.FromSeconds(90), () => EchoSleepJobTests.Diagnostics(manager, worker));
        Assert.Contains("greeting from v1", await LogOfOnlyTaskAsync(farm, first));

        TestPluginCompiler.Install(plugins, "Greet", CommandPlugin("test.greet", "greet", "greeting from v2"));
        TestPluginCompiler.Install(plugins, "Wave", CommandPlugin("test.wave", "wave", "waving from a new plugin"));
        await worker.WaitForOutputAsync("Plugin test.greet 1.0.0 loaded (generation 2)", TimeSpan.FromSeconds(30));
        await worker.WaitForOutputAsync("Plugin test.wave 1.0.0 loaded", TimeSpan.FromSeconds(30));

        var second = await farm.SubmitAsync("greet-and-wave-test", "after the swap");
        await farm.WaitUntilCompletedAsync(second, TimeSpan.FromSeconds(90), () => EchoSleepJobTests.Diagnostics(manager, worker));
        var log = await LogOfOnlyTaskAsync(farm, second);

        Assert.Contains("greeting from v2", log);
        Assert.DoesNotContain("greeting from v1", log);
        Assert.Contains("waving from a new plugin", log);
        Assert.False(worker.HasExited);
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private static async Task<string> LogOfOnlyTaskAsync(FarmClient farm, string jobId) =>
        await farm.LogAsync(Assert.Single(await farm.TasksAsync(jobId)).Id);

    private static byte[] CommandPlugin(string id, string command, string message)
    {
        var source = $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using Flamenco.Plugins;
            using Flamenco.Plugins.Commands;

            [assembly: FlamencoPlugin("{{id}}")]
            [assembly: System.Reflection.AssemblyInformationalVersion("1.0.0")]

            namespace SwapTest;

            public sealed class Command : IWorkerCommand
            {
                public string Name => "{{command}}";

                public async Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken) =>
                    await context.Listener.LogAsync("{{message}}", cancellationToken);
            }
            """;
        return TestPluginCompiler.Compile(id, source);
    }
}
