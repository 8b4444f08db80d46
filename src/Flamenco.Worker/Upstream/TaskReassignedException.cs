namespace Flamenco.Worker.Upstream;

/// <summary>The Manager answered 409 to a task update: the task is no longer this worker's, so it must stop.</summary>
internal sealed class TaskReassignedException(Guid taskId, string managerMessage)
    : Exception($"task {taskId} is no longer assigned to this worker: {managerMessage}");
