using Flamenco.Worker.Configuration;
using Flamenco.Worker.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Hosting;

/// <summary>From the command line to an exit code (reference §1.2, §1.8).</summary>
internal static class WorkerProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        WorkerCommandLine commandLine;
        try
        {
            commandLine = WorkerCommandLine.Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"flamenco-worker: {e.Message}{Environment.NewLine}{Environment.NewLine}{WorkerCommandLine.Usage}");
            return 2;
        }
        if (commandLine.ShowHelp)
        {
            Console.WriteLine(WorkerCommandLine.Usage);
            return 0;
        }
        if (commandLine.ShowVersion)
        {
            Console.WriteLine($"Flamenco Worker {WorkerVersion.SoftwareVersion}");
            return 0;
        }
        if (commandLine.FindManager)
        {
            await Console.Error.WriteLineAsync("flamenco-worker: finding the Manager on the network is not supported; set manager_url or use -manager");
            return 1;
        }

        var environment = WorkerConfiguration.ProcessEnvironment();
        Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
        WorkerSettings settings;
        try
        {
            configuration = WorkerConfiguration.Build(Directory.GetCurrentDirectory(), commandLine, environment);
            settings = WorkerConfiguration.Resolve(configuration, environment);
        }
        catch (Exception e) when (e is WorkerConfigurationException or InvalidDataException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"flamenco-worker: {(e.InnerException is { } inner ? $"{e.Message.TrimEnd('.')}: {inner.Message}" : e.Message)}");
            return 1;
        }

        using var host = WorkerHosting.CreateBuilder(commandLine, configuration, settings).Build();
        // Taken now: running the host disposes its services.
        var exit = host.Services.GetRequiredService<WorkerExit>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Flamenco.Worker");
        logger.LogInformation("Flamenco Worker {Version}: {Name} for Manager {Manager}, task types {TaskTypes}, home {Home}",
            WorkerVersion.SoftwareVersion, settings.Name, settings.ManagerAddress, string.Join(", ", settings.TaskTypes), settings.Home);
        host.Services.GetRequiredService<Processes.OomScoreAdjuster>().WarnIfUnsupported();
        try
        {
            await host.RunAsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogCritical("The worker cannot start: {Problem}", e.Message);
            return WorkerExit.Stopped;
        }
        return exit.Code;
    }
}
