using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Testing;

/// <summary>An <see cref="ILogger"/> that keeps every entry, for asserting what a command wrote to the Worker's log. Thread-safe.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];

    /// <summary>Every entry, in order.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_lock) return [.. _entries];
        }
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var entry = new LogEntry(logLevel, formatter(state, exception), exception);
        lock (_lock) _entries.Add(entry);
    }
}

/// <summary>One entry of a <see cref="RecordingLogger"/>.</summary>
/// <param name="Level">Its level.</param>
/// <param name="Message">Its formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);
