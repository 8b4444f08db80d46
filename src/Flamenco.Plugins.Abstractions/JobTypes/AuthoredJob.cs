using System.Text.Json;

namespace Flamenco.Plugins.JobTypes;

/// <summary>What a job type made of a job: possibly changed settings and metadata, and the tasks to run.</summary>
public sealed record AuthoredJob
{
    /// <summary>The job's settings after compilation (job types may rewrite them): a JSON object.</summary>
    public required JsonElement Settings { get; init; }

    /// <summary>The job's metadata after compilation.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>The tasks, in authoring order.</summary>
    public required IReadOnlyList<AuthoredTask> Tasks { get; init; }
}

/// <summary>One task of an authored job.</summary>
public sealed record AuthoredTask
{
    /// <summary>The task's id; dependencies refer to it.</summary>
    public required Guid Id { get; init; }

    /// <summary>The task's name, e.g. <c>render-1-10</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The task type; only workers that support it run the task.</summary>
    public required string Type { get; init; }

    /// <summary>Task priority within the job, 0–100; Flamenco's default is 50.</summary>
    public int Priority { get; init; } = 50;

    /// <summary>The commands the worker runs, in order.</summary>
    public required IReadOnlyList<AuthoredCommand> Commands { get; init; }

    /// <summary>Ids of tasks of the same job that must complete before this one may run.</summary>
    public IReadOnlyList<Guid> Dependencies { get; init; } = [];
}

/// <summary>One command of a task.</summary>
public sealed record AuthoredCommand
{
    /// <summary>The worker command's name, e.g. <c>blender-render</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The command's parameters: a JSON object.</summary>
    public required JsonElement Parameters { get; init; }

    /// <summary>How many progress steps the command reports; 0 means it reports none (counted as one step).</summary>
    public int TotalStepCount { get; init; }
}
