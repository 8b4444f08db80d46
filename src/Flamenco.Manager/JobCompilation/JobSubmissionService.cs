using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Scheduling;
using Flamenco.Manager.Variables;
using Flamenco.Plugins.Authoring;
using Flamenco.Plugins.JobTypes;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.JobCompilation;

/// <summary>
/// Turns a submission into a stored job: checks it against its job type, compiles it, and stores the job with all
/// its tasks in one transaction. Anything wrong is answered with an <see cref="ApiError"/> and nothing is stored.
/// </summary>
public sealed class JobSubmissionService(
    JobTypeCatalog catalog,
    IJobStore store,
    SchedulingState scheduling,
    JobEvents events,
    TimeProvider time,
    ManagerVariables variables,
    IOptions<ManagerOptions> options,
    ILoggerFactory loggerFactory)
{
    /// <summary>Upstream's message for a stale etag; Flamenco's clients show their own text on the 412.</summary>
    public const string OutdatedEtagMessage = "rejecting job because its settings are outdated, refresh the job type";

    /// <summary>Compiles the submission and, when <paramref name="save"/> is set, stores it.</summary>
    public SubmissionOutcome Submit(SubmittedJob submission, bool save, CancellationToken cancellationToken)
    {
        using var jobTypes = catalog.Current();
        var jobType = jobTypes.Find(submission.Type!, JobTypeCatalog.LookupWait, cancellationToken);
        if (jobType is null && jobTypes.IsCompiling(submission.Type!))
        {
            return SubmissionOutcome.Failed(503, $"type: job type \"{submission.Type}\" is still compiling; try again shortly");
        }
        if (jobType is null)
        {
            var known = string.Join(", ", jobTypes.JobTypes.Select(t => $"\"{t.Info.Name}\""));
            return SubmissionOutcome.Failed(400, $"type: job type unknown: \"{submission.Type}\" (available: {known})");
        }
        if (!string.IsNullOrEmpty(submission.TypeEtag) && submission.TypeEtag != jobType.Info.Etag)
        {
            return SubmissionOutcome.Failed(412,
                $"{OutdatedEtagMessage} (job type \"{jobType.Info.Name}\" has etag \"{jobType.Info.Etag}\", the job has \"{submission.TypeEtag}\")");
        }

        var settings = submission.Settings ?? EmptyObject;
        if (SettingsProblem(jobType.Info, settings) is { } problem) return SubmissionOutcome.Failed(400, problem);

        Guid? workerTagId = null;
        if (!string.IsNullOrEmpty(submission.WorkerTag))
        {
            if (!Guid.TryParse(submission.WorkerTag, out var tagId))
            {
                return SubmissionOutcome.Failed(400, $"worker_tag: \"{submission.WorkerTag}\" is not a worker tag id (a UUID)");
            }
            if (store.FindWorkerTag(tagId) is null)
            {
                return SubmissionOutcome.Failed(400, $"worker_tag: no worker tag with id {tagId} exists");
            }
            workerTagId = tagId;
        }

        var now = time.GetUtcNow();
        var platform = submission.SubmitterPlatform == "manager" ? HostPlatform.Name : submission.SubmitterPlatform!;
        (settings, var metadata) = variables.ReplaceTwoWay(platform, settings, submission.Metadata);
        var toCompile = new JobToCompile
        {
            Id = Guid.CreateVersion7(), // time-ordered: see the task ids in the JavaScript compiler
            Name = submission.Name!,
            JobType = jobType.Info.Name,
            Priority = submission.Priority!.Value,
            Created = now,
            Settings = settings,
            Metadata = metadata,
            WorkerTagId = workerTagId?.ToString() ?? "",
            ShamanCheckoutId = submission.Storage?.ShamanCheckoutId ?? "",
            SubmitterPlatform = platform,
        };

        AuthoredJob authored;
        try
        {
            authored = jobType.Compile(toCompile, new JobCompileContext
            {
                Logger = loggerFactory.CreateLogger($"JobType.{jobType.Info.Name}"),
                MaxTasks = options.Value.MaxTasksPerJob,
                CancellationToken = cancellationToken,
            });
        }
        catch (JobTypeException e)
        {
            return SubmissionOutcome.Failed(400, $"job type \"{jobType.Info.Name}\" could not compile the job: {e.MessageWithLocation}");
        }

        // Compilers stop at the limit themselves; this holds for one that does not.
        if (authored.Tasks.Count > options.Value.MaxTasksPerJob)
        {
            return SubmissionOutcome.Failed(400,
                $"job type \"{jobType.Info.Name}\" made {authored.Tasks.Count:N0} tasks, more than the limit of {options.Value.MaxTasksPerJob:N0} tasks per job (max_tasks_per_job)");
        }

        var tasks = ToTasks(toCompile.Id, authored.Tasks, now, out var taskProblem);
        if (taskProblem is not null) return SubmissionOutcome.Failed(400, $"job type \"{jobType.Info.Name}\" made an invalid job: {taskProblem}");

        var job = new Jobs.Job
        {
            Id = toCompile.Id,
            Name = toCompile.Name,
            Type = toCompile.JobType,
            TypeEtag = string.IsNullOrEmpty(submission.TypeEtag) ? null : submission.TypeEtag,
            Priority = toCompile.Priority,
            Status = submission.InitialStatus ?? JobStatus.Queued,
            Created = now,
            Updated = now,
            SettingsJson = authored.Settings.GetRawText(),
            Metadata = new Dictionary<string, string>(authored.Metadata),
            SubmitterPlatform = platform,
            ShamanCheckoutId = string.IsNullOrEmpty(toCompile.ShamanCheckoutId) ? null : toCompile.ShamanCheckoutId,
            WorkerTagId = workerTagId,
            InitialStatus = submission.InitialStatus,
            StepsTotal = tasks.Sum(t => t.StepsTotal),
            TaskCounts = TaskStatusCounts.Of(tasks),
        };
        if (save)
        {
            // Stored and indexed under the scheduler's lock, so a poll never sees half of it.
            lock (scheduling.Lock)
            {
                store.Add(job, tasks);
                scheduling.Reindex(job, tasks);
            }
            events.JobChanged(job, null, false);
            loggerFactory.CreateLogger<JobSubmissionService>().LogInformation(
                "Job \"{JobName}\" ({JobId}) submitted: type {JobType}, priority {Priority}, {Tasks} tasks, {Status}",
                job.Name, job.Id, job.Type, job.Priority, tasks.Count, StatusNames.Of(job.Status));
        }
        return new SubmissionOutcome(job, tasks, null);
    }

    /// <summary>
    /// Flamenco does not check settings at all (manager.md §9.3 Q12). We check the type of every setting the job
    /// type declares and the submission carries, so a typo fails here and not on a worker hours later. Absent
    /// settings stay absent: job types decide what absence means, and Flamenco's add-on always sends every key.
    /// </summary>
    private static string? SettingsProblem(JobTypeInfo info, JsonElement settings)
    {
        foreach (var definition in info.Settings)
        {
            if (!settings.TryGetProperty(definition.Key, out var value) || value.ValueKind == JsonValueKind.Null) continue;
            var expected = definition.Type switch
            {
                "string" when value.ValueKind != JsonValueKind.String => "a string",
                "int32" when !IsInt32(value) => "a whole number (int32)",
                "float" when value.ValueKind != JsonValueKind.Number => "a number",
                "bool" when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "true or false",
                _ => null,
            };
            if (expected is not null) return $"settings.{definition.Key}: expected {expected}, got {value.GetRawText()}";
            if (definition.Choices is { Count: > 0 } choices && value.ValueKind == JsonValueKind.String && !choices.Contains(value.GetString()!))
            {
                return $"settings.{definition.Key}: expected one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}, got {value.GetRawText()}";
            }
        }
        return null;
    }

    private static bool IsInt32(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
        && (value.TryGetInt32(out _) || (value.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue));

    private static List<JobTask> ToTasks(Guid jobId, IReadOnlyList<AuthoredTask> authored, DateTimeOffset now, out string? problem)
    {
        problem = null;
        var ids = new HashSet<Guid>();
        foreach (var task in authored)
        {
            if (!ids.Add(task.Id)) { problem = $"two tasks have the same id {task.Id}"; return []; }
        }

        var tasks = new List<JobTask>(authored.Count);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var (task, index) in authored.Select((t, i) => (t, i)))
        {
            foreach (var dependency in task.Dependencies.Where(d => !ids.Contains(d)))
            {
                problem = $"task \"{task.Name}\" depends on a task that is not part of this job ({dependency})";
                return [];
            }
            tasks.Add(new JobTask
            {
                Id = task.Id,
                JobId = jobId,
                Name = task.Name,
                Type = task.Type,
                IndexInJob = index + 1,
                Priority = task.Priority,
                Status = TaskStatus.Queued,
                Created = now,
                Updated = now,
                CommandsJson = CommandsJson(task.Commands, buffer),
                Dependencies = [.. task.Dependencies],
                StepsTotal = task.Commands.Sum(c => Math.Max(1, c.TotalStepCount)),
            });
        }
        return tasks;
    }

    /// <summary>Commands in their wire form, stored as text and sent to workers as they are.</summary>
    private static string CommandsJson(IReadOnlyList<AuthoredCommand> commands, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var command in commands)
            {
                writer.WriteStartObject();
                writer.WriteString("name", command.Name);
                writer.WritePropertyName("parameters");
                command.Parameters.WriteTo(writer);
                writer.WriteNumber("total_step_count", command.TotalStepCount);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Keep non-ASCII text (job names, paths) readable in the stored JSON.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}

/// <summary>A compiled (and maybe stored) job, or why not.</summary>
public sealed record SubmissionOutcome(Jobs.Job? Job, IReadOnlyList<JobTask> Tasks, ApiError? Error)
{
    public static SubmissionOutcome Failed(int code, string message) => new(null, [], new ApiError(code, message));
}
