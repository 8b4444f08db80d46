using Flamenco.Plugins.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.PluginHost.Tests.Support;

/// <summary>A command context whose listener keeps the log lines a command sends.</summary>
internal sealed class RecordingCommandContext : ICommandContext, ICommandListener
{
    private readonly List<string> _lines = [];

    public TaskInfo Task { get; } = new(Guid.NewGuid(), Guid.NewGuid(), "linux");

    public ILogger Logger => NullLogger.Instance;

    public ICommandListener Listener => this;

    public IProcessRunner Processes => throw new NotSupportedException();

    public TimeProvider Time => TimeProvider.System;

    public string Output => string.Join("\n", _lines);

    public ValueTask LogAsync(string text, CancellationToken cancellationToken)
    {
        _lines.Add(text);
        return ValueTask.CompletedTask;
    }

    public ValueTask StepCompletedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OutputProducedAsync(string filePath, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Runs <paramref name="command"/> and returns what it logged. Synchronous, so no async frame keeps the command alive.</summary>
    public static string Run(IWorkerCommand command)
    {
        var context = new RecordingCommandContext();
        var invocation = new CommandInvocation { Name = command.Name, Parameters = default };
        command.ExecuteAsync(invocation, context, CancellationToken.None).GetAwaiter().GetResult();
        return context.Output;
    }
}
