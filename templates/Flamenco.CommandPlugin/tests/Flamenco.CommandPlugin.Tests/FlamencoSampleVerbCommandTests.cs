using System.ComponentModel;
using Flamenco.Plugins.Commands;
using Flamenco.Plugins.Testing;

namespace Flamenco.CommandPlugin.Tests;

public sealed class FlamencoSampleVerbCommandTests
{
    private readonly FakeCommandContext _context = new();
    private readonly FlamencoSampleVerbCommand _command = new();

    [Fact]
    public void Name_IsTheWireNameJobTypesUse()
    {
        Assert.Equal("flamenco-sample-verb", _command.Name);
    }

    [Fact]
    public async Task Run_ExeAndArgs_StartsTheProgramWithThem()
    {
        var invocation = Invocations.FromJson("flamenco-sample-verb", """{"exe": "oidnDenoise", "args": ["--hdr", "frame 0001.exr"]}""");

        await _command.ExecuteAsync(invocation, _context, CancellationToken.None);

        var run = Assert.Single(_context.Processes.Runs);
        Assert.Equal("oidnDenoise", run.FileName);
        Assert.Equal(["--hdr", "frame 0001.exr"], run.Arguments);
        Assert.Null(run.WorkingDirectory);
    }

    [Fact]
    public async Task Run_ProgramOutput_GoesToTheTaskLogWithItsPid()
    {
        _context.Processes.Script(new ScriptedProcess { Output = ["denoising", "done"] });

        await _command.RunAsync("""{"exe": "oidnDenoise"}""", _context);

        Assert.Equal(["flamenco-sample-verb: running oidnDenoise", "pid=4242 > denoising", "pid=4242 > done"], _context.Listener.Logs);
    }

    [Theory]
    [InlineData("""{}""", "flamenco-sample-verb: parameter \"exe\" is missing or not a non-empty string")]
    [InlineData("""{"exe": ""}""", "flamenco-sample-verb: parameter \"exe\" is missing or not a non-empty string")]
    [InlineData("""{"exe": 7}""", "flamenco-sample-verb: parameter \"exe\" is missing or not a non-empty string")]
    [InlineData("""{"exe": "ls", "args": "-l"}""", "flamenco-sample-verb: parameter \"args\" must be a list of strings, not \"-l\"")]
    [InlineData("""{"exe": "ls", "args": ["-l", 3]}""", "flamenco-sample-verb: parameter \"args\" must be a list of strings, not [\"-l\", 3]")]
    public async Task Run_InvalidParameters_FailsAndStartsNothing(string parameters, string expectedMessage)
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => _command.RunAsync(parameters, _context));

        Assert.Equal(expectedMessage, error.Message);
        Assert.Empty(_context.Processes.Runs);
        Assert.Empty(_context.Listener.Calls);
    }

    [Fact]
    public async Task Run_NonZeroExit_FailsWithTheExitCode()
    {
        _context.Processes.Script(new ScriptedProcess { ExitCode = 3 });

        var error = await Assert.ThrowsAsync<CommandException>(() => _command.RunAsync("""{"exe": "oidnDenoise"}""", _context));

        Assert.Equal("flamenco-sample-verb: oidnDenoise exited with code 3", error.Message);
    }

    [Fact]
    public async Task Run_ProgramCannotStart_FailsWithTheStartError()
    {
        _context.Processes.Script(new ScriptedProcess { StartFailure = new Win32Exception(2, "No such file or directory") });

        var error = await Assert.ThrowsAsync<CommandException>(() => _command.RunAsync("""{"exe": "oidnDenoise"}""", _context));

        Assert.Equal("flamenco-sample-verb: cannot run oidnDenoise: No such file or directory", error.Message);
    }
}
