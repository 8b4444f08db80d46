using Flamenco.Manager.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Tests.Scheduling;

/// <summary>reference/manager.md §5.4 and §8.8 cases 89–90, with a timeout counting as the worker's failure (Q15).</summary>
public sealed class TaskTimeoutTests : IDisposable
{
    private readonly SchedulingFixture _farm = new();

    private static (string, string, int, string[]) T(string name) => (name, "misc", 50, []);

    [Fact]
    public async Task TimeOutTasks_UntouchedTooLong_CountsAsFailureOfItsWorker()
    {
        var worker = _farm.AddWorker("Tester", "misc");
        _farm.AddWorker("other", "misc");
        var job = _farm.AddJob(50, T("a"), T("b"));
        var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;
        _farm.Time.Advance(TimeSpan.FromHours(1));

        var count = _farm.Scheduler.TimeOutTasks(_farm.Time.GetUtcNow() - TimeSpan.FromMinutes(10));

        var stored = _farm.Jobs.FindTask(task.Id)!;
        Assert.Equal(1, count);
        Assert.Equal(TaskStatus.SoftFailed, stored.Status);
        Assert.Equal($"Task timed out on worker Tester ({worker.Id})", stored.Activity);
        Assert.Contains(worker.Id, stored.FailedByWorkers);
        await _farm.TaskLogger.FlushAsync();
        Assert.Contains("Task timed out. It was assigned to worker Tester", _farm.TaskLogs.Tail(job.Id, task.Id));
        Assert.Equal("a", _farm.ScheduleName(_farm.Workers.ListWorkers().Single(w => w.Name == "other")));
    }

    [Fact]
    public void TimeOutTasks_TouchedRecently_Untouched()
    {
        var worker = _farm.AddWorker("Tester", "misc");
        _farm.AddJob(50, T("a"));
        var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;
        _farm.Time.Advance(TimeSpan.FromMinutes(9));
        _farm.Scheduler.MayKeepRunning(worker, task.Id);
        _farm.Time.Advance(TimeSpan.FromMinutes(9));

        Assert.Equal(0, _farm.Scheduler.TimeOutTasks(_farm.Time.GetUtcNow() - TimeSpan.FromMinutes(10)));
        Assert.Equal(TaskStatus.Active, _farm.Jobs.FindTask(task.Id)!.Status);
    }

    [Fact]
    public async Task Checker_FirstRoundAfterFiveMinutesThenEveryMinute()
    {
        var worker = _farm.AddWorker("Tester", "misc");
        _farm.AddWorker("other", "misc");
        _farm.AddJob(50, T("a"));
        var (_, task) = _farm.Scheduler.Schedule(worker)!.Value;
        _farm.Options.TaskTimeout = new Hosting.FlamencoDuration(TimeSpan.FromMinutes(2));
        var options = Substitute.For<IOptionsMonitor<Hosting.ManagerOptions>>();
        options.CurrentValue.Returns(_farm.Options);
        using var checker = new TaskTimeoutChecker(_farm.Scheduler, options, _farm.Time, NullLogger<TaskTimeoutChecker>.Instance);
        await checker.StartAsync(CancellationToken.None);
        await AdvanceAsync(TimeSpan.Zero); // BackgroundService starts its loop on the thread pool: let it set its first timer

        await AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(TaskStatus.Active, _farm.Jobs.FindTask(task.Id)!.Status);
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(TaskStatus.SoftFailed, _farm.Jobs.FindTask(task.Id)!.Status);

        await checker.StopAsync(CancellationToken.None);
    }

    private async Task AdvanceAsync(TimeSpan by)
    {
        _farm.Time.Advance(by);
        // Let the checker's continuation run on the thread pool.
        for (var i = 0; i < 50; i++) await Task.Delay(10);
    }

    public void Dispose() => _farm.Dispose();
}
