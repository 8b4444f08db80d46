using Flamenco.Plugins.Commands;

namespace Flamenco.Plugins.Testing;

/// <summary>
/// Records what a command reports to the Manager, in order. Like the Worker's listener it sends nothing once the task
/// is cancelled: a call with a cancelled token throws <see cref="OperationCanceledException"/>. Thread-safe.
/// </summary>
public sealed class RecordingCommandListener : ICommandListener
{
    private readonly Lock _lock = new();
    private readonly List<ListenerCall> _calls = [];

    /// <summary>Every call, in order.</summary>
    public IReadOnlyList<ListenerCall> Calls
    {
        get
        {
            lock (_lock) return [.. _calls];
        }
    }

    /// <summary>The text of each <see cref="ICommandListener.LogAsync"/> call, in order.</summary>
    public IReadOnlyList<string> Logs => [.. Calls.Where(c => c.Kind == ListenerCallKind.Log).Select(c => c.Text!)];

    /// <summary>
    /// The task log as lines: each logged text without its final line break, split at line breaks. A command that
    /// logs a program's output in chunks gives the same lines however the output was chunked.
    /// </summary>
    public IReadOnlyList<string> LogLines =>
        [.. Logs.SelectMany(text => (text.EndsWith('\n') ? text[..^1] : text).Split('\n'))];

    /// <summary>How many progress steps were reported.</summary>
    public int StepsCompleted => Calls.Count(c => c.Kind == ListenerCallKind.StepCompleted);

    /// <summary>The files reported as produced, in order.</summary>
    public IReadOnlyList<string> Outputs => [.. Calls.Where(c => c.Kind == ListenerCallKind.OutputProduced).Select(c => c.Text!)];

    /// <summary>
    /// When set, sees every call first: an exception it returns is thrown instead of recording the call, as the Worker
    /// throws when the Manager refuses an update. E.g. <c>call =&gt; call.Kind == ListenerCallKind.Log ? new IOException("refused") : null</c>.
    /// </summary>
    public Func<ListenerCall, Exception?>? Refuse { get; set; }

    /// <inheritdoc />
    public ValueTask LogAsync(string text, CancellationToken cancellationToken) =>
        Record(new ListenerCall(ListenerCallKind.Log, text), cancellationToken);

    /// <inheritdoc />
    public ValueTask StepCompletedAsync(CancellationToken cancellationToken) =>
        Record(new ListenerCall(ListenerCallKind.StepCompleted), cancellationToken);

    /// <inheritdoc />
    public ValueTask OutputProducedAsync(string filePath, CancellationToken cancellationToken) =>
        Record(new ListenerCall(ListenerCallKind.OutputProduced, filePath), cancellationToken);

    private ValueTask Record(ListenerCall call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Refuse?.Invoke(call) is { } refusal) throw refusal;
        lock (_lock) _calls.Add(call);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Which <see cref="ICommandListener"/> method was called.</summary>
public enum ListenerCallKind
{
    /// <summary><see cref="ICommandListener.LogAsync"/>.</summary>
    Log,

    /// <summary><see cref="ICommandListener.StepCompletedAsync"/>.</summary>
    StepCompleted,

    /// <summary><see cref="ICommandListener.OutputProducedAsync"/>.</summary>
    OutputProduced,
}

/// <summary>One call a command made to its listener.</summary>
/// <param name="Kind">The method called.</param>
/// <param name="Text">The log text or the produced file's path; null for a step.</param>
public sealed record ListenerCall(ListenerCallKind Kind, string? Text = null);
