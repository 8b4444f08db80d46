namespace Flamenco.Plugins.Storage;

/// <summary>
/// Optional, implemented by the same class as <see cref="IStorageBackend"/>: removes a job's checkout when the job is
/// deleted. Only the checkout goes; the stored files it linked to stay until garbage collection finds them unused.
/// A backend removes only a folder that really lies inside <see cref="StorageLocations.CheckoutRoot"/> once every
/// symlink on its path is resolved, and never follows a link out of it: a job's stored checkout path is input.
/// </summary>
public interface IStorageCheckoutRemover
{
    /// <summary>Whether <see cref="RemoveCheckoutAsync"/> would remove something for this checkout path now.</summary>
    /// <param name="checkoutPath">The path <see cref="IStorageBackend.CreateCheckoutAsync"/> returned, relative to the checkout root.</param>
    bool WouldRemoveCheckout(string checkoutPath);

    /// <summary>Removes the checkout; false when there was nothing it may remove (gone already, not a folder, outside the root).</summary>
    /// <param name="checkoutPath">The path <see cref="IStorageBackend.CreateCheckoutAsync"/> returned, relative to the checkout root.</param>
    /// <param name="cancellationToken">Fires when the Manager stops.</param>
    /// <exception cref="IOException">The folder exists but could not be removed completely.</exception>
    Task<bool> RemoveCheckoutAsync(string checkoutPath, CancellationToken cancellationToken);
}
