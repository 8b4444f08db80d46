using System.Text.Json;
using System.Text.Json.Nodes;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Authoring;

/// <summary>
/// The submitted job that <c>CompileJob(Job job)</c> turns into tasks: the C# form of the JavaScript <c>job</c> object.
/// </summary>
/// <remarks>
/// <see cref="AddTask"/> takes a snapshot of the task, as Flamenco does: commands or dependencies added to the task
/// afterwards are lost. Dependencies are resolved when the compile ends, so a task may depend on one added later.
/// </remarks>
public sealed class Job
{
    private readonly List<AuthorTask> _tasks = [];
    private readonly List<TaskSnapshot> _snapshots = [];

    internal Job(JobToCompile job)
    {
        Id = job.Id;
        Name = job.Name;
        JobType = job.JobType;
        Priority = job.Priority;
        Created = job.Created;
        WorkerTagId = job.WorkerTagId;
        ShamanCheckoutId = job.ShamanCheckoutId;
        SubmitterPlatform = job.SubmitterPlatform;
        Settings = new JobSettings(job.Settings.ValueKind == JsonValueKind.Object ? JsonObject.Create(job.Settings)!.DeepClone().AsObject() : []);
        Metadata = new Dictionary<string, string>(job.Metadata, StringComparer.Ordinal);
    }

    /// <summary>The id the job will be stored under.</summary>
    public Guid Id { get; }

    /// <summary>The job's name as submitted.</summary>
    public string Name { get; }

    /// <summary>The job type's name.</summary>
    public string JobType { get; }

    /// <summary>Job priority, 0–100.</summary>
    public int Priority { get; }

    /// <summary>When compilation started, on the Manager's clock; see <c>FormatTimestampLocal</c>.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The worker tag id, or empty when any worker may run the job.</summary>
    public string WorkerTagId { get; }

    /// <summary>The Shaman checkout the job's files were uploaded to, or empty.</summary>
    public string ShamanCheckoutId { get; }

    /// <summary>The platform the job was submitted from (<c>linux</c>, <c>windows</c>, <c>darwin</c>), or empty.</summary>
    public string SubmitterPlatform { get; }

    /// <summary>The settings; changes are kept as the job's settings.</summary>
    public JobSettings Settings { get; }

    /// <summary>The metadata; changes are kept as the job's metadata.</summary>
    public IDictionary<string, string> Metadata { get; }

    /// <summary>The tasks added so far.</summary>
    public IReadOnlyList<AuthorTask> Tasks => _tasks;

    /// <summary>Adds a snapshot of <paramref name="task"/> to the job.</summary>
    /// <exception cref="ArgumentException">The task was already added.</exception>
    public void AddTask(AuthorTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (_tasks.Contains(task)) throw new ArgumentException($"task \"{task.Name}\" was added to the job more than once");
        _tasks.Add(task);
        _snapshots.Add(new TaskSnapshot(task.Id, task.Name, task.Type, task.Priority, [.. task.Commands], [.. task.Dependencies]));
    }

    internal AuthoredJob Finish()
    {
        var added = _tasks.Select(t => t.Id).ToHashSet();
        var tasks = new List<AuthoredTask>(_snapshots.Count);
        foreach (var task in _snapshots)
        {
            if (task.Dependencies.FirstOrDefault(d => !added.Contains(d.Id)) is { } missing)
            {
                throw new JobTypeException($"task \"{task.Name}\" depends on task \"{missing.Name}\", which is not part of this job");
            }
            tasks.Add(new AuthoredTask
            {
                Id = task.Id,
                Name = task.Name,
                Type = task.Type,
                Priority = task.Priority,
                Commands = [.. task.Commands.Select(c => new AuthoredCommand { Name = c.Name, Parameters = JsonValues.ToElement(c.ParametersJson), TotalStepCount = c.TotalStepCount })],
                Dependencies = [.. task.Dependencies.Select(d => d.Id)],
            });
        }
        return new AuthoredJob { Settings = Settings.ToElement(), Metadata = new Dictionary<string, string>(Metadata), Tasks = tasks };
    }

    private sealed record TaskSnapshot(Guid Id, string Name, string Type, int Priority, AuthorCommand[] Commands, AuthorTask[] Dependencies);
}
