namespace Flamenco.Worker.Upstream;

/// <summary>The Manager refused a task update for a reason other than reassignment; the message has its answer.</summary>
internal sealed class TaskUpdateRejectedException(string message) : Exception(message);
