using Flamenco.Manager.JobCompilation;
using Flamenco.PluginHost;

namespace Flamenco.Manager.Features.Plugins.StartupLog;

/// <summary>
/// Writes the <c>GET /api/v3/plugins</c> listing to the log once the Manager has started, one line per plugin and per
/// job type, so whoever reads the log of a Manager that will not compile a job type sees why without asking the API.
/// Job types may still be compiling then (seconds each with Roslyn when not cached): each one's line is written as soon
/// as it is ready or has failed.
/// </summary>
internal sealed class PluginStartupLog(
    IHostApplicationLifetime lifetime, IPluginCatalog plugins, JobTypeCatalog jobTypeCatalog, ILogger<PluginStartupLog> logger) : IHostedService
{
    // After every hosted service has started, the plugin host among them; off the startup path, so the Manager serves
    // meanwhile.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(Log, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Log()
    {
        try
        {
            foreach (var plugin in plugins.Plugins) LogPlugin(plugin);
            using var jobTypes = jobTypeCatalog.Current(TimeSpan.Zero);
            foreach (var problem in jobTypes.Problems) LogJobType(problem.Name, problem.FilePath, problem.CompilerPluginId, problem.Error);
            foreach (var ready in jobTypes.Loaded) LogJobType(ready.JobType.Info.Name, ready.FilePath, ready.CompilerPluginId, null);
            foreach (var file in jobTypes.Compiling)
            {
                file.Loading.ContinueWith(t => LogJobType(file.Name, file.FilePath, file.CompilerPluginId, t.Result.Error), TaskScheduler.Default);
            }
        }
        catch (Exception e)
        {
            // Nothing awaits this task: an error must end up in the log, and must not stop the Manager.
            logger.LogError(e, "Cannot list the plugins and job types");
        }
    }

    private void LogPlugin(PluginStatus plugin)
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

    private void LogJobType(string name, string file, string compiler, string? error)
    {
        if (error is null)
        {
            logger.LogInformation("Job type {JobType}: {State} from {File} by {Compiler}", name, "loaded", file, compiler);
        }
        else
        {
            logger.LogWarning("Job type {JobType}: {State} from {File} by {Compiler}: {Error}", name, "failed", file, compiler, error);
        }
    }
}
