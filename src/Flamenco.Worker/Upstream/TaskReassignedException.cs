namespace Flamenco.Worker.Upstream;

/// <summary>
/// The Manager answered a task update with 409 (assigned to someone else), 404 (no such task) or 401/403 (not this
/// worker's to update): the task is no longer this worker's, so it must stop.
/// </summary>
internal sealed class TaskReassignedException(Guid taskId, string managerAnswer)
    : Exception($"task {taskId} is no longer assigned to this worker: {managerAnswer}");
