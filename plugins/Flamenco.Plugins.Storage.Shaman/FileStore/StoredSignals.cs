namespace Flamenco.Plugins.Storage.Shaman.FileStore;

/// <summary>
/// Lets concurrent uploads of one file stop early once one of them has stored it. Unlike Flamenco, only a
/// <em>successful</em> store is announced (worker-and-shaman.md §8.2 item 6): an upload that fails, or garbage
/// uploaded under someone else's checksum, cannot cut the others off.
/// </summary>
internal sealed class StoredSignals
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = [];

    /// <summary>A token that fires when another upload of <paramref name="key"/> stores the file; dispose when done.</summary>
    public Subscription Subscribe(string key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry)) _entries[key] = entry = new Entry();
            entry.Subscribers++;
            return new Subscription(this, key, entry);
        }
    }

    /// <summary>Tells the other uploads of <paramref name="key"/> that the file is stored.</summary>
    public void Announce(string key)
    {
        Entry? entry;
        lock (_gate) _entries.TryGetValue(key, out entry);
        // Outside the lock: cancelling runs the waiting uploads' callbacks. The source is never disposed (it has no
        // timer or wait handle), so a late Announce cannot hit a disposed one.
        entry?.Stored.Cancel();
    }

    private void Leave(string key, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.Subscribers == 0) _entries.Remove(key);
        }
    }

    internal sealed class Entry
    {
        public CancellationTokenSource Stored { get; } = new();

        public int Subscribers { get; set; }
    }

    public sealed class Subscription : IDisposable
    {
        private StoredSignals? _owner;
        private readonly string _key;
        private readonly Entry _entry;

        internal Subscription(StoredSignals owner, string key, Entry entry)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
        }

        public CancellationToken Stored => _entry.Stored.Token;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Leave(_key, _entry);
    }
}
