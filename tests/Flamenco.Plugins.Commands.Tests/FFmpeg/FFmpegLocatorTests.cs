using System.Runtime.InteropServices;
using Flamenco.Plugins.Authoring;
using Flamenco.Plugins.Commands.FFmpeg;
using Flamenco.Plugins.Commands.Tests.TestSupport;
using Flamenco.Plugins.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Plugins.Commands.Tests.FFmpeg;

/// <summary>Finding FFmpeg when a job names it without a path: worker-and-shaman.md §2.5, case T19.</summary>
public sealed class FFmpegLocatorTests : IDisposable
{
    private const string Parameters = """{"exe": "ffmpeg", "fps": 24, "inputGlob": "/r/*.png", "outputFile": "/r/out.mp4"}""";

    private static readonly string Extension = OperatingSystem.IsWindows() ? ".exe" : "";

    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _time = new();
    private readonly FakeCommandContext _context;

    public FFmpegLocatorTests()
    {
        _context = new FakeCommandContext { Time = _time, Task = FakeCommandContext.DefaultTask with { Platform = "linux" } };
        _context.Processes.Script(spec => spec.Arguments is ["-version"], new ScriptedProcess { Output = ["ffmpeg version 6.1.1-3 Copyright (c) 2000-2023", "built with gcc 13"] });
    }

    private string Tools => _root.Combine("tools");

    public void Dispose() => _root.Dispose();

    private FramesToVideoCommand CommandSearching(params string[] pathDirectories) =>
        new(new FFmpegLocator(Tools, string.Join(Path.PathSeparator, pathDirectories)));

    [Fact]
    public async Task Run_FFmpegNowhere_FailsAsInvalidExeWithoutRunningAnything()
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => CommandSearching(_root.Combine("bin")).RunAsync(Parameters, _context));

        Assert.Equal($"frames-to-video: parameter \"exe\" has invalid value ffmpeg: no ffmpeg{Extension} in {Tools} nor on the PATH", error.Message);
        Assert.Empty(_context.Processes.Runs);
    }

    [Fact]
    public async Task Run_FFmpegInToolsFolder_PrefersThePlatformNamedCopyAndChecksItsVersion()
    {
        var platformCopy = _root.File($"tools/ffmpeg-{HostPlatform.Name}{Extension}");
        _root.File($"tools/ffmpeg{Extension}");
        var onPath = _root.File($"bin/ffmpeg{Extension}");

        await CommandSearching(Path.GetDirectoryName(onPath)!).RunAsync(Parameters, _context);

        var runs = _context.Processes.Runs;
        Assert.Equal(2, runs.Count);
        Assert.Equal(platformCopy, runs[0].FileName);
        Assert.Equal(["-version"], runs[0].Arguments);
        Assert.Equal(platformCopy, runs[1].FileName);
        Assert.Equal("going to run:", _context.Listener.LogLines[0]);
        Assert.StartsWith($"    {platformCopy} -r 24 ", _context.Listener.LogLines[2]);
    }

    [Fact]
    public async Task Run_FFmpegInToolsFolderForThisArchitecture_PrefersItOverThePlatformCopy()
    {
        var goArch = RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() };
        var architectureCopy = _root.File($"tools/ffmpeg-{HostPlatform.Name}-{goArch}{Extension}");
        _root.File($"tools/ffmpeg-{HostPlatform.Name}{Extension}");

        await CommandSearching().RunAsync(Parameters, _context);

        Assert.All(_context.Processes.Runs, run => Assert.Equal(architectureCopy, run.FileName));
    }

    [Fact]
    public async Task Run_FFmpegOnlyOnPath_UsesTheFirstPathDirectoryHoldingIt()
    {
        var found = _root.File($"second/ffmpeg{Extension}");
        _root.File($"third/ffmpeg{Extension}");

        await CommandSearching(_root.Combine("first"), _root.Combine("second"), _root.Combine("third"))
            .RunAsync(Parameters.Replace("\"ffmpeg\"", "\"ffmpeg.exe\""), _context);

        Assert.Equal(found, _context.Processes.Runs[^1].FileName);
    }

    [Fact]
    public async Task Run_FoundProgramIsNotFFmpeg_FailsAsInvalidExe()
    {
        var impostor = _root.File($"tools/ffmpeg{Extension}");
        _context.Processes.Script(spec => spec.Arguments is ["-version"], new ScriptedProcess { Output = ["usage: not-ffmpeg"] });

        var error = await Assert.ThrowsAsync<CommandException>(() => CommandSearching().RunAsync(Parameters, _context));

        Assert.Equal($"frames-to-video: parameter \"exe\" has invalid value ffmpeg: {impostor} does not look like FFmpeg: -version printed \"usage: not-ffmpeg\"", error.Message);
        Assert.Single(_context.Processes.Runs);
    }

    [Fact]
    public async Task Run_VersionCheckHangs_GivesUpAfterFiveSeconds()
    {
        var hanging = _root.File($"tools/ffmpeg{Extension}");
        var started = new TaskCompletionSource();
        _context.Processes.Script(spec => spec.Arguments is ["-version"], new ScriptedProcess
        {
            WhileRunning = (_, ct) =>
            {
                started.SetResult();
                return Task.Delay(Timeout.Infinite, ct);
            },
        });

        var running = CommandSearching().RunAsync(Parameters, _context);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var error = await Assert.ThrowsAsync<CommandException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal($"frames-to-video: parameter \"exe\" has invalid value ffmpeg: {hanging} -version did not finish within 5 seconds", error.Message);
    }

    [Fact]
    public async Task Run_ExeWithAPath_IsNotSearched()
    {
        await CommandSearching().RunAsync(Parameters.Replace("\"ffmpeg\"", "\"/opt/ffmpeg/bin/ffmpeg\""), _context);

        Assert.Equal("/opt/ffmpeg/bin/ffmpeg", Assert.Single(_context.Processes.Runs).FileName);
    }
}
