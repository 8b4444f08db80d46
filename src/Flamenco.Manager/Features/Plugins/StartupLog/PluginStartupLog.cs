using Flamenco.Manager.JobCompilation;
using Flamenco.PluginHost;

namespace Flamenco.Manager.Features.Plugins.StartupLog;

/// <summary>
/// Writes the <c>GET /api/v3/plugins</c> listing to the log once the Manager has started, one line per plugin and per
/// job type, so whoever reads the log of a Manager that will not compile a job type sees why without asking the API.
/// </summary>
internal sealed class PluginStartupLog(
    IHostApplicationLifetime lifetime, IPluginCatalog plugins, JobTypeCatalog jobTypeCatalog, ILogger<PluginStartupLog> logger) : IHostedService
{
    // After every hosted service has started, the plugin host among them. Job types may still be compiling (seconds
    // with Roslyn when not cached): the log waits for them, off the startup path, so the Manager serves meanwhile.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(LogAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LogAsync()
    {
        PluginListing listing;
        try
        {
            await jobTypeCatalog.WaitUntilPreparedAsync(JobTypeCatalog.LookupWait);
            listing = PluginListing.Of(plugins, jobTypeCatalog);
        }
        catch (Exception e)
        {
            // Nothing awaits this task: an error must end up in the log, and must not stop the Manager.
            logger.LogError(e, "Cannot list the plugins and job types");
            return;
        }
        foreach (var plugin in listing.Plugins)
        {
            // Lower case, as the API spells the state.
            var state = plugin.State.ToString().ToLowerInvariant();
            if (plugin.Error is null)
            {
                logger.LogInformation("Plugin {PluginId} {Version}: {State} from {Directory}", plugin.Id, plugin.Version ?? "-", state, plugin.Directory);
            }
            else
            {
                logger.LogWarning("Plugin {PluginId} {Version}: {State} from {Directory}: {Error}", plugin.Id, plugin.Version ?? "-", state, plugin.Directory, plugin.Error);
            }
        }
        foreach (var jobType in listing.JobTypes)
        {
            if (jobType.Error is null)
            {
                logger.LogInformation("Job type {JobType}: {State} from {File} by {Compiler}", jobType.Name, jobType.State, jobType.File, jobType.Compiler);
            }
            else
            {
                logger.LogWarning("Job type {JobType}: {State} from {File} by {Compiler}: {Error}", jobType.Name, jobType.State, jobType.File, jobType.Compiler, jobType.Error);
            }
        }
    }
}
