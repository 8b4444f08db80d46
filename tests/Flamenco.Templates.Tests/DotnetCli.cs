using System.Diagnostics;
using System.Text;

namespace Flamenco.Templates.Tests;

/// <summary>The outcome of one <c>dotnet</c> command: its exit code and everything it printed, stdout and stderr interleaved.</summary>
public sealed record DotnetResult(string CommandLine, int ExitCode, string Output)
{
    public override string ToString() => $"$ {CommandLine}\n(exit code {ExitCode})\n{Output}";
}

/// <summary>Runs the <c>dotnet</c> CLI as a child process and captures its output, for tests that drive the SDK.</summary>
public static class DotnetCli
{
    /// <summary>After the process exited, how long its output may still take to arrive.</summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(10);

    /// <summary>The dotnet that runs these tests (set by the SDK for its child processes), else the one on the PATH.</summary>
    private static string DotnetExecutable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static async Task<DotnetResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetExecutable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // Under `dotnet test` the parent SDK exports MSBuild variables meant for its own build; the child SDK must
        // find its own. Node reuse would leave MSBuild nodes running after the build, holding the output pipes open.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var output = new StringBuilder();
        var stdoutClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        // Exited, not WaitForExitAsync: the latter also waits for the output pipes to close (see below).
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) => Append(e.Data, stdoutClosed);
        process.ErrorDataReceived += (_, e) => Append(e.Data, stderrClosed);

        var commandLine = "dotnet " + string.Join(' ', arguments);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) output.AppendLine($"[killed after {timeout.TotalSeconds:0} s]");
            return new DotnetResult(commandLine, -1, Snapshot());
        }

        // A build server started by the child may inherit its output pipes and keep them open: wait a little, not forever.
        try
        {
            await Task.WhenAll(stdoutClosed.Task, stderrClosed.Task).WaitAsync(OutputGrace);
        }
        catch (TimeoutException)
        {
            lock (output) output.AppendLine("[output still open after exit; shown as far as received]");
        }
        return new DotnetResult(commandLine, process.ExitCode, Snapshot());

        void Append(string? line, TaskCompletionSource closed)
        {
            if (line is null)
            {
                closed.TrySetResult();
                return;
            }
            lock (output) output.AppendLine(line);
        }

        string Snapshot()
        {
            lock (output) return output.ToString();
        }
    }
}
