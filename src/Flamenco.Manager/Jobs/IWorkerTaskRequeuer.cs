using Flamenco.Manager.Workers;

namespace Flamenco.Manager.Jobs;

/// <summary>Returns a worker's tasks to the pool when the worker signs off, changes status, times out or is deleted.</summary>
public interface IWorkerTaskRequeuer
{
    /// <summary>
    /// Every active task of <paramref name="worker"/> goes back to queued (or to paused when its job is pausing), with
    /// activity <c>Task was queued by Manager because &lt;reason&gt;</c>; the job status ripples as usual (§4.6).
    /// </summary>
    void RequeueActiveTasks(Worker worker, string reason);
}
