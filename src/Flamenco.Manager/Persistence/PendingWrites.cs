using LiteDB;

namespace Flamenco.Manager.Persistence;

/// <summary>
/// The jobs and tasks the Manager is working on, as documents: changes accepted but not in LiteDB yet (write-behind),
/// and live documents already written.
///
/// Under load every poll and task update reads and changes a task and its job. Writing each change in a transaction
/// of its own, and reading each document back from LiteDB, cost most of the Manager's CPU. Here changes wait for the
/// next <see cref="GroupSync"/> round, which writes all of them in one transaction right before its fsync, so many
/// changes share one commit and a document changed twice in a round is written once; nobody is told "done" before
/// the round that wrote their change (the request waits for <see cref="FlamencoDatabase.WhenDurableAsync"/>). Until
/// then readers see them: every read of the job store merges these documents over what LiteDB returns.
///
/// Written documents stay here while they are live (a job or task not finished yet), so the next read of a task being
/// worked on, or of its job, costs no LiteDB query. Finished ones leave once written; this keeps memory to what the
/// farm is working on, not what it has stored.
///
/// A deletion is a change like any other: a <see cref="Tombstone"/> stands in for the document until its round has
/// deleted it from LiteDB, so readers stop seeing a deleted job and its tasks at once, and a round that was writing
/// their previous versions cannot bring them back.
/// </summary>
internal sealed class PendingWrites
{
    private readonly Lock _lock = new();
    private readonly Func<string, BsonDocument, bool> _isLive;
    private Dictionary<DocumentKey, BsonDocument> _pending = [];

    /// <summary>The round being written: still visible to readers until LiteDB has committed it.</summary>
    private Dictionary<DocumentKey, BsonDocument> _writing = [];

    private readonly Dictionary<DocumentKey, BsonDocument> _live = [];

    /// <summary>Counts finished rounds, so a document read from LiteDB is only remembered if no round ended meanwhile.</summary>
    private long _rounds;

    /// <param name="isLive">Whether a written document of a collection is still worth keeping in memory.</param>
    public PendingWrites(Func<string, BsonDocument, bool> isLive) => _isLive = isLive;

    private const string DeletedField = "__deleted";

    /// <summary>Stands in for a deleted document: readers treat it as absent, the next round deletes the stored one.</summary>
    public static BsonDocument Tombstone(Guid id) => new() { ["_id"] = id, [DeletedField] = true };

    public static bool IsTombstone(BsonDocument document) => document.ContainsKey(DeletedField);

    /// <summary>Replaces the stored version of each document (by its <c>_id</c>) with this one, all at once.</summary>
    public void Put(IEnumerable<(string Collection, IReadOnlyCollection<BsonDocument> Documents)> changes)
    {
        lock (_lock)
        {
            foreach (var (collection, documents) in changes)
            {
                foreach (var document in documents) _pending[new DocumentKey(collection, document["_id"].AsGuid)] = document;
            }
        }
    }

    /// <summary>
    /// The newest version of a document known here (a <see cref="Tombstone"/> when it is being deleted), or null when
    /// only LiteDB has it. <paramref name="round"/> is the
    /// token to pass to <see cref="Remember"/> after reading it from LiteDB.
    /// </summary>
    public BsonDocument? Find(string collection, Guid id, out long round)
    {
        var key = new DocumentKey(collection, id);
        lock (_lock)
        {
            round = _rounds;
            return _pending.GetValueOrDefault(key) ?? _writing.GetValueOrDefault(key) ?? _live.GetValueOrDefault(key);
        }
    }

    /// <summary>The token for <see cref="Remember"/> while nothing else can write (when the database opens).</summary>
    public long Round
    {
        get
        {
            lock (_lock) return _rounds;
        }
    }

    /// <summary>
    /// Keeps a live document just read from LiteDB, unless a round ended since <see cref="Find"/>: then LiteDB may
    /// have a newer version than the one read, and the next reader will read again.
    /// </summary>
    public void Remember(string collection, BsonDocument document, long round)
    {
        lock (_lock)
        {
            if (round == _rounds && _isLive(collection, document)) _live.TryAdd(new DocumentKey(collection, document["_id"].AsGuid), document);
        }
    }

    /// <summary>
    /// The documents of a collection not yet in LiteDB, by id. Take this before reading LiteDB: a document leaves
    /// here only once LiteDB has it, so the other order could miss a change written in between. Deleted documents are
    /// <see cref="Tombstone"/>s: they hide the stored version and add nothing.
    /// </summary>
    public Dictionary<Guid, BsonDocument> Unwritten(string collection)
    {
        lock (_lock)
        {
            var documents = new Dictionary<Guid, BsonDocument>();
            foreach (var (key, document) in _writing) if (key.Collection == collection) documents[key.Id] = document;
            foreach (var (key, document) in _pending) if (key.Collection == collection) documents[key.Id] = document;
            return documents;
        }
    }

    /// <summary>
    /// The newest version of every document of a collection held here (pending, being written or live) that
    /// <paramref name="matches"/>. Complete only for documents that are always held while they match, such as
    /// active tasks (<see cref="FlamencoDatabase"/> loads those at start; every change afterwards passes here).
    /// </summary>
    public List<BsonDocument> InMemory(string collection, Func<BsonDocument, bool> matches)
    {
        lock (_lock)
        {
            var newest = new Dictionary<Guid, BsonDocument>();
            foreach (var source in (IEnumerable<Dictionary<DocumentKey, BsonDocument>>)[_live, _writing, _pending])
            {
                foreach (var (key, document) in source) if (key.Collection == collection) newest[key.Id] = document;
            }
            return newest.Values.Where(document => !IsTombstone(document) && matches(document)).ToList();
        }
    }

    /// <summary>
    /// Writes everything accepted so far to LiteDB with <paramref name="write"/> (one transaction), keeping it
    /// visible here until that returns. When the write fails, the changes stay pending for the next round.
    /// </summary>
    public void WriteAll(Action<IEnumerable<(string Collection, IReadOnlyCollection<BsonDocument> Documents)>> write)
    {
        Dictionary<DocumentKey, BsonDocument> round;
        lock (_lock)
        {
            if (_pending.Count == 0) return;
            (round, _writing, _pending) = (_pending, _pending, []);
        }

        try
        {
            write(round.GroupBy(entry => entry.Key.Collection, entry => entry.Value)
                .Select(group => (group.Key, (IReadOnlyCollection<BsonDocument>)group.ToList())));
        }
        catch
        {
            lock (_lock)
            {
                // Newer versions accepted meanwhile win; the rest goes back for the next round.
                foreach (var (key, document) in round) _pending.TryAdd(key, document);
                _writing = [];
            }
            throw;
        }

        lock (_lock)
        {
            foreach (var (key, document) in round)
            {
                if (!IsTombstone(document) && _isLive(key.Collection, document)) _live[key] = document;
                else _live.Remove(key);
            }
            _writing = [];
            _rounds++;
        }
    }

    private readonly record struct DocumentKey(string Collection, Guid Id);
}
