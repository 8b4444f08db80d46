using Flamenco.Api;
using Flamenco.Testing;

namespace Flamenco.Worker.Tests.EndToEnd;

/// <summary>How the Worker process ends (reference §1.8, T54) and re-registers (T53), against a real Manager.</summary>
// The worker's signals and file modes are POSIX ones.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WorkerLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ManagerProcess _manager = null!;
    private FarmClient _farm = null!;

    public async Task InitializeAsync()
    {
        _manager = await ManagerProcess.StartAsync();
        _farm = new FarmClient(_manager.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _farm.Dispose();
        await _manager.DisposeAsync();
    }

    [Fact]
    public async Task Terminated_SignsOffAndExitsWithOne()
    {
        await using var worker = WorkerProcess.Start(_manager.BaseAddress, "sigterm-worker");
        await _farm.WaitForWorkerAsync("sigterm-worker", WorkerStatus.Awake, Patience, () => worker.Output);

        worker.Terminate();

        Assert.Equal(1, await worker.WaitForExitAsync(Patience));
        Assert.Equal(WorkerStatus.Offline, (await _farm.WorkerAsync("sigterm-worker"))!.Status);
        Assert.Contains("Signed off", worker.Output);
    }

    [Theory]
    [InlineData(WorkerStatus.Offline, new string[0], 0)]
    [InlineData(WorkerStatus.Restart, new[] { "-restart-exit-code", "47" }, 47)]
    public async Task ManagerAsksToStop_ExitsWithTheMatchingCode(WorkerStatus requested, string[] arguments, int expectedExitCode)
    {
        var name = $"stop-{StatusNames.Of(requested)}-{expectedExitCode}";
        await using var worker = WorkerProcess.Start(_manager.BaseAddress, name, arguments);
        var registered = await _farm.WaitForWorkerAsync(name, WorkerStatus.Awake, Patience, () => worker.Output);

        await _farm.RequestStatusAsync(registered.Id, requested);

        Assert.Equal(expectedExitCode, await worker.WaitForExitAsync(Patience));
        Assert.Equal(WorkerStatus.Offline, (await _farm.WorkerAsync(name))!.Status);
    }

    [Fact]
    public async Task Flush_SignsOnDeliversSignsOffAndExitsWithZero()
    {
        await using var worker = WorkerProcess.Start(_manager.BaseAddress, "flush-worker", ["-flush"]);

        Assert.Equal(0, await worker.WaitForExitAsync(Patience));
        Assert.Equal(WorkerStatus.Offline, (await _farm.WorkerAsync("flush-worker"))!.Status);
        Assert.Contains("Signed off", worker.Output);
    }

    [Fact]
    public async Task Restarted_SignsOnWithTheStoredCredentials_AndRegistersAnewOnceTheManagerForgotIt()
    {
        var folder = Directory.CreateTempSubdirectory("flamenco-worker-").FullName;
        var home = Path.Combine(folder, "home");
        var credentials = Path.Combine(home, "flamenco-worker-credentials.yaml");
        try
        {
            var first = await RunUntilAwakeAsync(folder, home);
            var original = File.ReadAllText(credentials);

            var second = await RunUntilAwakeAsync(folder, home);
            await _farm.DeleteWorkerAsync(second.Id);
            var third = await RunUntilAwakeAsync(folder, home);

            Assert.Equal(first.Id, second.Id);
            Assert.NotEqual(second.Id, third.Id);
            Assert.Contains($"worker_id: {first.Id}", original);
            Assert.Contains($"worker_id: {third.Id}", File.ReadAllText(credentials));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentials));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Starts a worker on the given home, waits until it is awake, and stops it again.</summary>
    private async Task<WorkerSummary> RunUntilAwakeAsync(string folder, string home)
    {
        await using var worker = WorkerProcess.Start(_manager.BaseAddress, "returning-worker", workingDirectory: folder, home: home);
        var awake = await _farm.WaitForWorkerAsync("returning-worker", WorkerStatus.Awake, Patience, () => worker.Output);
        worker.Terminate();
        await worker.WaitForExitAsync(Patience);
        return awake;
    }
}
