using Flamenco.Api;
using Flamenco.Testing;

namespace Flamenco.Worker.Tests.EndToEnd;

/// <summary>A real Manager and a real Worker, each in its own process, on loopback: what a farm does.</summary>
public sealed class EchoSleepJobTests
{
    [Fact]
    public async Task EchoSleepJob_OnARealWorker_CompletesWithTheCommandsLogs()
    {
        await using var manager = await ManagerProcess.StartAsync();
        await using var worker = WorkerProcess.Start(manager.BaseAddress, "e2e-worker");
        using var farm = new FarmClient(manager.BaseAddress);

        var jobId = await farm.SubmitEchoSleepAsync("hello", sleepSeconds: 1, sleepRepeats: 1);
        await farm.WaitUntilCompletedAsync(jobId, TimeSpan.FromSeconds(90), () => Diagnostics(manager, worker));

        var tasks = await farm.TasksAsync(jobId);
        var echo = tasks.Single(t => t.Name == "echo");
        var sleep = tasks.Single(t => t.Name == "sleep");
        Assert.All(tasks, t => Assert.Equal(TaskStatus.Completed, t.Status));
        Assert.Contains("echo: \"hello\"", await farm.LogTailAsync(echo.Id));
        Assert.Contains("echo: \"hello\"", await farm.LogAsync(echo.Id));
        Assert.Contains("slept 1s", await farm.LogTailAsync(sleep.Id));
        Assert.Contains("slept 1s", await farm.LogAsync(sleep.Id));
        Assert.Equal(WorkerStatus.Awake, (await farm.WorkerAsync("e2e-worker"))!.Status);
    }

    [Fact]
    public async Task ManagerDownForAMinuteDuringATask_TheQueuedUpdatesReachItWhenItIsBack()
    {
        var port = ManagerProcess.FreePort();
        var managerFolder = Directory.CreateTempSubdirectory("flamenco-manager-").FullName;
        await using var manager = await ManagerProcess.StartAsync(workingDirectory: managerFolder, port: port);
        await using var worker = WorkerProcess.Start(manager.BaseAddress, "outage-worker");
        using var farm = new FarmClient(manager.BaseAddress);
        var jobId = await farm.SubmitEchoSleepAsync("before the outage", sleepSeconds: 6, sleepRepeats: 1);

        await worker.WaitForOutputAsync("running command 0 sleep", TimeSpan.FromSeconds(60));
        await manager.KillAsync();
        var stoppedAt = TimeProvider.System.GetUtcNow();
        // The echo task ended before; this is the sleep task, which ended with no Manager to tell.
        await worker.WaitForOutputAsync("ended: Completed", TimeSpan.FromSeconds(30), times: 2);
        // Back a minute after it went down, with the default worker timeout (one minute): the Manager's first
        // timeout round comes 5 minutes after its start, so the worker is not taken for dead.
        await Task.Delay(stoppedAt + TimeSpan.FromMinutes(1) - TimeProvider.System.GetUtcNow());
        await using var restarted = await ManagerProcess.StartAsync(workingDirectory: managerFolder, port: port);
        await farm.WaitUntilCompletedAsync(jobId, TimeSpan.FromSeconds(90), () => Diagnostics(restarted, worker));

        var sleep = (await farm.TasksAsync(jobId)).Single(t => t.Name == "sleep");
        Assert.Contains("slept 6s", await farm.LogAsync(sleep.Id));
        Assert.True(worker.Output.Contains("Queued an update of task", StringComparison.Ordinal), Diagnostics(restarted, worker));
    }

    internal static string Diagnostics(ManagerProcess manager, WorkerProcess worker) =>
        $"--- Manager ---{Environment.NewLine}{manager.Output}{Environment.NewLine}--- Worker ---{Environment.NewLine}{worker.Output}";
}
