using System.Net;
using Flamenco.Api;
using Flamenco.Worker.ManagerApi;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Lifecycle;

/// <summary>The sleeping worker (reference §1.4): asks every few seconds whether it should change status, and does nothing else.</summary>
internal sealed class AsleepLoop(ManagerClient manager, WorkerTimings timings, TimeProvider time, ILogger<AsleepLoop> logger)
{
    /// <summary>Polls until the Manager asks for a status, and returns it.</summary>
    public async Task<WorkerStatus> RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(timings.AsleepPoll, time, cancellationToken);
            try
            {
                var answer = await manager.RequestedStateAsync(cancellationToken);
                if (answer.Is(HttpStatusCode.OK)) return answer.Read<WorkerStateChange>().StatusRequested;
                if (!answer.Is(HttpStatusCode.NoContent)) logger.LogWarning("Asking the Manager for a status change: {Answer}", answer);
            }
            catch (Exception e) when (e is ManagerUnreachableException or ManagerProtocolException or System.Text.Json.JsonException)
            {
                logger.LogWarning("Asking the Manager for a status change: {Problem}", e.Message);
            }
        }
    }
}
