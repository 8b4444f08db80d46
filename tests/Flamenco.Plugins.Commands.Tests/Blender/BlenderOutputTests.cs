using Flamenco.Plugins.Commands.Blender;
using Flamenco.Plugins.Testing;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Commands.Tests.Blender;

/// <summary><c>blender-render</c>'s reading of Blender's output: worker-and-shaman.md §2.4.2, cases T10–T13.</summary>
public sealed class BlenderOutputTests
{
    private const string Parameters = """{"exe": "/usr/bin/blender", "argsBefore": ["-b"], "blendfile": "/jobs/shot.blend", "args": ["-f", "1"]}""";

    private static readonly ListenerCall Step = new(ListenerCallKind.StepCompleted);

    private readonly FakeCommandContext _context = new();

    private async Task<IReadOnlyList<ListenerCall>> ProgressOfAsync(params string[] lines)
    {
        _context.Processes.Script(new ScriptedProcess { Output = lines });
        await new BlenderRenderCommand().RunAsync(Parameters, _context);
        return [.. _context.Listener.Calls.Where(c => c.Kind != ListenerCallKind.Log)];
    }

    private static ListenerCall Output(string path) => new(ListenerCallKind.OutputProduced, path);

    [Fact]
    public async Task Run_Blender45Output_ReportsSavedFileAndOneStepPerRenderedOrSkippedFrame()
    {
        var progress = await ProgressOfAsync(
            "starting Blender",
            "Saved: '/path/to/file.exr'",
            "Time: 00:01.06",
            "Skipping existing frame \"/path/to/running-default-cube0001.jpg\"");

        Assert.Equal([Output("/path/to/file.exr"), Step, Step], progress);
    }

    [Fact]
    public async Task Run_Blender50Output_ReadsLinesAfterTheRenderLogPrefix()
    {
        var progress = await ProgressOfAsync(
            "00:00.327  render           | Saved: '/path/to/file.exr'",
            "00:00.419  render           | Time: 00:01.06 (Saving: 00:00.02)",
            "00:00.419  render           | Skipping existing frame \"/p\"");

        Assert.Equal([Output("/path/to/file.exr"), Step, Step], progress);
    }

    [Fact]
    public async Task Run_LowercaseSkipping_IsAStep()
    {
        Assert.Equal([Step], await ProgressOfAsync("skipping existing frame \"/p\""));
    }

    [Fact]
    public async Task Run_ProgressLookalikes_ReportNothing()
    {
        var progress = await ProgressOfAsync(
            "Fra:1 Mem:12M | Time:00:01.00 | Rendering 1/64",
            "  Saved: '/x.png'",
            "Fra:1 Saved: 'x'",
            "Time:00:01.00",
            "Saved: /no/quotes.png");

        Assert.Empty(progress);
    }

    [Fact]
    public async Task Run_SavedPathWithQuotes_TakesEverythingBetweenFirstAndLastQuote()
    {
        Assert.Equal([Output("/renders/it's done.png")], await ProgressOfAsync("Saved: '/renders/it's done.png'"));
    }

    [Fact]
    public async Task Run_ThreeFramesRendered_SendsThreeStepsBeforeTheLogAndNoMore()
    {
        _context.Processes.Script(new ScriptedProcess { Output = ["Fra:1 Mem:12M", "Time: 00:01.00", "Time: 00:01.10", "Time: 00:00.90 (Saving: 00:00.02)"] });

        await new BlenderRenderCommand().RunAsync(Parameters, _context);

        var calls = _context.Listener.Calls;
        Assert.Equal([Step, Step, Step], calls.Take(3));
        var log = Assert.Single(calls.Skip(3));
        Assert.Equal(ListenerCallKind.Log, log.Kind);
        Assert.StartsWith("going to run:\n\n    /usr/bin/blender -b /jobs/shot.blend -f 1\n\npid=4242 > Fra:1 Mem:12M\npid=4242 > Time: 00:01.00\n", log.Text);
    }

    [Fact]
    public async Task Run_StepRefused_LogsTheProblemAndKeepsRendering()
    {
        _context.Listener.Refuse = call => call.Kind == ListenerCallKind.StepCompleted ? new IOException("Manager unreachable") : null;
        _context.Processes.Script(new ScriptedProcess { Output = ["Time: 00:01.00", "Saved: '/out/0002.png'"] });

        await new BlenderRenderCommand().RunAsync(Parameters, _context);

        Assert.Equal(["/out/0002.png"], _context.Listener.Outputs);
        var warning = Assert.Single(_context.Logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.IsType<IOException>(warning.Exception);
        Assert.Contains("pid=4242 > Saved: '/out/0002.png'", _context.Listener.LogLines);
    }

    [Fact]
    public async Task Run_BlenderFails_FailsWithExitCodeAfterReportingProgress()
    {
        _context.Processes.Script(new ScriptedProcess { Output = ["Time: 00:01.00", "Error: out of memory"], ExitCode = 139 });

        var error = await Assert.ThrowsAsync<CommandException>(() => new BlenderRenderCommand().RunAsync(Parameters, _context));

        Assert.Equal("command exited abnormally with code 139", error.Message);
        Assert.Equal(1, _context.Listener.StepsCompleted);
        Assert.Contains("pid=4242 > Error: out of memory", _context.Listener.LogLines);
    }
}
