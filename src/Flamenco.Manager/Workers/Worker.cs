using Flamenco.Api;

namespace Flamenco.Manager.Workers;

/// <summary>A registered worker. Its secret is kept only as a salted hash.</summary>
public sealed class Worker
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public string Address { get; set; } = "";
    public string Platform { get; set; } = "";
    public string Software { get; set; } = "";

    /// <summary>Null until the worker signs on for the first time.</summary>
    public WorkerStatus? Status { get; set; }

    /// <summary>A status the Manager asked the worker to go to, if any.</summary>
    public WorkerStatus? StatusRequested { get; set; }

    /// <summary>Whether the requested status may wait until the current task finishes.</summary>
    public bool LazyStatusRequest { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Task types the worker runs, lower-cased.</summary>
    public List<string> SupportedTaskTypes { get; set; } = [];

    public List<Guid> Tags { get; set; } = [];
    public bool CanRestart { get; set; }
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset Updated { get; set; }

    /// <summary>Set when the worker was deleted; it can no longer authenticate.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public SleepSchedule? SleepSchedule { get; set; }
}

/// <summary>When a worker should sleep (reference/manager.md §5.5).</summary>
public sealed class SleepSchedule
{
    public bool IsActive { get; set; }

    /// <summary>Space-separated two-letter lower-case day names; empty means every day.</summary>
    public string DaysOfWeek { get; set; } = "";

    /// <summary>Local "HH:MM", or empty.</summary>
    public string StartTime { get; set; } = "";

    /// <summary>Local "HH:MM", or empty.</summary>
    public string EndTime { get; set; } = "";

    public DateTimeOffset? NextCheck { get; set; }
}
