using Flamenco.Api;
using Flamenco.Plugins.Commands;
using Flamenco.Worker.Configuration;
using Flamenco.Worker.Output;
using Flamenco.Worker.Upstream;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Tasks;

/// <summary>
/// Runs a task's commands in order through the command plugins and reports to the Manager (reference §1.6):
/// started, a step after each command that does not count its own steps, then completed, or failed with the reason
/// of the first command that failed (the rest do not run). A cancelled task reports nothing more.
/// </summary>
internal sealed class TaskExecutor(
    ICommandSource commands, UpstreamBuffer upstream, OutputUploader outputs, IProcessRunner processes, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<TaskExecutor>();
    private readonly ILogger _commandLogger = loggers.CreateLogger("Flamenco.Worker.Commands");

    public async Task<TaskOutcome> ExecuteAsync(AssignedTask task, CancellationToken cancellationToken)
    {
        var taskId = Guid.Parse(task.Uuid);
        var listener = new TaskListener(taskId, upstream, outputs);
        var context = new TaskCommandContext(
            new TaskInfo(taskId, Guid.Parse(task.Job), WorkerSettings.Platform),
            _commandLogger, listener, processes, time);

        try
        {
            await listener.StartedAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (e is TaskReassignedException) return Reassigned(taskId, e);
            _logger.LogError("Not running task {Task}: sending 'task started' notification to manager: {Problem}", taskId, e.Message);
            return TaskOutcome.NotStarted;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return TaskOutcome.Aborted;
        }

        using var commandSet = commands.Take();
        for (var index = 0; index < task.Commands.Count; index++)
        {
            if (cancellationToken.IsCancellationRequested) return TaskOutcome.Aborted;
            var command = task.Commands[index];
            var failure = await RunCommandAsync(commandSet, command, index, context, cancellationToken);
            if (cancellationToken.IsCancellationRequested) return TaskOutcome.Aborted;
            if (failure is TaskReassignedException) return Reassigned(taskId, failure);
            if (failure is not null) return await FailAsync(listener, taskId, command, failure.Message, cancellationToken);

            // A command with steps of its own (a render with a step per frame) has reported them already.
            if (command.TotalStepCount > 0) continue;
            try
            {
                await listener.StepCompletedAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Task {Task}: could not report the step of command {Command}: {Problem}", taskId, command.Name, e.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return TaskOutcome.Aborted;
            }
        }

        try
        {
            await listener.CompletedAsync(cancellationToken);
        }
        catch (TaskReassignedException e)
        {
            return Reassigned(taskId, e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return TaskOutcome.Aborted;
        }
        return TaskOutcome.Completed;
    }

    /// <summary>Runs one command; returns what made it fail, or null.</summary>
    private async Task<Exception?> RunCommandAsync(CommandSet commandSet, Command command, int index, ICommandContext context, CancellationToken cancellationToken)
    {
        if (commandSet.Find(command.Name) is not { } implementation)
        {
            return new CommandException($"unknown command: \"{command.Name}\"");
        }
        _logger.LogInformation("Task {Task}: running command {Index} {Command}", context.Task.TaskId, index, command.Name);
        try
        {
            await implementation.ExecuteAsync(new CommandInvocation { Name = command.Name, Parameters = command.Parameters, Index = index }, context, cancellationToken);
            return null;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // Whatever the command made of being cancelled (a killed process, an interrupted sleep), it is an abort.
            _logger.LogDebug("Task {Task}: command {Command} stopped on cancellation: {Problem}", context.Task.TaskId, command.Name, e.Message);
            return null;
        }
        catch (Exception e)
        {
            if (e is not (CommandException or TaskReassignedException))
            {
                _logger.LogError(e, "Task {Task}: command {Command} failed unexpectedly", context.Task.TaskId, command.Name);
            }
            return e;
        }
    }

    private async Task<TaskOutcome> FailAsync(TaskListener listener, Guid taskId, Command command, string reason, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Task {Task} failed in command {Command}: {Reason}", taskId, command.Name, reason);
        try
        {
            await listener.FailedAsync(reason, cancellationToken);
        }
        catch (TaskReassignedException e)
        {
            return Reassigned(taskId, e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return TaskOutcome.Aborted;
        }
        catch (Exception e)
        {
            _logger.LogError("Task {Task}: could not tell the Manager it failed: {Problem}", taskId, e.Message);
        }
        return TaskOutcome.Failed;
    }

    private TaskOutcome Reassigned(Guid taskId, Exception reason)
    {
        _logger.LogWarning("Stopping task {Task}: {Reason}", taskId, reason.Message);
        return TaskOutcome.Reassigned;
    }
}
