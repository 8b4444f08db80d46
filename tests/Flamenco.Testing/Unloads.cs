namespace Flamenco.Testing;

public static class Unloads
{
    /// <summary>
    /// Collects garbage until <paramref name="reference"/> dies, in a bounded loop: unloading a load context takes a
    /// few collections (finalizers of the context's objects run first).
    /// </summary>
    public static bool WaitForCollection(WeakReference reference)
    {
        for (var i = 0; i < 20 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return !reference.IsAlive;
    }
}
