using System.Reflection;
using LiteDB;

namespace Flamenco.Manager.Persistence;

/// <summary>
/// Reaches LiteDB 5's background log writer, which LiteDB does not expose: its "queue is empty" event is reset by
/// every commit that queues pages and set once the writer has written them all. Pinned to the LiteDB version in
/// Directory.Packages.props; GroupSyncTests fail if an upgrade moves these fields.
/// </summary>
internal static class LiteDbLogWriter
{
    /// <summary>A wait that returns true once every log page queued before the call has been written.</summary>
    public static Func<TimeSpan, bool> WaitFunction(LiteDatabase database)
    {
        var engine = Field(database, "_engine");
        var disk = Field(engine, "_disk");
        var lazyQueue = disk.GetType().GetProperty("Queue", BindingFlags.Public | BindingFlags.Instance)?.GetValue(disk)
            ?? throw Unsupported("DiskService.Queue");
        var queue = lazyQueue.GetType().GetProperty("Value")!.GetValue(lazyQueue)!;
        var queueIsEmpty = Field(queue, "_queueIsEmpty") as ManualResetEventSlim ?? throw Unsupported("DiskWriterQueue._queueIsEmpty");
        return timeout => queueIsEmpty.Wait(timeout);
    }

    private static object Field(object owner, string name) =>
        owner.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(owner)
        ?? throw Unsupported($"{owner.GetType().Name}.{name}");

    private static NotSupportedException Unsupported(string member) =>
        new($"this LiteDB version has no {member}; GroupSync needs LiteDB 5.0.20's log writer");
}
