using Flamenco.Plugins.Commands;
using Flamenco.PluginHost;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Tasks;

/// <summary>The commands one task runs with, by name. Disposing it lets a plugin updated meanwhile unload its old version.</summary>
internal sealed class CommandSet(IReadOnlyDictionary<string, IWorkerCommand> commands, IDisposable? lease = null) : IDisposable
{
    public IWorkerCommand? Find(string name) => commands.GetValueOrDefault(name);

    public IEnumerable<string> Names => commands.Keys.Order(StringComparer.Ordinal);

    public void Dispose() => lease?.Dispose();
}

/// <summary>Where a task gets its commands from.</summary>
internal interface ICommandSource
{
    /// <summary>The commands as they are now; they stay the same for the task even if plugins are reloaded meanwhile.</summary>
    CommandSet Take();
}

/// <summary>The command plugins: a lease per task, so a plugin update is picked up between tasks, never in the middle of one.</summary>
internal sealed class PluginCommandSource(IPluginCatalog plugins, ILogger<PluginCommandSource> logger) : ICommandSource
{
    public CommandSet Take()
    {
        var lease = plugins.Lease<IWorkerCommand>();
        var commands = new Dictionary<string, IWorkerCommand>(StringComparer.Ordinal);
        foreach (var extension in lease.Extensions)
        {
            if (!commands.TryAdd(extension.Instance.Name, extension.Instance))
            {
                logger.LogWarning("Plugin {Plugin} has a command {Command} that another plugin already provides; the first one is used",
                    extension.PluginId, extension.Instance.Name);
            }
        }
        return new CommandSet(commands, lease);
    }
}
