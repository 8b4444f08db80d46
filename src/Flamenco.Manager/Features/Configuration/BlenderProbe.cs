using System.ComponentModel;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using Flamenco.Api;

namespace Flamenco.Manager.Features.Configuration;

/// <summary>
/// Finds and checks Blender the way Flamenco's setup assistant does: a command is looked up on <c>PATH</c>, a path is
/// taken as it is, and either is run with <c>--version</c> and accepted only when it answers <c>Blender X.Y</c>. A
/// Blender that does not answer within <see cref="TimeLimit"/> is killed (with anything it started) and reported as
/// unusable. Flamenco also asks Windows which program opens <c>.blend</c> files; Linux and macOS have no such file
/// association, and this Manager does not read the Windows registry, so <c>file_association</c> is never reported.
/// </summary>
public sealed partial class BlenderProbe
{
    /// <summary>The command Flamenco's <c>blender</c> variable defaults to.</summary>
    public const string DefaultCommand = "blender";

    /// <summary>Where Blender is installed by default on macOS, which puts nothing on <c>PATH</c>.</summary>
    private const string MacOsLocation = "/Applications/Blender.app/Contents/MacOS/Blender";

    /// <summary>Blender answers in a second or two; a busy machine, a slow disk or a first start can take over ten.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The Blenders found without being told where: on <c>PATH</c>, and at the platform's usual location.</summary>
    public async Task<IReadOnlyList<BlenderPathCheckResult>> FindAsync(CancellationToken ct)
    {
        var found = new List<BlenderPathCheckResult>();
        if (OnPath(DefaultCommand) is { } onPath) found.Add(await RunAsync(DefaultCommand, onPath, BlenderPathSource.PathEnvvar, ct));
        if (OperatingSystem.IsMacOS() && File.Exists(MacOsLocation)) found.Add(await RunAsync("", MacOsLocation, BlenderPathSource.SystemLocation, ct));
        return found;
    }

    /// <summary>
    /// Checks <paramref name="input"/>: an absolute path as it is, a bare command (no directory) on <c>PATH</c>. A
    /// relative path with directories is refused: it would be looked up from wherever the Manager was started.
    /// </summary>
    public async Task<BlenderPathCheckResult> CheckAsync(string input, CancellationToken ct)
    {
        var command = input.Trim();
        if (command.Length == 0) command = DefaultCommand;
        if (Path.IsPathFullyQualified(command))
        {
            return File.Exists(command)
                ? await RunAsync(input, command, BlenderPathSource.InputPath, ct)
                : Unusable(input, command, BlenderPathSource.InputPath, Directory.Exists(command) ? "this is a folder, not a program" : "there is no file at this path");
        }
        if (command.IndexOfAny(['/', '\\']) >= 0)
        {
            return Unusable(input, command, BlenderPathSource.InputPath, "give the absolute path of Blender, or a command found on PATH such as \"blender\"");
        }
        return OnPath(command) is { } found
            ? await RunAsync(input, found, BlenderPathSource.PathEnvvar, ct)
            : Unusable(input, command, BlenderPathSource.PathEnvvar, $"\"{command}\" is not found on the Manager's PATH");
    }

    private async Task<BlenderPathCheckResult> RunAsync(string input, string path, BlenderPathSource source, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeLimit);
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap(path).WithArguments(["--version"]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Unusable(input, path, source, $"\"{path} --version\" did not finish within {TimeLimit.TotalSeconds:0.#} s and was stopped");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or UnauthorizedAccessException)
        {
            return Unusable(input, path, source, $"\"{path}\" could not be started: {e.Message}");
        }
        if (VersionLine().Match(result.StandardOutput) is { Success: true } version)
        {
            return new BlenderPathCheckResult { Input = input, Path = path, Source = source, IsUsable = true, Cause = $"Found {version.Value.Trim()}" };
        }
        var said = result.StandardOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(nothing)";
        return Unusable(input, path, source, $"this is not Blender: \"{path} --version\" exited with {result.ExitCode} and printed {said}");
    }

    private static BlenderPathCheckResult Unusable(string input, string path, BlenderPathSource source, string cause) =>
        new() { Input = input, Path = path, Source = source, IsUsable = false, Cause = cause };

    /// <summary>The first executable file named <paramref name="command"/> in a folder of <c>PATH</c> (with <c>PATHEXT</c>'s extensions on Windows).</summary>
    private static string? OnPath(string command)
    {
        var extensions = OperatingSystem.IsWindows()
            ? [.. (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries).Prepend("")]
            : new[] { "" };
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders.SelectMany(folder => extensions.Select(extension => Path.Combine(folder, command + extension)))
            .FirstOrDefault(candidate => File.Exists(candidate) && IsExecutable(candidate));
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>Blender's first line: <c>Blender 4.2.1 LTS</c>, <c>Blender 3.4.1</c>.</summary>
    [GeneratedRegex(@"^Blender \d+\.\d+[^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex VersionLine();
}
