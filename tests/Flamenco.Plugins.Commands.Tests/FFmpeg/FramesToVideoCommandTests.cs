using Flamenco.Plugins.Commands.FFmpeg;
using Flamenco.Plugins.Commands.Tests.TestSupport;
using Flamenco.Plugins.Testing;

namespace Flamenco.Plugins.Commands.Tests.FFmpeg;

/// <summary><c>frames-to-video</c>: worker-and-shaman.md §2.5, cases T14–T18.</summary>
public sealed class FramesToVideoCommandTests : IDisposable
{
    private const string Args = """["-c:v", "hevc", "-crf", "31", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"]""";

    private readonly TempDirectory _frames = new();

    public void Dispose() => _frames.Dispose();

    private static FakeCommandContext On(string platform) => new() { Task = FakeCommandContext.DefaultTask with { Platform = platform } };

    private static string Parameters(string inputGlob, string fps = "10.0") => $$"""
        {"exe": "F:\\software\\tools\\ffmpeg.exe", "exeArgs": "-v quiet", "argsBefore": ["-report"],
         "inputGlob": {{System.Text.Json.JsonSerializer.Serialize(inputGlob)}}, "fps": {{fps}}, "args": {{Args}},
         "outputFile": "path/to/renders/preview.mkv"}
        """;

