namespace Flamenco.Manager.Jobs;

/// <summary>
/// How many of a job's tasks are in each status, kept on the job so a single task's status change can be rippled to
/// the job without reading all of its tasks (a job may have tens of thousands).
/// </summary>
public sealed class TaskStatusCounts
{
    public int Queued { get; set; }
    public int Active { get; set; }
    public int Completed { get; set; }
    public int Failed { get; set; }
    public int SoftFailed { get; set; }
    public int Canceled { get; set; }
    public int Paused { get; set; }

    public int Total => Queued + Active + Completed + Failed + SoftFailed + Canceled + Paused;

    public static TaskStatusCounts Of(IEnumerable<JobTask> tasks)
    {
        var counts = new TaskStatusCounts();
        foreach (var task in tasks) counts.Add(task.Status, 1);
        return counts;
    }

    public int Get(TaskStatus status) => status switch
    {
        TaskStatus.Queued => Queued,
        TaskStatus.Active => Active,
        TaskStatus.Completed => Completed,
        TaskStatus.Failed => Failed,
        TaskStatus.SoftFailed => SoftFailed,
        TaskStatus.Canceled => Canceled,
        TaskStatus.Paused => Paused,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public void Move(TaskStatus from, TaskStatus to)
    {
        if (from == to) return;
        Add(from, -1);
        Add(to, 1);
    }

    private void Add(TaskStatus status, int delta)
    {
        switch (status)
        {
            case TaskStatus.Queued: Queued += delta; break;
            case TaskStatus.Active: Active += delta; break;
            case TaskStatus.Completed: Completed += delta; break;
            case TaskStatus.Failed: Failed += delta; break;
            case TaskStatus.SoftFailed: SoftFailed += delta; break;
            case TaskStatus.Canceled: Canceled += delta; break;
            case TaskStatus.Paused: Paused += delta; break;
            default: throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
    }
}
