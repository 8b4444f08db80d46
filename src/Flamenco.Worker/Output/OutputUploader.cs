using System.Net;
using Flamenco.Worker.ManagerApi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Output;

/// <summary>
/// Sends the images commands produce to the Manager's last-rendered preview (reference §3.2), one at a time and only
/// the newest: while one uploads, every newer file replaces the one waiting. That is the only throttle; the Manager
/// answers 429 when it is busy, and a preview that does not arrive is not worth a retry.
/// </summary>
internal sealed class OutputUploader(ManagerClient manager, ILogger<OutputUploader> logger) : BackgroundService
{
    private readonly LastInOneOutQueue<ProducedOutput> _queue = new();

    public void Enqueue(Guid taskId, string path) => _queue.Enqueue(new ProducedOutput(taskId, path));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true) await UploadAsync(await _queue.TakeAsync(stoppingToken), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task UploadAsync(ProducedOutput output, CancellationToken cancellationToken)
    {
        byte[]? jpeg;
        string? problem;
        try
        {
            jpeg = JpegPreview.Convert(output.Path, out problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            (jpeg, problem) = (null, e.Message);
        }
        if (jpeg is null)
        {
            logger.LogInformation("Not sending {Path} as a preview: {Problem}", output.Path, problem);
            return;
        }

        try
        {
            var answer = await manager.OutputProducedAsync(output.TaskId, jpeg, cancellationToken);
            switch (answer.Status)
            {
                case HttpStatusCode.Accepted:
                    logger.LogDebug("Sent {Path} as a preview ({Bytes} bytes)", output.Path, jpeg.Length);
                    break;
                case HttpStatusCode.TooManyRequests:
                    logger.LogInformation("The Manager is busy with other previews; {Path} is skipped", output.Path);
                    break;
                default:
                    logger.LogWarning("The Manager did not take {Path} as a preview: {Answer}", output.Path, answer);
                    break;
            }
        }
        catch (ManagerUnreachableException e)
        {
            logger.LogWarning("Cannot send {Path} as a preview: {Problem}", output.Path, e.Message);
        }
    }
}

/// <summary>An image a task's command produced.</summary>
internal sealed record ProducedOutput(Guid TaskId, string Path);
