using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Persistence;

namespace Flamenco.Manager.Farm;

/// <summary>
/// Keeps the farm status (manager.md §5.6): <c>starting</c> until the first poll 1 s after start, then polled every
/// 30 s and right after any job or worker changes status; each change is published as <see cref="EventFarmStatus"/>.
/// </summary>
public sealed class FarmStatusService(IJobStore store, EventBus events, TimeProvider time, ILogger<FarmStatusService> logger) : BackgroundService
{
    public static readonly TimeSpan FirstPoll = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _statusChanged = new(0);
    private volatile FarmStatusReport _current = new() { Status = FarmStatus.Starting };

    public FarmStatusReport Current => _current;

    /// <summary>Computes the status now and publishes it when it changed.</summary>
    public FarmStatusReport Poll()
    {
        var report = new FarmStatusReport { Status = FarmStatusCalculator.Compute(store.WorkerStatuses(), store.JobStatuses) };
        var previous = _current;
        _current = report;
        if (report.Status != previous.Status)
        {
            logger.LogInformation("Farm status: {Status}", report.Status);
            events.Publish(new EventFarmStatus { Status = report.Status });
        }
        return report;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Status changes only wake the loop: they are published under the scheduler's lock, which a poll must not hold up.
        using var jobs = events.Subscribe<EventJobUpdate>(e => WakeIfChanged(e.PreviousStatus is { } p && p != e.Status));
        using var workers = events.Subscribe<EventWorkerUpdate>(e => WakeIfChanged(e.PreviousStatus is { } p && p != e.Status));
        try
        {
            await Task.Delay(FirstPoll, time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    Poll();
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Farm status poll failed");
                }
                using var interval = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var tick = Task.Delay(PollInterval, time, interval.Token);
                await Task.WhenAny(tick, _statusChanged.WaitAsync(interval.Token));
                await interval.CancelAsync();
                while (_statusChanged.CurrentCount > 0) await _statusChanged.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void WakeIfChanged(bool changed)
    {
        if (changed) _statusChanged.Release();
    }
}
