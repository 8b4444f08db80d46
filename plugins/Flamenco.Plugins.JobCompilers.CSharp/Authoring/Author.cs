using System.Text.Json.Nodes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Authoring;

/// <summary>Makes tasks and commands: the C# form of JavaScript's <c>author</c> module.</summary>
public static class Author
{
    /// <summary>A new task; <paramref name="type"/> selects the workers that may run it (e.g. <c>blender</c>, <c>misc</c>).</summary>
    /// <exception cref="ArgumentException">The name or type is empty.</exception>
    /// <exception cref="JobTypes.JobTypeException">The job type already made as many tasks as a job may have (<c>max_tasks_per_job</c>).</exception>
    public static AuthorTask Task(string name, string type)
    {
        Running.RunScope.Current?.CountTask();
        return new(name, type);
    }

    /// <summary>
    /// A command for the worker. <paramref name="parameters"/> is an anonymous object, a dictionary or a
    /// <see cref="JsonObject"/>; it is turned into JSON now, so changing it later does not change the command.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter cannot be stored as JSON, or the parameters are not an object.</exception>
    public static AuthorCommand Command(string name, object? parameters = null, int totalStepCount = 0) =>
        new(name, JsonValues.ToNode(parameters, $"command \"{name}\" parameters") switch
        {
            null => [],
            JsonObject json => json,
            _ => throw new ArgumentException($"command \"{name}\" parameters must be an object, such as new {{ message = \"hi\" }}"),
        }, totalStepCount);
}

/// <summary>A task being authored. Only the state it has when passed to <see cref="Job.AddTask"/> counts.</summary>
public sealed class AuthorTask
{
    private readonly List<AuthorCommand> _commands = [];
    private readonly List<AuthorTask> _dependencies = [];

    internal AuthorTask(string name, string type)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        name = name.Trim();
        type = type.Trim();
        // No parameter names: these messages reach the submitter as they are.
        if (name.Length == 0) throw new ArgumentException("Author.Task(name, type): name is required");
        if (type.Length == 0) throw new ArgumentException("Author.Task(name, type): type is required");
        Name = name;
        Type = type;
    }

    /// <summary>
    /// The task's id. Version 7 (time-ordered), as the JavaScript compiler makes them: a job's tasks then sit
    /// together in the database's id index.
    /// </summary>
    public Guid Id { get; } = Guid.CreateVersion7();

    /// <summary>The task's name.</summary>
    public string Name { get; set; }

    /// <summary>The task type that selects the workers that may run it.</summary>
    public string Type { get; set; }

    /// <summary>Priority within the job, 0–100; Flamenco's default is 50.</summary>
    public int Priority { get; set; } = 50;

    /// <summary>The commands, in order.</summary>
    public IReadOnlyList<AuthorCommand> Commands => _commands;

    /// <summary>The tasks this one waits for.</summary>
    public IReadOnlyList<AuthorTask> Dependencies => _dependencies;

    /// <summary>Appends <paramref name="command"/> (commands are immutable, so sharing one between tasks is fine).</summary>
    public void AddCommand(AuthorCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands.Add(command);
    }

    /// <summary>Makes this task wait for <paramref name="task"/>, which must end up in the same job.</summary>
    public void AddDependency(AuthorTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _dependencies.Add(task);
    }

    /// <inheritdoc />
    public override string ToString() => $"Task {Name} ({Type})";
}

/// <summary>A command of a task: immutable, its parameters already JSON.</summary>
public sealed class AuthorCommand
{
    private readonly JsonObject _parameters;

    internal AuthorCommand(string name, JsonObject parameters, int totalStepCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _parameters = parameters;
        TotalStepCount = totalStepCount;
    }

    /// <summary>The worker command's name, e.g. <c>blender-render</c>.</summary>
    public string Name { get; }

    /// <summary>How many progress steps the command reports; 0 when it reports none.</summary>
    public int TotalStepCount { get; }

    /// <summary>A copy of the parameters, for reading (changing it does not change the command).</summary>
    public JsonObject Parameters => (JsonObject)_parameters.DeepClone();

    internal JsonObject ParametersJson => _parameters;

    /// <inheritdoc />
    public override string ToString() => $"Command {Name}";
}
