using Flamenco.Plugins.Commands.Blender;
using Flamenco.Plugins.Testing;

namespace Flamenco.Plugins.Commands.Tests.Blender;

/// <summary><c>blender-render</c>'s command line and parameter checks: worker-and-shaman.md §2.4, cases T01–T09.</summary>
public sealed class BlenderRenderCommandLineTests
{
    private readonly FakeCommandContext _context = new();

    private async Task<ProcessSpec> RunAsync(string parameters)
    {
        await new BlenderRenderCommand().RunAsync(parameters, _context);
        return Assert.Single(_context.Processes.Runs);
    }

    private async Task<string> FailAsync(string parameters)
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => new BlenderRenderCommand().RunAsync(parameters, _context));
        Assert.Empty(_context.Processes.Runs);
        return error.Message;
    }

    [Fact]
    public async Task Run_SimpleParameters_RunsExeWithArgsBeforeBlendfileArgs()
    {
        var run = await RunAsync("""{"exe": "/path/to/blender", "argsBefore": ["--background"], "blendfile": "file.blend", "args": ["--render-output", "/frames"]}""");

        Assert.Equal("/path/to/blender", run.FileName);
        Assert.Equal(["--background", "file.blend", "--render-output", "/frames"], run.Arguments);
        Assert.Equal("going to run:\n\n    /path/to/blender --background file.blend --render-output /frames\n\n", Assert.Single(_context.Listener.Logs));
    }

    [Fact]
    public async Task Run_ExeArgsWithNestedQuotes_SplitsThemShellStyleBeforeArgsBefore()
    {
        var run = await RunAsync("""
            {"exe": "D:\\Blender_3.2_stable\\blender.exe",
             "exeArgs": " --factory-startup --python-expr \"import bpy; print(\\\"hello world\\\")\"",
             "argsBefore": ["-no-audio"], "blendfile": "file with spaces.blend", "args": ["--debug"]}
            """);

        Assert.Equal(@"D:\Blender_3.2_stable\blender.exe", run.FileName);
        Assert.Equal(["--factory-startup", "--python-expr", "import bpy; print(\"hello world\")", "-no-audio", "file with spaces.blend", "--debug"], run.Arguments);
    }

    [Fact]
    public async Task Run_EmptyBlendfile_LeavesItOut()
    {
        var run = await RunAsync("""{"exe": "/path/to/blender", "argsBefore": ["--background"], "blendfile": "", "args": ["--render-output", "/frames"]}""");

        Assert.Equal(["--background", "--render-output", "/frames"], run.Arguments);
    }

    [Fact]
    public async Task Run_BackslashesAndCommentInExeArgs_FollowShlexRules()
    {
        var run = await RunAsync("""{"exe": "/b", "exeArgs": "-b C:\\x 'C:\\y' #comment", "blendfile": ""}""");

        Assert.Equal(["-b", "C:x", @"C:\y"], run.Arguments);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("[\"-b\"]")]
    [InlineData("null")]
    public async Task Run_ExeArgsNotAString_IsIgnored(string exeArgsJson)
    {
        var run = await RunAsync($$"""{"exe": "/b", "exeArgs": {{exeArgsJson}}, "blendfile": "x.blend"}""");

        Assert.Equal(["x.blend"], run.Arguments);
    }

    [Fact]
    public async Task Run_MixedTypeArgs_BecomeGoStrings()
    {
        var run = await RunAsync("""{"exe": "/b", "blendfile": "", "argsBefore": [1, 2.5], "args": ["a", 47, 0.327]}""");

        Assert.Equal(["1", "2.5", "a", "47", "0.327"], run.Arguments);
    }

    [Theory]
    [InlineData("""{"blendfile": "x.blend"}""")]
    [InlineData("""{"exe": "", "blendfile": "x.blend"}""")]
    [InlineData("""{"exe": ["blender"], "blendfile": "x.blend"}""")]
    public async Task Run_NoExe_FailsAsMissing(string parameters)
    {
        var message = await FailAsync(parameters);

        Assert.StartsWith("blender-render: mandatory parameter \"exe\" is missing: map[", message);
    }

    [Theory]
    [InlineData("""{"exe": "/b"}""", "<nil>")]
    [InlineData("""{"exe": "/b", "blendfile": 47}""", "47")]
    [InlineData("""{"exe": "/b", "blendfile": null}""", "<nil>")]
    public async Task Run_BlendfileAbsentOrNotAString_FailsAsInvalid(string parameters, string printedValue)
    {
        var message = await FailAsync(parameters);

        Assert.Equal($"blender-render: parameter \"blendfile\" has invalid value {printedValue}: cannot convert to string", message);
    }

    [Fact]
    public async Task Run_ArgsBeforeIsAString_FailsAsInvalid()
    {
        var message = await FailAsync("""{"exe": "/b", "argsBefore": "--background", "blendfile": "x.blend"}""");

        Assert.Equal("blender-render: parameter \"argsBefore\" has invalid value --background: cannot convert to list of strings", message);
    }

    [Fact]
    public async Task Run_UnterminatedQuoteInExeArgs_FailsWithLexerError()
    {
        var message = await FailAsync("""{"exe": "/b", "exeArgs": "-b \"unterminated", "blendfile": "x.blend"}""");

        Assert.Equal("blender-render: parameter \"exeArgs\" has invalid value -b \"unterminated: EOF found when expecting closing quote", message);
    }

    [Theory]
    [InlineData("""{"argsBefore": 1, "args": 1, "exeArgs": "'"}""", "mandatory parameter \"exe\"")]
    [InlineData("""{"exe": "/b", "argsBefore": 1, "args": 1, "exeArgs": "'"}""", "parameter \"argsBefore\"")]
    [InlineData("""{"exe": "/b", "args": 1, "exeArgs": "'"}""", "parameter \"blendfile\"")]
    [InlineData("""{"exe": "/b", "blendfile": "", "args": 1, "exeArgs": "'"}""", "parameter \"args\"")]
    [InlineData("""{"exe": "/b", "blendfile": "", "exeArgs": "'"}""", "parameter \"exeArgs\"")]
    public async Task Run_SeveralBadParameters_ReportsTheFirstInFlamencosOrder(string parameters, string expectedParameter)
    {
        var message = await FailAsync(parameters);

        Assert.StartsWith($"blender-render: {expectedParameter}", message);
    }
}
