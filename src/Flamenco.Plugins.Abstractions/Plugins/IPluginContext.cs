using Microsoft.Extensions.Configuration;

namespace Flamenco.Plugins;

/// <summary>What the host tells a plugin about where and how it runs.</summary>
public interface IPluginContext
{
    /// <summary>The plugin's id from its <see cref="FlamencoPluginAttribute"/>.</summary>
    string PluginId { get; }

    /// <summary>The folder the plugin was loaded from.</summary>
    string PluginDirectory { get; }

    /// <summary>The plugin's configuration section, <c>Plugins:Settings:&lt;plugin id&gt;</c> of the host's configuration.</summary>
    IConfiguration Configuration { get; }
}
