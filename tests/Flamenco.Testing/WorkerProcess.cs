using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Flamenco.Testing;

/// <summary>
/// A real Worker process for a Manager, with its own working directory and Flamenco home (credentials and queue), as
/// a user starts it: <c>flamenco-worker -manager URL</c>. Disposing kills it and everything it started.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsFolders;

    private WorkerProcess(Process process, string workingDirectory, string home, bool ownsFolders)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        Home = home;
        _ownsFolders = ownsFolders;
    }

    public string WorkingDirectory { get; }

    /// <summary>FLAMENCO_HOME: the credentials file and the upstream queue.</summary>
    public string Home { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// Starts the built Worker for <paramref name="manager"/> under <paramref name="name"/>, with
    /// <paramref name="arguments"/> after <c>-manager</c>. <paramref name="workingDirectory"/> (where
    /// <c>flamenco-worker.yaml</c> is read) and <paramref name="home"/> are new temporary folders unless given; given
    /// ones are kept on dispose, so a test can start a second worker on the same home.
    /// </summary>
    public static WorkerProcess Start(Uri manager, string name, IEnumerable<string>? arguments = null, string? workingDirectory = null, string? home = null)
    {
        var ownsFolders = workingDirectory is null && home is null;
        workingDirectory ??= Directory.CreateTempSubdirectory("flamenco-worker-").FullName;
        home ??= Path.Combine(workingDirectory, "home");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        // Only what this test says: FLAMENCO_* variables of the machine would override the worker's configuration.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("FLAMENCO_", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
        start.Environment["FLAMENCO_HOME"] = home;
        start.Environment["FLAMENCO_WORKER_NAME"] = name;
        foreach (var argument in (string[])[RepoPaths.WorkerDll, "-manager", manager.ToString(), .. arguments ?? []]) start.ArgumentList.Add(argument);

        var process = Process.Start(start)!;
        var worker = new WorkerProcess(process, workingDirectory, home, ownsFolders);
        process.OutputDataReceived += (_, e) => worker.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Asks the Worker to stop, as systemd or Ctrl+C would (SIGTERM).</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"cannot signal process {_process.Id}: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the Worker did not exit within {timeout}:{Environment.NewLine}{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Waits until the Worker printed <paramref name="text"/>, <paramref name="times"/> times.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, int times = 1)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Occurrences(Output, text) < times)
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"the Worker did not print \"{text}\" within {timeout}:{Environment.NewLine}{Output}");
            if (_process.HasExited) throw new InvalidOperationException($"the Worker exited with {_process.ExitCode} before printing \"{text}\":{Environment.NewLine}{Output}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (!_ownsFolders) return;
        try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
    }

    private static int Occurrences(string output, string text)
    {
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
