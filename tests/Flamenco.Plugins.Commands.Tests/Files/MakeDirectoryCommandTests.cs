using Flamenco.Plugins.Commands.Files;
using Flamenco.Plugins.Commands.Tests.TestSupport;
using Flamenco.Plugins.Testing;
using static Flamenco.Plugins.Commands.Tests.TestSupport.GoText;

namespace Flamenco.Plugins.Commands.Tests.Files;

/// <summary><c>make-directory</c>: worker-and-shaman.md §2.6, case T37.</summary>
public sealed class MakeDirectoryCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly FakeCommandContext _context = new();

    public void Dispose() => _root.Dispose();

    private Task RunAsync(string path) => new MakeDirectoryCommand().RunAsync(System.Text.Json.JsonSerializer.Serialize(new { path }), _context);

    [Fact]
    public async Task Run_NestedNewPath_CreatesItAndItsParents()
    {
        var path = _root.Combine("render", "output", "here");

        await RunAsync(path);

        Assert.True(Directory.Exists(path));
        Assert.Equal([$"make-directory: creating directory {Quoted(path)}"], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_ExistingDirectory_Succeeds()
    {
        await RunAsync(_root.Path);

        Assert.Equal([$"make-directory: creating directory {Quoted(_root.Path)}"], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_PathWithQuote_IsGoQuotedInTheLog()
    {
        var path = _root.Combine("say \"cheese\"");

        await RunAsync(path);

        Assert.True(Directory.Exists(path));
        Assert.Equal([$"make-directory: creating directory \"{_root.Path}/say \\\"cheese\\\"\""], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_NoPath_FailsAsMissingWithoutLogging()
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => new MakeDirectoryCommand().RunAsync("{}", _context));

        Assert.Equal("make-directory: mandatory parameter \"path\" is missing: map[]", error.Message);
        Assert.Empty(_context.Listener.Calls);
    }

    [Fact]
    public async Task Run_PathUnderAFile_LogsTheErrorAndFails()
    {
        var path = Path.Combine(_root.File("a-file"), "sub");

        var error = await Assert.ThrowsAsync<CommandException>(() => RunAsync(path));

        var logs = _context.Listener.Logs;
        Assert.Equal(2, logs.Count);
        Assert.Equal($"make-directory: could not create directory {Quoted(path)}: {error.Message}", logs[1]);
        Assert.False(Directory.Exists(path));
    }
}
