using System.Text;
using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.TaskLogs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Manager.Tests.TaskLogs;

/// <summary>Task log files (manager.md §6.5, §8.8 case 96).</summary>
public sealed class TaskLogStoreTests : IDisposable
{
    private static readonly Guid JobId = Guid.Parse("25c5a4e4-7a5b-4c6e-9d2f-1e0a3b4c5d6e");
    private static readonly Guid TaskId = Guid.Parse("9fc1c2c6-2d7a-4b4b-8a5e-5f6a7b8c9d0e");

    private readonly string _root = Directory.CreateTempSubdirectory("flamenco-tasklogs-").FullName;
    private readonly EventBus _events = new(NullLogger<EventBus>.Instance);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly ManagerLocalStorage _storage;
    private readonly TaskLogStore _logs;

    public TaskLogStoreTests()
    {
        _storage = new ManagerLocalStorage(_root);
        _logs = new TaskLogStore(_storage, _events, _time);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string LogPath => Path.Combine(_root, "job-25c5", JobId.ToString(), $"task-{TaskId}.txt");

    [Fact]
    public void Append_TwoChunks_WritesThemAsLinesInTheJobsFolder()
    {
        _logs.Append(JobId, TaskId, "Ovo je priča");
        _logs.Append(JobId, TaskId, "Ima dvije linije");

        Assert.Equal("Ovo je priča\nIma dvije linije\n", File.ReadAllText(LogPath, Encoding.UTF8));
        Assert.Equal($"job-25c5/{JobId}/task-{TaskId}.txt", _logs.RelativePath(JobId, TaskId));
    }

    [Fact]
    public void Append_TextEndingInNewline_AddsNoOtherNewline()
    {
        _logs.Append(JobId, TaskId, "one\ntwo\n");

        Assert.Equal("one\ntwo\n", File.ReadAllText(LogPath));
    }

    [Fact]
    public void Append_EmptyText_WritesAndPublishesNothing()
    {
        var published = new List<EventTaskLogUpdate>();
        using var _ = _events.Subscribe<EventTaskLogUpdate>(published.Add);

        _logs.Append(JobId, TaskId, "");

        Assert.False(File.Exists(LogPath));
        Assert.Empty(published);
    }

    [Fact]
    public async Task Append_EachChunk_PublishesItWithoutTheAddedNewline()
    {
        var published = new List<EventTaskLogUpdate>();
        using var _ = _events.Subscribe<EventTaskLogUpdate>(published.Add);

        _logs.Append(JobId, TaskId, "first");
        await _logs.AppendAsync(JobId, TaskId, "second\n");

        Assert.Equal(
            [new EventTaskLogUpdate { TaskId = TaskId.ToString(), Log = "first" }, new EventTaskLogUpdate { TaskId = TaskId.ToString(), Log = "second\n" }],
            published);
    }

    [Fact]
    public void Tail_TwoLineLog_IsTheWholeLog()
    {
        _logs.Append(JobId, TaskId, "Ovo je priča");
        _logs.Append(JobId, TaskId, "Ima dvije linije");

        Assert.Equal("Ovo je priča\nIma dvije linije\n", _logs.Tail(JobId, TaskId));
    }

    [Fact]
    public void Tail_999Lines_IsExactlyLines887To999()
    {
        var expectedSize = 0L;
        for (var i = 1; i <= 999; i++)
        {
            var line = $"This is line #{i}\n";
            _logs.Append(JobId, TaskId, line);
            expectedSize += line.Length;
        }

        var tail = _logs.Tail(JobId, TaskId);

        Assert.Equal(expectedSize, _logs.Size(JobId, TaskId));
        var expected = string.Concat(Enumerable.Range(887, 999 - 887 + 1).Select(i => $"This is line #{i}\n"));
        Assert.Equal(expected, tail);
    }

    [Fact]
    public void Tail_LastLineLongerThanTheWindow_IsTheWholeWindow()
    {
        _logs.Append(JobId, TaskId, "short line");
        _logs.Append(JobId, TaskId, new string('x', 3000));

        Assert.Equal(new string('x', 2047) + "\n", _logs.Tail(JobId, TaskId));
    }

    [Fact]
    public void TailAndSize_NoLog_AreNullAndZero()
    {
        Assert.Null(_logs.Tail(JobId, TaskId));
        Assert.Equal(0, _logs.Size(JobId, TaskId));
    }

    [Fact]
    public void Tail_EmptyFile_IsNull()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        File.WriteAllBytes(LogPath, []);

        Assert.Null(_logs.Tail(JobId, TaskId));
    }

    [Fact]
    public async Task Append_1000ConcurrentWriters_RunsNeverInterleave()
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            var run = new string(Alphabet[i % Alphabet.Length], 100);
            if (i % 2 == 0) _logs.Append(JobId, TaskId, run);
            else await _logs.AppendAsync(JobId, TaskId, run);
        })));

        var lines = File.ReadAllText(LogPath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        Assert.All(lines, line => Assert.Equal(new string(line[0], 100), line));
        Assert.Equal(
            Enumerable.Range(0, 1000).GroupBy(i => Alphabet[i % Alphabet.Length]).ToDictionary(g => g.Key, g => g.Count()),
            lines.GroupBy(l => l[0]).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(0, _logs.LockCount);
    }

    [Fact]
    public async Task Append_ManyTasks_LeavesNoLocksBehind()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => _logs.Append(JobId, Guid.NewGuid(), "line"))));

        Assert.Equal(0, _logs.LockCount);
    }

    [Fact]
    public void Append_PastTheSizeLimit_MovesTheLogAsideAndStartsANewOne()
    {
        var logs = new TaskLogStore(_storage, _events, _time) { MaxFileBytes = 1000 };
        static string Line(int i) => $"line {i} ".PadRight(99, '.') + "\n";

        for (var i = 1; i <= 15; i++) logs.Append(JobId, TaskId, Line(i));

        var previous = Path.Combine(Path.GetDirectoryName(LogPath)!, $"task-{TaskId}.previous.txt");
        Assert.Equal(string.Concat(Enumerable.Range(1, 10).Select(Line)), File.ReadAllText(previous));
        var current = File.ReadAllText(LogPath);
        Assert.Equal(
            $"2026-11-23T12:00:00Z This log passed 1000 bytes; its earlier part is in task-{TaskId}.previous.txt, and anything before that was deleted.\n" +
            string.Concat(Enumerable.Range(11, 5).Select(Line)),
            current);
        Assert.EndsWith(Line(15), logs.Tail(JobId, TaskId));
    }

    [Fact]
    public void DeleteJobFolder_RemovesTheLogsAndTheEmptyPrefixFolder()
    {
        var otherJob = Guid.Parse("25c5ffff-7a5b-4c6e-9d2f-1e0a3b4c5d6e");
        _logs.Append(JobId, TaskId, "mine");
        _logs.Append(otherJob, TaskId, "other");

        _storage.DeleteJobFolder(JobId);

        Assert.False(Directory.Exists(Path.Combine(_root, "job-25c5", JobId.ToString())));
        Assert.True(File.Exists(_logs.FilePath(otherJob, TaskId)));

        _storage.DeleteJobFolder(otherJob);
        _storage.DeleteJobFolder(otherJob);

        Assert.False(Directory.Exists(Path.Combine(_root, "job-25c5")));
    }
}
