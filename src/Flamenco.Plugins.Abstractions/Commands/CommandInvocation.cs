using System.Text.Json;

namespace Flamenco.Plugins.Commands;

/// <summary>One command of a task as the Manager sent it, after variable expansion.</summary>
public sealed record CommandInvocation
{
    /// <summary>The command's name.</summary>
    public required string Name { get; init; }

    /// <summary>The command's parameters: a JSON object.</summary>
    public required JsonElement Parameters { get; init; }

    /// <summary>0-based position of the command within its task.</summary>
    public int Index { get; init; }
}

/// <summary>A command failed; the message becomes the task's failure reason.</summary>
public sealed class CommandException(string message, Exception? innerException = null) : Exception(message, innerException);
