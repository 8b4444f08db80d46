using System.Text.Json;
using Flamenco.Api;
using Flamenco.Plugins.Commands;
using Flamenco.Worker.Configuration;
using Flamenco.Worker.Lifecycle;
using Flamenco.Worker.Output;
using Flamenco.Worker.Processes;
using Flamenco.Worker.Registration;
using Flamenco.Worker.Tasks;
using Flamenco.Worker.Upstream;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Worker.Tests.Support;

/// <summary>The worker's parts wired as the host wires them, against a <see cref="FakeManager"/> on a fake clock.</summary>
internal sealed class WorkerRig : IDisposable
{
    public static readonly Guid TaskId = Guid.Parse("1d54c6fe-1242-4c8f-bd63-5a09e358d7b6");

    public static readonly Guid JobId = Guid.Parse("d1c3b6a9-4f7e-4e0a-9b1e-2f6c8a7d5e43");

    private readonly Dictionary<string, IWorkerCommand> _commands = new(StringComparer.Ordinal);

    public WorkerRig()
    {
        Home = Directory.CreateTempSubdirectory("flamenco-worker-rig-").FullName;
        Manager = new FakeManager(Time);
        Queue = new UpstreamQueue(new MemoryStream());
        Upstream = new UpstreamBuffer(Manager.Client, Queue, WorkerParts.Timings, Time, NullLogger<UpstreamBuffer>.Instance);
        Outputs = new OutputUploader(Manager.Client, NullLogger<OutputUploader>.Instance);
        var processes = new ProcessTreeRunner(new OomScoreAdjuster(null, NullLogger<OomScoreAdjuster>.Instance), TimeProvider.System, NullLogger<ProcessTreeRunner>.Instance);
        Executor = new TaskExecutor(new FixedCommands(_commands), Upstream, Outputs, processes, Time, NullLoggerFactory.Instance);
        Runner = new TaskRunner(Executor, new MayIRunMonitor(Manager.Client, WorkerParts.Timings, Time, NullLogger<MayIRunMonitor>.Instance), NullLogger<TaskRunner>.Instance);
        Settings = WorkerParts.Settings(Home);
        var registrar = new WorkerRegistrar(Manager.Client, Manager.Credentials, new CredentialsFile(Settings.CredentialsPath, Time), Settings,
            WorkerParts.Timings, Time, NullLogger<WorkerRegistrar>.Instance);
        Awake = new AwakeLoop(Manager.Client, Upstream, Runner, registrar, WorkerParts.Timings, new Jitter(), Time, NullLogger<AwakeLoop>.Instance);
        States = new WorkerStateMachine(Manager.Client, Awake, new AsleepLoop(Manager.Client, WorkerParts.Timings, Time, NullLogger<AsleepLoop>.Instance),
            NullLogger<WorkerStateMachine>.Instance);
    }

    public FakeTimeProvider Time { get; } = new();

    public string Home { get; }

    public FakeManager Manager { get; }

    public UpstreamQueue Queue { get; }

    public UpstreamBuffer Upstream { get; }

    public OutputUploader Outputs { get; }

    public TaskExecutor Executor { get; }

    public TaskRunner Runner { get; }

    public WorkerSettings Settings { get; }

    public AwakeLoop Awake { get; }

    public WorkerStateMachine States { get; }

    public static string TaskUpdatePath { get; } = $"/api/v3/worker/task/{TaskId}";

    /// <summary>The task updates the Manager received, as JSON bodies.</summary>
    public IEnumerable<string> TaskUpdates => Manager.To(TaskUpdatePath).Select(r => r.Body);

    public void AddCommand(string name, Func<CommandInvocation, ICommandContext, CancellationToken, Task> run) => _commands[name] = new TestCommand(name, run);

    public static AssignedTask Task(params (string Name, int TotalStepCount)[] commands) => new()
    {
        Uuid = TaskId.ToString(),
        Job = JobId.ToString(),
        Name = "test task",
        Status = TaskStatus.Queued,
        Priority = 50,
        JobPriority = 50,
        JobType = "test",
        TaskType = "misc",
        Commands = [.. commands.Select(c => new Command { Name = c.Name, Parameters = JsonDocument.Parse("{}").RootElement, TotalStepCount = c.TotalStepCount })],
        StepsCompleted = 0,
        StepsTotal = 0,
    };

    public static string AssignedTaskJson(params (string Name, int TotalStepCount)[] commands) =>
        JsonSerializer.Serialize(Task(commands), ManagerApi.ManagerJson.Options);

    public void Dispose()
    {
        Upstream.Dispose();
        Queue.Dispose();
        Outputs.Dispose();
        Directory.Delete(Home, recursive: true);
    }

    private sealed class FixedCommands(IReadOnlyDictionary<string, IWorkerCommand> commands) : ICommandSource
    {
        public CommandSet Take() => new(new Dictionary<string, IWorkerCommand>(commands));
    }

    private sealed class TestCommand(string name, Func<CommandInvocation, ICommandContext, CancellationToken, Task> run) : IWorkerCommand
    {
        public string Name => name;

        public Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken) =>
            run(invocation, context, cancellationToken);
    }
}
