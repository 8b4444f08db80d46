using System.Diagnostics;
using Flamenco.Manager.Hosting;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.LocalWorker;

/// <summary>
/// With <c>local_worker: true</c>, the Manager runs a Worker beside itself (the one built into its <c>worker/</c>
/// folder), so a single command gives a farm that renders. The Worker is an ordinary worker process: it registers
/// over HTTP like any other, keeps its credentials and queue in <c>local-worker/</c> in the data folder (where a
/// <c>flamenco-worker.yaml</c> may configure it), and its output goes to the Manager's log. It is started again when
/// it stops on its own (a restart request, a crash) and asked to stop (SIGTERM, so it signs off) when the Manager stops.
/// </summary>
public sealed class LocalWorkerService(
    IOptions<ManagerOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<LocalWorkerService> logger) : BackgroundService
{
    /// <summary>How long a stopping worker may take before it is killed: its final flush (5 s) and sign-off (3 s) fit.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Pause before starting a worker again that stopped by itself, so a broken setup does not spin.</summary>
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(5);

    public static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "worker", "flamenco-worker.dll");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.LocalWorker) return;
        if (!File.Exists(WorkerDll))
        {
            logger.LogError("local_worker is on, but there is no Worker at {Path}; build the solution first", WorkerDll);
            return;
        }
        if (!await StartedAsync(stoppingToken)) return;

        var home = Path.Combine(settings.DataFolderPath, "local-worker");
        Directory.CreateDirectory(home);
        var managerUrl = LocalUrl(settings.Listen);
        while (!stoppingToken.IsCancellationRequested)
        {
            var exitCode = await RunOnceAsync(managerUrl, home, stoppingToken);
            if (stoppingToken.IsCancellationRequested) return;
            logger.LogWarning("The local worker stopped with exit code {ExitCode}; starting it again in {Delay} s", exitCode, RestartDelay.TotalSeconds);
            try
            {
                await Task.Delay(RestartDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The Manager's own address as seen from this machine: <c>:8080</c> becomes <c>http://127.0.0.1:8080</c>.</summary>
    public static string LocalUrl(string listen)
    {
        var url = new Uri(ManagerHosting.ListenUrl(listen));
        var host = url.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : url.Host;
        return $"{url.Scheme}://{host}:{url.Port}/";
    }

    private async Task<int> RunOnceAsync(string managerUrl, string home, CancellationToken stoppingToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = home,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The Manager's FLAMENCO_ settings are not the worker's: both read FLAMENCO_<KEY> (plugins_directory, say).
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("FLAMENCO_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        start.Environment["FLAMENCO_HOME"] = home;
        foreach (var argument in (string[])[WorkerDll, "-manager", managerUrl, "--worker_name", $"{Environment.MachineName}-local"]) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the local worker");
        logger.LogInformation("Local worker started (pid {Pid}) for {Manager}, home {Home}", process.Id, managerUrl, home);
        process.OutputDataReceived += (_, e) => Relay(e.Data);
        process.ErrorDataReceived += (_, e) => Relay(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await process.WaitForExitAsync(stoppingToken);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process);
            return 0;
        }
    }

    /// <summary>Asks the worker to sign off and exit (SIGTERM); kills it when it does not within <see cref="StopTimeout"/>.</summary>
    private async Task StopAsync(Process process)
    {
        if (process.HasExited) return;
        if (!OperatingSystem.IsWindows())
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            if (kill is not null) await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(StopTimeout, time);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            logger.LogInformation("Local worker stopped");
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The local worker did not stop within {Timeout} s; killing it", StopTimeout.TotalSeconds);
            process.Kill(entireProcessTree: true);
        }
    }

    private void Relay(string? line)
    {
        if (!string.IsNullOrEmpty(line)) logger.LogInformation("worker: {Line}", line);
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
