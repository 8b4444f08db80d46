using Flamenco.Api;
using Flamenco.Worker.Configuration;
using Flamenco.Worker.ManagerApi;
using Flamenco.Worker.Registration;
using Flamenco.Worker.Tasks;
using Flamenco.Worker.Upstream;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Lifecycle;

/// <summary>
/// The worker's life (reference §1.2, §1.8): sign on (registering when needed), deliver what is still queued, then
/// follow the Manager's status requests until it asks the worker to go, or the process is told to stop. On the way
/// out, a running task is aborted (its processes killed, nothing more reported), the queue gets one last delivery
/// and the worker signs off, so the Manager requeues its task at once instead of waiting for a time-out.
/// </summary>
internal sealed class WorkerService(
    WorkerRegistrar registrar, ICommandSource commands, UpstreamBuffer upstream, WorkerStateMachine states, ManagerClient manager, WorkerSettings settings,
    WorkerTimings timings, WorkerRunMode mode, WorkerExit exit, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<WorkerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var signedOn = false;
        using var stopFlushing = new CancellationTokenSource();
        var periodicFlush = Task.CompletedTask;
        try
        {
            using (var available = commands.Take())
            {
                var names = string.Join(", ", available.Names);
                if (names.Length > 0) logger.LogInformation("Commands this worker can run: {Commands}", names);
                else logger.LogWarning("No command plugins in {Directory}: every task will fail with \"unknown command\"", settings.PluginsDirectory);
            }
            var initial = await registrar.RegisterOrSignOnAsync(stoppingToken);
            signedOn = true;
            if (upstream.QueuedCount > 0)
            {
                logger.LogInformation("Delivering {Queued} task updates queued by an earlier run", upstream.QueuedCount);
                await upstream.FlushAsync(stoppingToken);
            }
            if (mode.FlushOnly)
            {
                exit.Code = upstream.QueuedCount == 0 ? 0 : WorkerExit.Stopped;
                return;
            }
            periodicFlush = upstream.KeepFlushingAsync(stopFlushing.Token);
            var last = await states.RunAsync(initial, stoppingToken);
            exit.Code = last == WorkerStatus.Restart ? settings.RestartExitCode : 0;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopping the worker");
            exit.Code = WorkerExit.Stopped;
        }
        catch (WorkerFatalException e)
        {
            logger.LogCritical("The worker cannot go on: {Problem}", e.Message);
            exit.Code = WorkerExit.Stopped;
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "The worker stopped on an unexpected error");
            exit.Code = WorkerExit.Stopped;
        }
        finally
        {
            await stopFlushing.CancelAsync();
            await periodicFlush;
            if (signedOn) await SignOffAsync();
            lifetime.StopApplication();
        }
    }

    private async Task SignOffAsync()
    {
        if (upstream.QueuedCount > 0)
        {
            using var flushLimit = new CancellationTokenSource(timings.FinalFlush, time);
            try
            {
                await upstream.FlushAsync(flushLimit.Token);
            }
            catch (OperationCanceledException)
            {
            }
            if (upstream.QueuedCount > 0) logger.LogWarning("{Queued} task updates stay queued for the next run", upstream.QueuedCount);
        }

        using var signOffLimit = new CancellationTokenSource(timings.SignOff, time);
        try
        {
            var answer = await manager.SignOffAsync(signOffLimit.Token);
            if (answer.Code is >= 200 and < 300) logger.LogInformation("Signed off at {Manager}", settings.ManagerAddress);
            else logger.LogWarning("The Manager did not take the sign-off: {Answer}", answer);
        }
        catch (Exception e) when (e is ManagerUnreachableException or OperationCanceledException)
        {
            logger.LogWarning("Cannot sign off at {Manager}: {Problem}", settings.ManagerAddress, e.Message);
        }
    }
}
