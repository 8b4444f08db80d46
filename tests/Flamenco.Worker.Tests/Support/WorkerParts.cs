using Flamenco.Worker.Configuration;
using Flamenco.Worker.Lifecycle;

namespace Flamenco.Worker.Tests.Support;

/// <summary>Settings and answers the unit tests share.</summary>
internal static class WorkerParts
{
    public static WorkerSettings Settings(string home, int restartExitCode = 0) => new()
    {
        ManagerAddress = new Uri("http://manager.test/prefix/"),
        Name = "test-worker",
        TaskTypes = ["misc", "blender"],
        RestartExitCode = restartExitCode,
        Home = home,
        PluginsDirectory = Path.Combine(home, "plugins"),
    };

    /// <summary>The protocol's waits, as the reference has them.</summary>
    public static WorkerTimings Timings { get; } = new();

    public static string RegisteredWorker(string id) =>
        $$"""{"uuid":"{{id}}","name":"test-worker","address":"127.0.0.1","status":"offline","platform":"linux","software":"","supported_task_types":["misc"]}""";

    public static string StatusRequested(string status) => $$"""{"status_requested":"{{status}}"}""";
}
