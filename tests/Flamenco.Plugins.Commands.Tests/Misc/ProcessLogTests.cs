using System.Text;
using Flamenco.Plugins.Commands.Misc;
using Flamenco.Plugins.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Plugins.Commands.Tests.Misc;

/// <summary>
/// How a command's program output reaches the task log (worker-and-shaman.md §2.9 and §3.1), shown with <c>exec</c>;
/// <c>blender-render</c> and <c>frames-to-video</c> share the code.
/// </summary>
public sealed class ProcessLogTests
{
    private const string Header = "going to run:\n\n    /bin/echo\n\n";

    private readonly FakeTimeProvider _time = new();
    private readonly FakeCommandContext _context;

    public ProcessLogTests() => _context = new FakeCommandContext { Time = _time };

    [Fact]
    public async Task Run_OutputOver10KiB_IsSentInChunksJustOver10KiB()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"{i:000} " + new string('x', 96)).ToList();
        _context.Processes.Script(new ScriptedProcess { Output = lines });

        await new ExecCommand().RunAsync("""{"exe": "/bin/echo"}""", _context);

        var chunks = _context.Listener.Logs;
        Assert.Equal(Header + string.Concat(lines.Select(l => $"pid=4242 > {l}\n")), string.Concat(chunks));
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        var lineBytes = "pid=4242 > ".Length + 100 + 1;
        Assert.All(chunks.SkipLast(1), chunk => Assert.InRange(Encoding.UTF8.GetByteCount(chunk), 10_241, 10_240 + lineBytes));
    }

    [Fact]
    public async Task Run_LineArrivingMoreThan30sAfterLastSend_SendsTheChunk()
    {
        var sentWhileRunning = new List<int>();
        _context.Processes.Script(new ScriptedProcess
        {
            WhileRunning = async (spec, _) =>
            {
                await spec.OnOutputLine!("one");
                _time.Advance(TimeSpan.FromSeconds(30));
                await spec.OnOutputLine("two");
                sentWhileRunning.Add(_context.Listener.Logs.Count);
                _time.Advance(TimeSpan.FromSeconds(1));
                await spec.OnOutputLine("three");
                sentWhileRunning.Add(_context.Listener.Logs.Count);
                _time.Advance(TimeSpan.FromSeconds(10));
                await spec.OnOutputLine("four");
            },
        });

        await new ExecCommand().RunAsync("""{"exe": "/bin/echo"}""", _context);

        Assert.Equal([0, 1], sentWhileRunning);
        Assert.Equal([Header + "pid=4242 > one\npid=4242 > two\npid=4242 > three\n", "pid=4242 > four\n"], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_LogRefusedAndExitZero_FailsWithTheRefusal()
    {
        var refusal = new IOException("the Manager refused the update");
        _context.Listener.Refuse = _ => refusal;
        _context.Processes.Script(new ScriptedProcess { Output = ["hi"] });

        var error = await Assert.ThrowsAsync<IOException>(() => new ExecCommand().RunAsync("""{"exe": "/bin/echo"}""", _context));

        Assert.Same(refusal, error);
    }

    [Fact]
    public async Task Run_LogRefusedAndExitNonZero_FailsWithTheExitCode()
    {
        _context.Listener.Refuse = _ => new IOException("the Manager refused the update");
        _context.Processes.Script(new ScriptedProcess { Output = ["hi"], ExitCode = 2 });

        var error = await Assert.ThrowsAsync<CommandException>(() => new ExecCommand().RunAsync("""{"exe": "/bin/echo"}""", _context));

        Assert.Equal("command exited abnormally with code 2", error.Message);
    }

    [Fact]
    public async Task Run_LogRefusedWhileRunning_StopsLoggingButWaitsForTheProgram()
    {
        var refusals = 0;
        _context.Listener.Refuse = _ =>
        {
            refusals++;
            return new IOException("the Manager refused the update");
        };
        var exited = false;
        var lines = Enumerable.Range(0, 300).Select(i => new string('x', 100)).ToList();
        _context.Processes.Script(new ScriptedProcess { Output = lines, WhileRunning = (_, _) => Task.FromResult(exited = true) });

        await Assert.ThrowsAsync<IOException>(() => new ExecCommand().RunAsync("""{"exe": "/bin/echo"}""", _context));

        Assert.Equal(1, refusals);
        Assert.True(exited);
    }
}
