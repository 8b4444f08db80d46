using Flamenco.Plugins.Commands.Files;
using Flamenco.Plugins.Commands.Tests.TestSupport;
using Flamenco.Plugins.Testing;
using static Flamenco.Plugins.Commands.Tests.TestSupport.GoText;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Plugins.Commands.Tests.Files;

/// <summary><c>move-directory</c>: worker-and-shaman.md §2.7, cases T28–T32.</summary>
public sealed class MoveDirectoryCommandTests : IDisposable
{
    /// <summary>Flamenco's test mtime, 2006-01-02T15:04:05-07:00.</summary>
    private static readonly DateTime DestModified = new(2006, 1, 2, 22, 4, 5, DateTimeKind.Utc);

    /// <summary>The backup suffix of <see cref="DestModified"/> in the Worker's local time zone, UTC+02:00.</summary>
    private const string DestModifiedLocally = "2006-01-03_000405";

    private readonly TempDirectory _root = new();
    private readonly FakeCommandContext _context;
    private readonly string _src;
    private readonly string _dest;

    public MoveDirectoryCommandTests()
    {
        var time = new FakeTimeProvider();
        time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("Worker", TimeSpan.FromHours(2), "Worker", "Worker"));
        _context = new FakeCommandContext { Time = time };
        _src = _root.Combine("render", "output", "here__intermediate");
        _dest = _root.Combine("render", "output", "here");
    }

    public void Dispose() => _root.Dispose();

    private Task RunAsync() => new MoveDirectoryCommand().RunAsync(System.Text.Json.JsonSerializer.Serialize(new { src = _src, dest = _dest }), _context);

    private string Moving(string from, string to) => $"move-directory: moving {Quoted(from)} to {Quoted(to)}";

    private void CreateDest(DateTime modifiedUtc)
    {
        _root.File("render/output/here/old.txt", "old");
        Directory.SetLastWriteTimeUtc(_dest, modifiedUtc);
    }

    [Fact]
    public async Task Run_SourceMissing_LogsAndFailsAsInvalid()
    {
        var error = await Assert.ThrowsAsync<CommandException>(RunAsync);

        Assert.Equal($"move-directory: parameter \"src\" has invalid value {_src}: path does not exist", error.Message);
        Assert.Equal([$"move-directory: source path {Quoted(_src)} does not exist, not moving anything"], _context.Listener.Logs);
    }

    [Fact]
    public async Task Run_DestinationAbsent_RenamesSource()
    {
        _root.File("render/output/here__intermediate/testfile.txt", "frames");

        await RunAsync();

        Assert.Equal([Moving(_src, _dest)], _context.Listener.Logs);
        Assert.Equal("frames", File.ReadAllText(Path.Combine(_dest, "testfile.txt")));
        Assert.False(Directory.Exists(_src));
    }

    [Fact]
    public async Task Run_DestinationExists_MovesItAsideNamedByItsLocalMtimeFirst()
    {
        _root.File("render/output/here__intermediate/testfile.txt", "new");
        CreateDest(DestModified);
        var backup = $"{_dest}-{DestModifiedLocally}";

        await RunAsync();

        Assert.Equal([Moving(_dest, backup), Moving(_src, _dest)], _context.Listener.Logs);
        Assert.Equal("old", File.ReadAllText(Path.Combine(backup, "old.txt")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(_dest, "testfile.txt")));
    }

    [Fact]
    public async Task Run_DestinationMtimeWithHalfSecond_RoundsUp()
    {
        Directory.CreateDirectory(_src);
        CreateDest(DestModified.AddMilliseconds(500));

        await RunAsync();

        Assert.True(Directory.Exists($"{_dest}-2006-01-03_000406"));
    }

    [Fact]
    public async Task Run_BackupAlsoExists_UsesNextNumberedBackup()
    {
        Directory.CreateDirectory(_src);
        CreateDest(DestModified);
        var backup = $"{_dest}-{DestModifiedLocally}";
        _root.File($"render/output/here-{DestModifiedLocally}/keep.txt", "untouched");
        Directory.CreateDirectory($"{backup}-046");

        await RunAsync();

        Assert.Equal([Moving(_dest, $"{backup}-047"), Moving(_src, _dest)], _context.Listener.Logs);
        Assert.Equal("untouched", File.ReadAllText(Path.Combine(backup, "keep.txt")));
        Assert.True(File.Exists(Path.Combine($"{backup}-047", "old.txt")));
    }

    [Theory]
    [InlineData(new[] { "-1", "-003", "-46" }, "-047")]
    [InlineData(new[] { "-1", "-003", "-46", "-10327" }, "-10328")]
    [InlineData(new[] { "-old", "-v2-x" }, "-001")]
    [InlineData(new string[0], "-001")]
    public async Task Run_NumberedBackupsExist_TakesOneMoreThanTheLargestNumber(string[] existingSuffixes, string expectedSuffix)
    {
        Directory.CreateDirectory(_src);
        CreateDest(DestModified);
        var backup = $"{_dest}-{DestModifiedLocally}";
        Directory.CreateDirectory(backup);
        foreach (var suffix in existingSuffixes) File.WriteAllText(backup + suffix, "");

        await RunAsync();

        Assert.Equal(Moving(_dest, backup + expectedSuffix), _context.Listener.Logs[0]);
    }

    [Fact]
    public async Task Run_SourceIsAFile_RenamesIt()
    {
        var src = _root.File("frame.png", "png");
        var dest = _root.Combine("moved.png");

        await new MoveDirectoryCommand().RunAsync(System.Text.Json.JsonSerializer.Serialize(new { src, dest }), _context);

        Assert.Equal("png", File.ReadAllText(dest));
        Assert.False(File.Exists(src));
    }

    [Fact]
    public async Task Run_RenameFails_LogsTheErrorAndFails()
    {
        Directory.CreateDirectory(_src);
        var dest = _root.Combine("no", "such", "parent", "here");

        var error = await Assert.ThrowsAsync<CommandException>(
            () => new MoveDirectoryCommand().RunAsync(System.Text.Json.JsonSerializer.Serialize(new { src = _src, dest }), _context));

        Assert.Equal([Moving(_src, dest), $"move-directory: could not move {Quoted(_src)} to {Quoted(dest)}: {error.Message}"], _context.Listener.Logs);
        Assert.True(Directory.Exists(_src));
    }

    [Theory]
    [InlineData("""{"dest": "/x"}""", "src")]
    [InlineData("""{"src": "", "dest": "/x"}""", "src")]
    [InlineData("""{"src": "/x"}""", "dest")]
    public async Task Run_PathParameterMissing_FailsAsMissing(string parameters, string missing)
    {
        var error = await Assert.ThrowsAsync<CommandException>(() => new MoveDirectoryCommand().RunAsync(parameters, _context));

        Assert.StartsWith($"move-directory: mandatory parameter {Quoted(missing)} is missing", error.Message);
        Assert.Empty(_context.Listener.Calls);
    }
}
