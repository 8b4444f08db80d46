namespace Flamenco.Manager.JobCompilation;

/// <summary>
/// Starts compiling every job type as the Manager starts, before it listens, and gives the compiles
/// <see cref="StartupWait"/> to finish: enough for job types a compiler loads from its cache (milliseconds each), so
/// after a restart the first listing already has them; a compile that takes longer goes on in the background, and the
/// Manager starts serving meanwhile.
/// </summary>
internal sealed class JobTypeWarmUp(JobTypeCatalog catalog, ILogger<JobTypeWarmUp> logger) : IHostedService
{
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await catalog.WaitUntilPreparedAsync(StartupWait))
        {
            logger.LogInformation("Job types still compiling after {Seconds} s; the Manager serves the others meanwhile", StartupWait.TotalSeconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
