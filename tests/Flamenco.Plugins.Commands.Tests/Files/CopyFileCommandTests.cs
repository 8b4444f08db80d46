using Flamenco.Plugins.Commands.Files;
using Flamenco.Plugins.Commands.Tests.TestSupport;
using Flamenco.Plugins.Testing;
using static Flamenco.Plugins.Commands.Tests.TestSupport.GoText;

namespace Flamenco.Plugins.Commands.Tests.Files;

/// <summary><c>copy-file</c>: worker-and-shaman.md §2.8, cases T33–T36.</summary>
public sealed class CopyFileCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly FakeCommandContext _context = new();

    public void Dispose() => _root.Dispose();

    private Task RunAsync(object parameters) => new CopyFileCommand().RunAsync(System.Text.Json.JsonSerializer.Serialize(parameters), _context);

    private async Task<string> FailAsync(object parameters) => (await Assert.ThrowsAsync<CommandException>(() => RunAsync(parameters))).Message;

    [Fact]
    public async Task Run_DestinationInNewDirectories_CreatesThemAndCopiesTheBytes()
    {
        var src = _root.File("in/frame.png", "pixels ✓");
        var dest = _root.Combine("out", "deeper", "frame.png");

        await RunAsync(new { src, dest });

        Assert.Equal([$"copy-file: copying {Quoted(src)} to {Quoted(dest)}", $"copy-file: copied {Quoted(src)} to {Quoted(dest)}"], _context.Listener.Logs);
        Assert.Equal(File.ReadAllBytes(src), File.ReadAllBytes(dest));
    }

    [Fact]
    public async Task Run_DestinationExists_RefusesToOverwrite()
    {
        var src = _root.File("src.txt", "new");
        var dest = _root.File("dest.txt", "old");

        var message = await FailAsync(new { src, dest });

        Assert.Equal($"copy-file: parameter \"dest\" has invalid value {dest}: path already exists", message);
        Assert.Equal([$"copy-file: destination path {Quoted(dest)} already exists, not copying anything"], _context.Listener.Logs);
        Assert.Equal("old", File.ReadAllText(dest));
    }

    [Fact]
    public async Task Run_SourceIsADirectory_LogsNotARegularFileAndFails()
    {
        var src = _root.Combine("a-directory");
        Directory.CreateDirectory(src);
        var dest = _root.Combine("dest");

        var message = await FailAsync(new { src, dest });

        var notRegular = $"invalid source file {Quoted(src)}: stat {src}: not a regular file";
        Assert.Equal($"copy-file: {notRegular}", message);
        Assert.Equal([$"copy-file: copying {Quoted(src)} to {Quoted(dest)}", $"copy-file: {notRegular}"], _context.Listener.Logs);
        Assert.False(Path.Exists(dest));
    }

    [Fact]
    public async Task Run_RelativeSource_LogsAndFailsAsNotAbsolute()
    {
        var message = await FailAsync(new { src = "rel/file.txt", dest = _root.Combine("dest") });

        Assert.Equal("copy-file: parameter \"src\" has invalid value rel/file.txt: path is not absolute", message);
        Assert.Equal(["copy-file: source path \"rel/file.txt\" is not absolute, not copying anything"], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_RelativeDestination_LogsTheDestinationAndFailsAsNotAbsolute()
    {
        var src = _root.File("src.txt");

        var message = await FailAsync(new { src, dest = "rel/dest.txt" });

        Assert.Equal("copy-file: parameter \"dest\" has invalid value rel/dest.txt: path is not absolute", message);
        Assert.Equal(["copy-file: destination path \"rel/dest.txt\" is not absolute, not copying anything"], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_SourceMissing_LogsAndFailsAsNotExisting()
    {
        var src = _root.Combine("nothing.txt");

        var message = await FailAsync(new { src, dest = _root.Combine("dest") });

        Assert.Equal($"copy-file: parameter \"src\" has invalid value {src}: path does not exist", message);
        Assert.Equal([$"copy-file: source path {Quoted(src)} does not exist, not copying anything"], _context.Listener.Logs);
    }

    [Theory]
    [InlineData("src")]
    [InlineData("dest")]
    public async Task Run_PathParameterMissing_LogsAndFailsAsMissing(string missing)
    {
        var parameters = new Dictionary<string, string> { ["src"] = _root.File("src.txt"), ["dest"] = _root.Combine("dest") };
        parameters[missing] = "";

        var message = await FailAsync(parameters);

        Assert.StartsWith($"copy-file: mandatory parameter {Quoted(missing)} is missing: map[", message);
        Assert.Equal([$"copy-file: missing or empty '{missing}' parameter"], _context.Listener.Logs);
    }
}
