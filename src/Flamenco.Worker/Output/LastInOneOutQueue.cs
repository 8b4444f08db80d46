namespace Flamenco.Worker.Output;

/// <summary>
/// A queue with one slot (reference §3.2): putting an item in replaces the one still waiting, so a slow consumer
/// only ever gets the newest. This is what keeps a fast render from flooding the Manager with previews.
/// </summary>
internal sealed class LastInOneOutQueue<T> where T : class
{
    private readonly SemaphoreSlim _available = new(0, 1);
    private readonly Lock _lock = new();
    private T? _item;

    public void Enqueue(T item)
    {
        lock (_lock)
        {
            var wasEmpty = _item is null;
            _item = item;
            if (wasEmpty) _available.Release();
        }
    }

    /// <summary>Waits for an item and takes it out.</summary>
    public async Task<T> TakeAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        lock (_lock)
        {
            var item = _item!;
            _item = null;
            return item;
        }
    }

    public bool IsEmpty
    {
        get { lock (_lock) return _item is null; }
    }
}
