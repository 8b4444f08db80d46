using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Runtime;

/// <summary>
/// The <c>author</c> module: <c>author.Task(name, type)</c> and <c>author.Command(name, parameters, totalStepCount)</c>.
/// Tasks and commands are host objects; Jint maps their members with the first letter lower-cased, which gives
/// exactly Flamenco's names (<c>uUID</c>, <c>addCommand</c>, <c>totalStepCount</c>, …).
/// </summary>
internal static class AuthorModule
{
    public static JsValue Create(ScriptSession session)
    {
        var engine = session.Engine;
        var parameters = new ParameterWriter();
        return ScriptGlobals.Object(engine,
            ("Task", ScriptGlobals.Function(engine, "Task", (_, args) =>
            {
                session.CountTask();
                return JsValue.FromObject(engine, new AuthorTask(ScriptGlobals.StringArgument(args, 0), ScriptGlobals.StringArgument(args, 1)));
            })),
            ("Command", ScriptGlobals.Function(engine, "Command", (_, args) =>
            {
                var name = ScriptGlobals.StringArgument(args, 0);
                var json = parameters.Write(args.At(1));
                var steps = args.At(2).IsNullish() ? 0 : ScriptGlobals.IntegerArgument(args, 2);
                return JsValue.FromObject(engine, new AuthorCommand(engine, name, json, steps));
            })));
    }
}

/// <summary>
/// A task as a script builds it (Flamenco's <c>AuthoredTask</c>). All members are writable, as in Flamenco; only
/// the snapshot taken by <c>job.addTask</c> counts.
/// </summary>
internal sealed class AuthorTask
{
    internal AuthorTask(string name, string type)
    {
        name = name.Trim();
        type = type.Trim();
        // No parameter names: these messages reach the script (and the submitter) as they are.
        if (name.Length == 0) throw new ArgumentException("author.Task(name, type): name is required");
        if (type.Length == 0) throw new ArgumentException("author.Task(name, type): type is required");
        Name = name;
        Type = type;
    }

    /// <summary>
    /// The task's id, a lower-case UUID (<c>task.uUID</c> in scripts). Version 7 (time-ordered, still random where it
    /// matters) rather than Flamenco's version 4: a job's tasks then sit together in the database's id index, which
    /// makes storing a large job about a third faster.
    /// </summary>
    public string UUID { get; set; } = Guid.CreateVersion7().ToString("D");

    /// <summary>The task's name.</summary>
    public string Name { get; set; }

    /// <summary>The task type that selects the workers that may run it.</summary>
    public string Type { get; set; }

    /// <summary>Priority within the job; Flamenco's default is 50.</summary>
    public int Priority { get; set; } = 50;

    /// <summary>The commands, in order.</summary>
    public List<AuthorCommand> Commands { get; } = [];

    /// <summary>The tasks this one waits for.</summary>
    public List<AuthorTask> Dependencies { get; } = [];

    /// <summary>Appends a copy of <paramref name="command"/>: changing the command later does not change this task.</summary>
    public void AddCommand(AuthorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Commands.Add(command.Copy());
    }

    /// <summary>Makes this task wait for <paramref name="task"/>, which must end up in the same job.</summary>
    public void AddDependency(AuthorTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        Dependencies.Add(task);
    }

    /// <inheritdoc />
    public override string ToString() => $"Task {Name} ({Type})";
}

/// <summary>
/// A command as a script builds it (Flamenco's <c>AuthoredCommand</c>). Its parameters were converted to JSON when
/// the command was made, so later changes to the JavaScript object passed in do not reach the job.
/// </summary>
internal sealed class AuthorCommand
{
    private readonly Engine _engine;

    internal AuthorCommand(Engine engine, string name, byte[] parametersJson, int totalStepCount)
    {
        _engine = engine;
        Name = name;
        ParametersJson = parametersJson;
        TotalStepCount = totalStepCount;
    }

    /// <summary>The worker command's name.</summary>
    public string Name { get; set; }

    /// <summary>How many steps the command reports; 0 when it reports none.</summary>
    public int TotalStepCount { get; set; }

    /// <summary>A fresh JavaScript copy of the parameters, for reading (writes to it are not kept).</summary>
    public JsValue Parameters => new Jint.Native.Json.JsonParser(_engine).Parse(System.Text.Encoding.UTF8.GetString(ParametersJson));

    /// <summary>The parameters as compact UTF-8 JSON.</summary>
    internal byte[] ParametersJson { get; }

    internal AuthorCommand Copy() => new(_engine, Name, ParametersJson, TotalStepCount);

    /// <inheritdoc />
    public override string ToString() => $"Command {Name}";
}
