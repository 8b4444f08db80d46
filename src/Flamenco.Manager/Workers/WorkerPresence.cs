using System.Collections.Concurrent;
using Flamenco.Manager.Persistence;

namespace Flamenco.Manager.Workers;

/// <summary>
/// When each worker was last seen. Workers poll often (thousands of requests a second on a big farm), so the time is
/// kept in memory on every call and written to the database only when the stored one is older than
/// <see cref="WriteInterval"/>; readers that need the exact time (timeout checks, the worker list) ask here.
/// </summary>
public sealed class WorkerPresence(IWorkerStore store, TimeProvider time)
{
    /// <summary>How stale the stored last-seen time may get; far below the one-minute worker timeout.</summary>
    public static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, SeenTimes> _seen = new();

    /// <summary>Marks the worker seen now, on <paramref name="worker"/> itself too.</summary>
    public void Seen(Worker worker)
    {
        var now = time.GetUtcNow();
        var stored = _seen.TryGetValue(worker.Id, out var known) ? Max(known.Stored, worker.LastSeen) : worker.LastSeen;
        worker.LastSeen = now;
        if (stored is { } s && now - s < WriteInterval)
        {
            _seen[worker.Id] = new SeenTimes(now, s);
            return;
        }
        store.MarkSeen(worker.Id, now);
        _seen[worker.Id] = new SeenTimes(now, now);
    }

    /// <summary>The latest time the worker was seen, stored or not yet stored.</summary>
    public DateTimeOffset? LastSeen(Worker worker) =>
        _seen.TryGetValue(worker.Id, out var known) ? Max(known.Latest, worker.LastSeen) : worker.LastSeen;

    public void Forget(Guid workerId) => _seen.TryRemove(workerId, out _);

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private sealed record SeenTimes(DateTimeOffset Latest, DateTimeOffset? Stored);
}
