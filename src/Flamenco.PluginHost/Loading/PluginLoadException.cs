namespace Flamenco.PluginHost.Loading;

/// <summary>A plugin folder could not become a running generation; <see cref="State"/> says whether it failed or is incompatible.</summary>
internal sealed class PluginLoadException(PluginState state, string message, PluginIdentity? identity = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public PluginState State { get; } = state;

    /// <summary>The plugin's identity when the attribute could be read before the failure.</summary>
    public PluginIdentity? Identity { get; } = identity;
}
