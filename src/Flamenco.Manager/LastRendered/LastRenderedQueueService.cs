namespace Flamenco.Manager.LastRendered;

/// <summary>Processes queued last-rendered images one at a time, for as long as the Manager runs.</summary>
public sealed class LastRenderedQueueService(LastRenderedProcessor processor, ILogger<LastRenderedQueueService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var image in processor.Queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    processor.Process(image);
                }
                catch (Exception e)
                {
                    // E.g. SkiaSharp's native library missing: report it, and keep serving the next image.
                    logger.LogError(e, "Processing the last-rendered image of job {Job} failed", image.JobId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
