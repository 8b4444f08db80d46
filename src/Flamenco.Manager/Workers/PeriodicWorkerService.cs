namespace Flamenco.Manager.Workers;

/// <summary>
/// A background round that runs <see cref="FirstRound"/> after start, then every <see cref="Interval"/>, on the
/// injected <see cref="TimeProvider"/>. Rounds are due at fixed times counted from the start (the clock is read when
/// the host starts the service, not when the background loop gets going); rounds missed while one ran long are
/// skipped. A failing round is logged and the next one runs as planned.
/// </summary>
public abstract class PeriodicWorkerService(TimeProvider time, ILogger logger) : BackgroundService
{
    private DateTimeOffset _startedAt;

    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan FirstRound { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One round; public so tests can run one without waiting.</summary>
    public abstract void RunRound();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = Time.GetUtcNow();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var due = _startedAt + FirstRound;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = due - Time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, Time, stoppingToken);
                try
                {
                    RunRound();
                }
                catch (Exception e)
                {
                    logger.LogError(e, "{Service}: round failed; trying again in {Interval}", GetType().Name, Interval);
                }
                var now = Time.GetUtcNow();
                do due += Interval;
                while (due <= now);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