    [Theory]
    [InlineData("linux")]
    [InlineData("darwin")]
    public async Task Run_Posix_ReadsFramesWithGlobInputAndRateOnBothSides(string platform)
    {
        var context = On(platform);

        await new FramesToVideoCommand().RunAsync(Parameters("path/to/renders/*.png"), context);

        var run = Assert.Single(context.Processes.Runs);
        Assert.Equal(@"F:\software\tools\ffmpeg.exe", run.FileName);
        Assert.Equal(
            ["-v", "quiet", "-report", "-r", "10", "-pattern_type", "glob", "-i", "path/to/renders/*.png",
             "-c:v", "hevc", "-crf", "31", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-r", "10", "path/to/renders/preview.mkv"],
            run.Arguments);
    }

    [Fact]
    public async Task Run_PosixGlobWithBackslashes_GivesFFmpegForwardSlashes()
    {
        var context = On("linux");

        await new FramesToVideoCommand().RunAsync(Parameters(@"path\to\renders\*.png"), context);

        Assert.Equal("path/to/renders/*.png", Assert.Single(context.Processes.Runs).Arguments[8]);
    }

    [Theory]
    [InlineData("23.976", "23.976")]
    [InlineData("24", "24")]
    [InlineData("29.97", "29.97")]
    [InlineData("0.5", "0.5")]
    [InlineData("-10", "-10")]
    [InlineData("1e6", "1000000")]
    public async Task Run_Fps_IsWrittenAsShortestPlainDecimal(string fpsJson, string expectedRate)
    {
        var context = On("linux");

        await new FramesToVideoCommand().RunAsync(Parameters("/r/*.png", fpsJson), context);

        var arguments = Assert.Single(context.Processes.Runs).Arguments;
        Assert.Equal(expectedRate, arguments[4]);
        Assert.Equal(["-r", expectedRate, "path/to/renders/preview.mkv"], arguments.TakeLast(3));
    }

    [Fact]
    public async Task Run_Windows_ListsTheFramesInAConcatIndexWhileFFmpegRuns()
    {
        foreach (var n in new[] { 3, 1, 2 }) _frames.File($"frame-{n}.png");
        _frames.File("notes.txt");
        var context = On("windows");
        string? indexWhileRunning = null;
        context.Processes.Script(new ScriptedProcess { WhileRunning = (spec, _) => Task.FromResult(indexWhileRunning = File.ReadAllText(spec.Arguments[8])) });

        await new FramesToVideoCommand().RunAsync(Parameters(_frames.Combine("*.png")), context);

        var index = _frames.Combine("ffmpeg-file-index.txt");
        Assert.Equal(
            ["-v", "quiet", "-report", "-f", "concat", "-safe", "0", "-i", index,
             "-c:v", "hevc", "-crf", "31", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-r", "10", "path/to/renders/preview.mkv"],
            Assert.Single(context.Processes.Runs).Arguments);
        Assert.Equal(
            string.Concat(new[] { 1, 2, 3 }.Select(n => $"file '{_frames.Combine($"frame-{n}.png")}'\nduration 0.100000\n")),
            indexWhileRunning);
        Assert.False(File.Exists(index));
    }

    [Fact]
    public async Task Run_WindowsFFmpegFails_StillDeletesTheIndex()
    {
        _frames.File("frame-1.png");
        var context = On("windows");
        context.Processes.Script(new ScriptedProcess { ExitCode = 1 });

        var error = await Assert.ThrowsAsync<CommandException>(() => new FramesToVideoCommand().RunAsync(Parameters(_frames.Combine("*.png")), context));

        Assert.Equal("command exited abnormally with code 1", error.Message);
        Assert.False(File.Exists(_frames.Combine("ffmpeg-file-index.txt")));
    }

    [Fact]
    public async Task Run_WindowsFrameNameWithQuote_IsEscapedAndDurationIsOneOverFps()
    {
        _frames.File("it's-1.png");
        var context = On("windows");
        string? index = null;
        context.Processes.Script(new ScriptedProcess { WhileRunning = (spec, _) => Task.FromResult(index = File.ReadAllText(spec.Arguments[8])) });

        await new FramesToVideoCommand().RunAsync(Parameters(_frames.Combine("*.png"), "24"), context);

        Assert.Equal($"file '{_frames.Combine(@"it\'s-1.png")}'\nduration 0.041667\n", index);
    }

    [Fact]
    public async Task Run_WindowsGlobMatchesNothing_FailsWithoutRunningFFmpeg()
    {
        var context = On("windows");
        var glob = _frames.Combine("*.png");

        var error = await Assert.ThrowsAsync<CommandException>(() => new FramesToVideoCommand().RunAsync(Parameters(glob), context));

        Assert.Equal($"creating input for FFmpeg: no files found at {glob}", error.Message);
        Assert.Empty(context.Processes.Runs);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"24\"")]
    [InlineData("null")]
    public async Task Run_FpsZeroOrNotANumber_FailsAsMissing(string fpsJson)
    {
        var context = On("linux");

        var error = await Assert.ThrowsAsync<CommandException>(() => new FramesToVideoCommand().RunAsync(Parameters("/r/*.png", fpsJson), context));

        Assert.StartsWith("frames-to-video: mandatory parameter \"fps\" is missing: map[", error.Message);
        Assert.Empty(context.Processes.Runs);
    }

    [Theory]
    [InlineData("""{"fps": 0, "inputGlob": ""}""", "mandatory parameter \"exe\" is missing")]
    [InlineData("""{"exe": "f", "inputGlob": ""}""", "mandatory parameter \"fps\" is missing")]
    [InlineData("""{"exe": "f", "fps": 1, "inputGlob": "", "outputFile": ""}""", "mandatory parameter \"inputGlob\" is missing")]
    [InlineData("""{"exe": "f", "fps": 1, "inputGlob": "a", "argsBefore": 1}""", "mandatory parameter \"outputFile\" is missing")]
    [InlineData("""{"exe": "f", "fps": 1, "inputGlob": "a", "outputFile": "o", "argsBefore": 1, "args": 1}""", "parameter \"argsBefore\" has invalid value 1: cannot convert to list of strings")]
    [InlineData("""{"exe": "f", "fps": 1, "inputGlob": "a", "outputFile": "o", "args": 1, "exeArgs": "\"x"}""", "parameter \"args\" has invalid value 1: cannot convert to list of strings")]
    [InlineData("""{"exe": "f", "fps": 1, "inputGlob": "a", "outputFile": "o", "exeArgs": "x\\"}""", "parameter \"exeArgs\" has invalid value x\\: EOF found after escape character")]
    public async Task Run_SeveralBadParameters_ReportsTheFirstInFlamencosOrder(string parameters, string expected)
    {
        var context = On("linux");

        var error = await Assert.ThrowsAsync<CommandException>(() => new FramesToVideoCommand().RunAsync(parameters, context));

        Assert.StartsWith($"frames-to-video: {expected}", error.Message);
    }
}
