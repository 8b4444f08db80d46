using Flamenco.Plugins.Authoring;
using Flamenco.Plugins.Commands;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Testing;

/// <summary>
/// An <see cref="ICommandContext"/> for unit tests: it records what a command sends to the Manager
/// (<see cref="Listener"/>), the programs it starts (<see cref="Processes"/>, which starts nothing) and what it writes
/// to the Worker's log (<see cref="Logger"/>).
/// </summary>
/// <example>
/// <code>
/// var context = new FakeCommandContext();
/// await new EchoCommand().RunAsync("""{"message": "hi"}""", context);
/// Assert.Equal(["echo: \"hi\""], context.Listener.Logs);
/// </code>
/// </example>
public sealed class FakeCommandContext : ICommandContext
{
    /// <summary>The task id Flamenco's own command tests use.</summary>
    public static readonly Guid DefaultTaskId = Guid.Parse("1d54c6fe-1242-4c8f-bd63-5a09e358d7b6");

    /// <summary>The job id of <see cref="DefaultTask"/>.</summary>
    public static readonly Guid DefaultJobId = Guid.Parse("e8e2a6b7-4c4d-4c4e-9d5f-0a1b2c3d4e5f");

    /// <summary>A task of <see cref="DefaultTaskId"/> on this machine's platform; use <c>with</c> to change it.</summary>
    public static TaskInfo DefaultTask { get; } = new(DefaultTaskId, DefaultJobId, HostPlatform.Name);

    /// <summary>The task the command runs for. Set its <see cref="TaskInfo.Platform"/> to test another platform's behaviour.</summary>
    public TaskInfo Task { get; init; } = DefaultTask;

    /// <summary>The clock; give it a fake clock (e.g. <c>FakeTimeProvider</c>) to test waiting without waiting.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Records the task log, progress steps and outputs.</summary>
    public RecordingCommandListener Listener { get; } = new();

    /// <summary>Records the programs the command starts, and plays the part of those programs.</summary>
    public RecordingProcessRunner Processes { get; } = new();

    /// <summary>Records the command's own (Worker-side) log entries.</summary>
    public RecordingLogger Logger { get; } = new();

    ICommandListener ICommandContext.Listener => Listener;

    IProcessRunner ICommandContext.Processes => Processes;

    ILogger ICommandContext.Logger => Logger;
}
