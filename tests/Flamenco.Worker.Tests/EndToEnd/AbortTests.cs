using System.Net.Http.Json;
using Flamenco.Testing;

namespace Flamenco.Worker.Tests.EndToEnd;

/// <summary>A job cancelled while its task runs: the Manager's "may not run" reaches the Worker, which kills everything the task started.</summary>
public sealed class AbortTests
{
    /// <summary>A job type of this test's own: one task running a shell script with the exec command.</summary>
    private const string ShellJobType = """
        const JOB_TYPE = {
            label: "Shell script (test)",
            settings: [{ key: "script", type: "string", required: true }],
        };

        function compileJob(job) {
            const task = author.Task("shell", "misc");
            task.addCommand(author.Command("exec", { exe: "/bin/sh", args: ["-c", job.settings.script] }));
            job.addTask(task);
        }
        """;

    [Fact]
    public async Task JobCancelledWhileItsTaskRuns_TheWorkerKillsTheTasksWholeProcessTree()
    {
        await using var manager = await StartManagerWithShellJobTypeAsync();
        var pidFile = Path.Combine(manager.DataFolder, "test-pids");
        await using var worker = WorkerProcess.Start(manager.BaseAddress, "abort-worker");
        using var http = new HttpClient { BaseAddress = manager.BaseAddress };
        using var farm = new FarmClient(manager.BaseAddress);

        var jobId = await SubmitAsync(farm, $"""
            echo $$ >> {pidFile}
            sleep 300 & echo $! >> {pidFile}
            sh -c 'sleep 300 & echo $! >> {pidFile}; wait' & echo $! >> {pidFile}
            wait
            """);
        var pids = await WaitForPidsAsync(pidFile, 4, () => EchoSleepJobTests.Diagnostics(manager, worker));
        Assert.All(pids, pid => Assert.True(Support.Processes.IsAlive(pid)));
        var cancel = await http.PostAsJsonAsync($"/api/v3/jobs/{jobId}/setstatus", new { status = "cancel-requested", reason = "test" });
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());

        await worker.WaitForOutputAsync("aborted", TimeSpan.FromSeconds(30));
        await Support.Clock.EventuallyAsync(() => pids.All(pid => !Support.Processes.IsAlive(pid)), TimeSpan.FromSeconds(10));
        Assert.False(worker.HasExited);
    }

    [Fact]
    public async Task JobDeletedWhileItsTaskRuns_TheWorkerStopsTheTask_AndTheJobIsGone()
    {
        await using var manager = await StartManagerWithShellJobTypeAsync();
        var pidFile = Path.Combine(manager.DataFolder, "test-pids");
        await using var worker = WorkerProcess.Start(manager.BaseAddress, "deletion-worker");
        using var http = new HttpClient { BaseAddress = manager.BaseAddress };
        using var farm = new FarmClient(manager.BaseAddress);

        var jobId = await SubmitAsync(farm, $"sleep 300 & echo $! >> {pidFile}; echo $$ >> {pidFile}; wait");
        var pids = await WaitForPidsAsync(pidFile, 2, () => EchoSleepJobTests.Diagnostics(manager, worker));
        var delete = await http.DeleteAsync($"/api/v3/jobs/{jobId}");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, delete.StatusCode);

        await worker.WaitForOutputAsync("aborted", TimeSpan.FromSeconds(30));
        await Support.Clock.EventuallyAsync(() => pids.All(pid => !Support.Processes.IsAlive(pid)), TimeSpan.FromSeconds(10));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"/api/v3/jobs/{jobId}")).StatusCode);
        Assert.False(worker.HasExited);
    }

    [Fact]
    public async Task WorkerTerminatedWhileATaskRuns_KillsTheTasksProcessesSignsOffAndTheTaskIsRequeued()
    {
        await using var manager = await StartManagerWithShellJobTypeAsync();
        var pidFile = Path.Combine(manager.DataFolder, "test-pids");
        await using var worker = WorkerProcess.Start(manager.BaseAddress, "terminated-worker");
        using var farm = new FarmClient(manager.BaseAddress);

        var jobId = await SubmitAsync(farm, $"sleep 300 & echo $! >> {pidFile}; echo $$ >> {pidFile}; wait");
        var pids = await WaitForPidsAsync(pidFile, 2, () => EchoSleepJobTests.Diagnostics(manager, worker));
        worker.Terminate();

        Assert.Equal(1, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.All(pids, pid => Assert.False(Support.Processes.IsAlive(pid)));
        Assert.Equal(TaskStatus.Queued, (await farm.TasksAsync(jobId)).Single().Status);
        Assert.Contains("Signed off", worker.Output);
    }

    /// <summary>A Manager with this test's shell job type among its user job types.</summary>
    private static async Task<ManagerProcess> StartManagerWithShellJobTypeAsync()
    {
        var managerFolder = Directory.CreateTempSubdirectory("flamenco-manager-").FullName;
        Directory.CreateDirectory(Path.Combine(managerFolder, "flamenco-data", "jobtypes"));
        await File.WriteAllTextAsync(Path.Combine(managerFolder, "flamenco-data", "jobtypes", "shell-test.js"), ShellJobType);
        return await ManagerProcess.StartAsync(workingDirectory: managerFolder);
    }

    private static Task<string> SubmitAsync(FarmClient farm, string script) => farm.SubmitAsync("shell-test", "process tree", new { script });

    private static async Task<int[]> WaitForPidsAsync(string pidFile, int count, Func<string> diagnostics)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            var pids = File.Exists(pidFile) ? File.ReadAllLines(pidFile).Where(l => l.Length > 0).Select(int.Parse).ToArray() : [];
            if (pids.Length == count) return pids;
            if (Environment.TickCount64 > deadline) Assert.Fail($"the task's processes did not start{Environment.NewLine}{diagnostics()}");
            await Task.Delay(100);
        }
    }
}
