using System.Text.Json;
using Flamenco.Plugins.JobTypes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Runtime;

/// <summary>
/// The <c>job</c> object handed to <c>compileJob(job)</c>, and the conversion of what the script did to it into an
/// <see cref="AuthoredJob"/>.
/// </summary>
/// <remarks>
/// <para><c>settings</c> and <c>metadata</c> are plain JavaScript objects (settings parsed from JSON, so arrays are
/// real arrays and numbers are numbers); whatever they hold when <c>compileJob</c> returns becomes the job's
/// settings and metadata, as Flamenco's live maps do.</para>
/// <para><c>job.addTask(task)</c> takes a snapshot, as Flamenco's copy of the task struct does: its name, type,
/// priority, commands and dependencies as they are at that moment. Commands or dependencies added to the task
/// afterwards are lost. Dependencies are kept as references to the tasks and resolved to ids only at the end, so a
/// task may depend on one that is added to the job later.</para>
/// </remarks>
internal sealed class JobObject
{
    private readonly ScriptSession _session;
    private readonly ObjectInstance _job;
    private readonly JsArray _tasks;
    private readonly List<TaskSnapshot> _added = [];

    public JobObject(ScriptSession session, JobToCompile job)
    {
        _session = session;
        var engine = session.Engine;
        var settingsJson = job.Settings.ValueKind == JsonValueKind.Object ? job.Settings.GetRawText() : "{}";
        var metadata = new JsObject(engine);
        foreach (var (key, value) in job.Metadata) metadata.CreateDataProperty(key, new JsString(value));
        _tasks = new JsArray(engine);

        _job = ScriptGlobals.Object(engine,
            ("jobID", new JsString(job.Id.ToString("D"))),
            ("name", new JsString(job.Name)),
            ("jobType", new JsString(job.JobType)),
            ("priority", JsNumber.Create(job.Priority)),
            ("status", new JsString("under-construction")),
            ("created", new JsDate(engine, job.Created)),
            ("workerTagUUID", new JsString(job.WorkerTagId)),
            ("settings", new Jint.Native.Json.JsonParser(engine).Parse(settingsJson)),
            ("metadata", metadata),
            ("storage", ScriptGlobals.Object(engine, ("shamanCheckoutID", new JsString(job.ShamanCheckoutId)))),
            ("tasks", _tasks),
            ("addTask", ScriptGlobals.Function(engine, "addTask", (_, args) => AddTask(args.At(0)))));
    }

    public JsValue Value => _job;

    private JsValue AddTask(JsValue value)
    {
        if (value is not ObjectWrapper { Target: AuthorTask task })
        {
            throw new ArgumentException("job.addTask(task): task must be made with author.Task(name, type)");
        }
        _added.Add(new TaskSnapshot(task.UUID, task.Name, task.Type, task.Priority, [.. task.Commands], [.. task.Dependencies]));
        _tasks.Push(value);
        return JsValue.Undefined;
    }

    public AuthoredJob Finish()
    {
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var task in _added)
        {
            if (!Guid.TryParse(task.Uuid, out var id))
            {
                throw new JobTypeException($"task \"{task.Name}\" has an invalid uUID \"{task.Uuid}\"", _session.Source.FilePath);
            }
            if (!ids.TryAdd(task.Uuid, id))
            {
                throw new JobTypeException($"task \"{task.Name}\" was added to the job more than once (or shares its uUID with another task)", _session.Source.FilePath);
            }
        }

        var parameters = AllParameters();
        var next = 0;
        var tasks = new List<AuthoredTask>(_added.Count);
        foreach (var task in _added)
        {
            var commands = new AuthoredCommand[task.Commands.Length];
            for (var i = 0; i < commands.Length; i++)
            {
                var command = task.Commands[i];
                commands[i] = new AuthoredCommand { Name = command.Name, Parameters = parameters[next++], TotalStepCount = command.TotalStepCount };
            }
            var dependencies = new Guid[task.Dependencies.Length];
            for (var i = 0; i < dependencies.Length; i++)
            {
                // Resolved by the dependency's id now, as Flamenco does when storing the job.
                if (!ids.TryGetValue(task.Dependencies[i].UUID, out dependencies[i]))
                {
                    throw new JobTypeException("a task depends on a task that is not part of this job", _session.Source.FilePath);
                }
            }
            tasks.Add(new AuthoredTask
            {
                Id = ids[task.Uuid],
                Name = task.Name,
                Type = task.Type,
                Priority = task.Priority,
                Commands = commands,
                Dependencies = dependencies,
            });
        }

        return new AuthoredJob { Settings = Settings(), Metadata = Metadata(), Tasks = tasks };
    }

    /// <summary>
    /// Every command's parameters, parsed as one JSON document: one parse for the whole job instead of one per
    /// command (a 10,000-frame job has 10,000 commands).
    /// </summary>
    private List<JsonElement> AllParameters()
    {
        var length = 2L;
        foreach (var task in _added)
        {
            foreach (var command in task.Commands) length += command.ParametersJson.Length + 1;
        }
        var json = new byte[length];
        var position = 0;
        json[position++] = (byte)'[';
        foreach (var task in _added)
        {
            foreach (var command in task.Commands)
            {
                if (position > 1) json[position++] = (byte)',';
                command.ParametersJson.CopyTo(json, position);
                position += command.ParametersJson.Length;
            }
        }
        json[position++] = (byte)']';

        // Clone gives a document that owns no pooled buffers, so the parsed one can be disposed and the elements live on.
        using var document = JsonDocument.Parse(json.AsMemory(0, position));
        var root = document.RootElement.Clone();
        var elements = new List<JsonElement>(root.GetArrayLength());
        foreach (var element in root.EnumerateArray()) elements.Add(element);
        return elements;
    }

    private JsonElement Settings()
    {
        var settings = _job.Get("settings");
        if (settings is not ObjectInstance || settings.IsArray() || settings is Jint.Native.Function.Function)
        {
            throw new JobTypeException("job.settings must remain an object", _session.Source.FilePath);
        }
        var json = new Jint.Native.Json.JsonSerializer(_session.Engine).Serialize(settings);
        using var document = JsonDocument.Parse(json.AsString());
        return document.RootElement.Clone();
    }

    private Dictionary<string, string> Metadata()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_job.Get("metadata") is not ObjectInstance metadata) return result;
        foreach (var key in metadata.GetOwnPropertyKeys(Types.String))
        {
            if (!metadata.GetOwnProperty(key).Enumerable) continue;
            var value = metadata.Get(key);
            // Flamenco's metadata is a string map: anything else is stored as its string form.
            if (!value.IsNullish()) result[key.AsString()] = TypeConverter.ToString(value);
        }
        return result;
    }

    private sealed record TaskSnapshot(string Uuid, string Name, string Type, int Priority, AuthorCommand[] Commands, AuthorTask[] Dependencies);
}
