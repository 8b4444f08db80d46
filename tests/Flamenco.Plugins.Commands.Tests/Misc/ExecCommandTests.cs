using System.ComponentModel;
using Flamenco.Plugins.Commands.Misc;
using Flamenco.Plugins.Testing;

namespace Flamenco.Plugins.Commands.Tests.Misc;

/// <summary><c>exec</c>: worker-and-shaman.md §2.3 and the common rules of §2.0, case T26.</summary>
public sealed class ExecCommandTests
{
    private readonly FakeCommandContext _context = new();

    [Fact]
    public async Task Run_NonZeroExit_FailsWithExitCodeAfterLoggingCommandLineAndOutput()
    {
        _context.Processes.Script(new ScriptedProcess { Output = ["hi"], ExitCode = 3 });

        var error = await Assert.ThrowsAsync<CommandException>(
            () => new ExecCommand().RunAsync("""{"exe": "/bin/sh", "args": ["-c", "echo hi; exit 3"]}""", _context));

        Assert.Equal("command exited abnormally with code 3", error.Message);
        Assert.Equal(["going to run:\n\n    /bin/sh -c 'echo hi; exit 3'\n\npid=4242 > hi\n"], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_Exe_StartsItDirectlyWithArgsInWorkersDirectory()
    {
        await new ExecCommand().RunAsync("""{"exe": "/bin/sh", "args": ["-c", "echo hi; exit 3"]}""", _context);

        var run = Assert.Single(_context.Processes.Runs);
        Assert.Equal("/bin/sh", run.FileName);
        Assert.Equal(["-c", "echo hi; exit 3"], run.Arguments);
        Assert.Null(run.WorkingDirectory);
    }

    [Fact]
    public async Task Run_NoArgs_StartsExeAlone()
    {
        await new ExecCommand().RunAsync("""{"exe": "true"}""", _context);

        var run = Assert.Single(_context.Processes.Runs);
        Assert.Equal("true", run.FileName);
        Assert.Empty(run.Arguments);
        Assert.Equal(["going to run:\n\n    true\n\n"], _context.Listener.Logs);
    }

    [Theory]
    [InlineData("""{"args": ["a", 47]}""", "exec: mandatory parameter \"exe\" is missing: map[args:[a 47]]")]
    [InlineData("""{"exe": ""}""", "exec: mandatory parameter \"exe\" is missing: map[exe:]")]
    [InlineData("""{"exe": 7}""", "exec: mandatory parameter \"exe\" is missing: map[exe:7]")]
    [InlineData("""{"exe": "ls", "args": "-l"}""", "exec: parameter \"args\" has invalid value -l: cannot convert to list of strings")]
    [InlineData("""{"exe": "ls", "args": null}""", "exec: parameter \"args\" has invalid value <nil>: cannot convert to list of strings")]
    [InlineData("""{"exe": "ls", "args": {"a": 1}}""", "exec: parameter \"args\" has invalid value map[a:1]: cannot convert to list of strings")]
    public async Task Run_InvalidParameters_FailsWithFlamencosTextAndStartsNothing(string parameters, string expectedMessage)
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => new ExecCommand().RunAsync(parameters, _context));

        Assert.Equal(expectedMessage, error.Message);
        Assert.Empty(_context.Processes.Runs);
        Assert.Empty(_context.Listener.Calls);
    }

    [Fact]
    public async Task Run_MixedTypeArgs_ConvertsEachAsGoPrintsIt()
    {
        await new ExecCommand().RunAsync("""{"exe": "x", "args": ["a", 47, 0.327, 1000000, true, null, -3]}""", _context);

        Assert.Equal(["a", "47", "0.327", "1e+06", "true", "<nil>", "-3"], Assert.Single(_context.Processes.Runs).Arguments);
    }

    [Fact]
    public async Task Run_ArgumentsNeedingQuotes_AreShellQuotedInTheLog()
    {
        await new ExecCommand().RunAsync("""{"exe": "/usr/bin/printf", "args": ["", "it's", "a b", "plain_@%+=:,./-ok", "$HOME"]}""", _context);

        Assert.Equal("    /usr/bin/printf '' 'it'\"'\"'s' 'a b' plain_@%+=:,./-ok '$HOME'", _context.Listener.LogLines[2]);
    }

    [Fact]
    public async Task Run_ProgramCannotStart_FailsWithTheStartErrorAndLogsNothing()
    {
        _context.Processes.Script(new ScriptedProcess { StartFailure = new Win32Exception(2, "No such file or directory") });

        var error = await Assert.ThrowsAsync<CommandException>(() => new ExecCommand().RunAsync("""{"exe": "no-such-program"}""", _context));

        Assert.Equal("No such file or directory", error.Message);
        Assert.IsType<Win32Exception>(error.InnerException);
        Assert.Empty(_context.Listener.Calls);
    }

    [Fact]
    public async Task Run_Canceled_CancelsTheProgramThroughTheRunner()
    {
        using var cancellation = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        _context.Processes.Script(new ScriptedProcess
        {
            WhileRunning = (_, ct) =>
            {
                started.SetResult();
                return Task.Delay(Timeout.Infinite, ct);
            },
        });

        var running = new ExecCommand().RunAsync("""{"exe": "sleep", "args": ["600"]}""", _context, cancellation.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(_context.Listener.Calls);
    }
}
