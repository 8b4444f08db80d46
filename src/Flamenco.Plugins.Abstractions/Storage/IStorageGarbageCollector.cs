namespace Flamenco.Plugins.Storage;

/// <summary>
/// Optional, implemented by the same class as <see cref="IStorageBackend"/>: deletes stored files that no checkout uses
/// and that nobody has stored, asked for or checked out since a given moment. The Manager calls it periodically
/// (<c>shaman.garbageCollect</c> in its configuration), holding a lease on the backend meanwhile.
/// </summary>
public interface IStorageGarbageCollector
{
    /// <summary>Deletes the files unused since <paramref name="unusedSince"/> and says what it did.</summary>
    Task<StorageGarbageReport> CollectGarbageAsync(DateTimeOffset unusedSince, CancellationToken cancellationToken);
}

/// <summary>What one garbage collection found and did.</summary>
/// <param name="OldFiles">Stored files not used since the given moment.</param>
/// <param name="StillUsed">Old files kept because a checkout links to them or they were used meanwhile.</param>
/// <param name="Deleted">Files deleted.</param>
/// <param name="BytesFreed">Their total size.</param>
/// <param name="NotDeleted">Files that could not be deleted (logged by the backend).</param>
public sealed record StorageGarbageReport(int OldFiles, int StillUsed, int Deleted, long BytesFreed, int NotDeleted);
