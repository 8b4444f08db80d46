namespace Flamenco.Manager.JobCompilation;

/// <summary>
/// Starts preparing every job type as the Manager starts, and waits, before it listens, for those its compiler loads
/// quickly (JavaScript, and C# ones compiled before and cached), so the first listing after a restart has them all. A
/// C# job type compiled for the first time (seconds) finishes in the background while the Manager serves the others.
/// </summary>
internal sealed class JobTypeWarmUp(JobTypeCatalog catalog, ILogger<JobTypeWarmUp> logger) : IHostedService
{
    /// <summary>Quick loads take milliseconds; this bounds a start on a machine too busy for that.</summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var compiling = await catalog.PrepareAsync(StartupWait);
        if (compiling.Count > 0)
            logger.LogInformation("Job types still compiling, the Manager serves the others meanwhile: {JobTypes}", string.Join(", ", compiling));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
