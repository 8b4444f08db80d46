namespace Flamenco.Manager.Jobs;

/// <summary>A stored task. Its commands are kept as the JSON array sent to workers.</summary>
public sealed class JobTask
{
    public Guid Id { get; set; }
    public Guid JobId { get; set; }
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";

    /// <summary>1-based position in the job, in authoring order.</summary>
    public int IndexInJob { get; set; }

    public int Priority { get; set; }
    public TaskStatus Status { get; set; }
    public string Activity { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset Updated { get; set; }
    public string CommandsJson { get; set; } = "[]";
    public List<Guid> Dependencies { get; set; } = [];
    public Guid? WorkerId { get; set; }
    public DateTimeOffset? LastTouched { get; set; }
    public int StepsCompleted { get; set; }
    public int StepsTotal { get; set; }

    /// <summary>Workers that failed this task; cleared when someone requeues it.</summary>
    public List<Guid> FailedByWorkers { get; set; } = [];
}
