using Flamenco.Manager.Events;
using Flamenco.Manager.LocalStorage;
using Flamenco.Manager.TaskLogs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Manager.Tests.TaskLogs;

/// <summary>Manager-written task log lines: RFC 3339 local timestamps like upstream's (manager.md §6.5).</summary>
public sealed class TaskLoggerTests
{
    private static readonly Guid JobId = Guid.NewGuid();
    private static readonly Guid TaskId = Guid.NewGuid();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 5, 250, TimeSpan.Zero));

    [Fact]
    public async Task Append_InAZoneWithAnOffset_PrefixesTheLocalTimeWithItsOffset()
    {
        _time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2"));
        var store = Substitute.For<ITaskLogStore>();
        using var logger = new TaskLogger(store, _time, NullLogger<TaskLogger>.Instance);

        logger.Append(JobId, TaskId, "task changed status queued -> active");
        await logger.FlushAsync();

        store.Received(1).Append(JobId, TaskId, "2026-11-23T14:00:05+02:00 task changed status queued -> active\n");
    }

    [Fact]
    public async Task Append_InUtc_WritesZ()
    {
        _time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var store = Substitute.For<ITaskLogStore>();
        using var logger = new TaskLogger(store, _time, NullLogger<TaskLogger>.Instance);

        logger.Append(JobId, TaskId, "Task timed out.");
        await logger.FlushAsync();

        store.Received(1).Append(JobId, TaskId, "2026-11-23T12:00:05Z Task timed out.\n");
    }

    [Fact]
    public async Task Append_SeveralLines_PrefixesEachLine()
    {
        _time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var store = Substitute.For<ITaskLogStore>();
        using var logger = new TaskLogger(store, _time, NullLogger<TaskLogger>.Instance);

        logger.Append(JobId, TaskId, "one\ntwo\n");
        await logger.FlushAsync();

        store.Received(1).Append(JobId, TaskId, "2026-11-23T12:00:05Z one\n2026-11-23T12:00:05Z two\n");
    }

    [Fact]
    public async Task AppendFromWorker_WrittenAsSentAndInOrder()
    {
        var store = Substitute.For<ITaskLogStore>();
        var written = new List<string>();
        store.When(s => s.Append(JobId, TaskId, Arg.Any<string>())).Do(c => written.Add(c.ArgAt<string>(2)));
        using var logger = new TaskLogger(store, _time, NullLogger<TaskLogger>.Instance);

        for (var i = 0; i < 100; i++) logger.AppendFromWorker(JobId, TaskId, $"line {i}\n");
        await logger.FlushAsync();

        // Lines queued together may be written in one append; the log gets them all, in order.
        Assert.Equal(string.Concat(Enumerable.Range(0, 100).Select(i => $"line {i}\n")), string.Concat(written));
    }

    [Fact]
    public async Task Append_StoreFails_DoesNotThrowAndKeepsWriting()
    {
        var store = Substitute.For<ITaskLogStore>();
        store.When(s => s.Append(Arg.Any<Guid>(), Arg.Any<Guid>(), Arg.Any<string>())).Do(_ => throw new IOException("disk full"));
        using var logger = new TaskLogger(store, _time, NullLogger<TaskLogger>.Instance);

        logger.Append(JobId, TaskId, "task changed status");
        await logger.FlushAsync();
        logger.Append(JobId, TaskId, "again");
        await logger.FlushAsync();

        store.Received(2).Append(JobId, TaskId, Arg.Any<string>());
    }

    [Fact]
    public async Task Append_RealStore_WritesTheTimestampedLine()
    {
        _time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var root = Directory.CreateTempSubdirectory("flamenco-tasklogger-").FullName;
        try
        {
            var store = new TaskLogStore(new ManagerLocalStorage(root), new EventBus(NullLogger<EventBus>.Instance), _time);
            using var logger = new TaskLogger(store, _time, NullLogger<TaskLogger>.Instance);

            logger.Append(JobId, TaskId, "task changed status queued -> active");
            await logger.FlushAsync();

            Assert.Equal("2026-11-23T12:00:05Z task changed status queued -> active\n", store.Tail(JobId, TaskId));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
