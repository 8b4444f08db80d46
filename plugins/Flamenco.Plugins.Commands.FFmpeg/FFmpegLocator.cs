using System.Runtime.InteropServices;
using Flamenco.Plugins.Authoring;
using Flamenco.Plugins.Commands.Shared;

namespace Flamenco.Plugins.Commands.FFmpeg;

/// <summary>
/// Finds FFmpeg for a job that names it without a path (<c>ffmpeg</c> or <c>ffmpeg.exe</c>), as Flamenco does: first
/// a copy shipped in the Worker's <c>tools</c> folder (<c>ffmpeg-linux-amd64</c>, <c>ffmpeg-linux</c>, <c>ffmpeg</c>),
/// then the PATH. The one found must answer <c>-version</c> like FFmpeg within 5 seconds.
/// </summary>
internal sealed class FFmpegLocator(string toolsDirectory, string searchPath)
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(5);

    private static readonly string Extension = OperatingSystem.IsWindows() ? ".exe" : "";

    /// <summary>The Worker's own tools folder (next to its executable) and PATH.</summary>
    public static FFmpegLocator ForThisWorker() =>
        new(Path.Combine(AppContext.BaseDirectory, "tools"), Environment.GetEnvironmentVariable("PATH") ?? "");

    /// <summary>The path of a working FFmpeg.</summary>
    /// <exception cref="FileNotFoundException">There is none; the message says what was tried.</exception>
    public async Task<string> FindAsync(ICommandContext context, CancellationToken cancellationToken)
    {
        var ffmpeg = Candidates().FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"no ffmpeg{Extension} in {toolsDirectory} nor on the PATH");
        await VerifyAsync(ffmpeg, context, cancellationToken);
        return ffmpeg;
    }

    private IEnumerable<string> Candidates()
    {
        yield return Path.Combine(toolsDirectory, $"ffmpeg-{HostPlatform.Name}-{GoArchitecture()}{Extension}");
        yield return Path.Combine(toolsDirectory, $"ffmpeg-{HostPlatform.Name}{Extension}");
        yield return Path.Combine(toolsDirectory, $"ffmpeg{Extension}");
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return Path.Combine(directory, $"ffmpeg{Extension}");
        }
    }

    private static async Task VerifyAsync(string ffmpeg, ICommandContext context, CancellationToken cancellationToken)
    {
        string? firstLine = null;
        var spec = new ProcessSpec
        {
            FileName = ffmpeg,
            Arguments = ["-version"],
            OnOutputLine = line =>
            {
                firstLine ??= line;
                return ValueTask.CompletedTask;
            },
        };
        using var timeout = new CancellationTokenSource(VersionTimeout, context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int exitCode;
        try
        {
            exitCode = await context.Processes.RunAsync(spec, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FileNotFoundException($"{ffmpeg} -version did not finish within {VersionTimeout.TotalSeconds} seconds");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new FileNotFoundException($"running {ffmpeg} -version failed: {e.Message}", e);
        }
        if (exitCode != 0) throw new FileNotFoundException($"{ffmpeg} -version exited with code {exitCode}");
        if (firstLine is null || !firstLine.StartsWith("ffmpeg version ", StringComparison.Ordinal))
        {
            throw new FileNotFoundException($"{ffmpeg} does not look like FFmpeg: -version printed {GoFormat.Quote(firstLine ?? "")}");
        }
    }

    /// <summary>Go's GOARCH name of this machine, as in the tools folder's file names.</summary>
    private static string GoArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };
}
