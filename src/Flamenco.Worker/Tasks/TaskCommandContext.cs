using Flamenco.Plugins.Commands;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Tasks;

/// <summary>What a command of one task gets from the worker.</summary>
internal sealed class TaskCommandContext(TaskInfo task, ILogger logger, ICommandListener listener, IProcessRunner processes, TimeProvider time)
    : ICommandContext
{
    public TaskInfo Task { get; } = task;

    public ILogger Logger { get; } = logger;

    public ICommandListener Listener { get; } = listener;

    public IProcessRunner Processes { get; } = processes;

    public TimeProvider Time { get; } = time;
}
