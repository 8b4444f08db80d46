using Flamenco.Plugins;
using Microsoft.Extensions.Configuration;

namespace Flamenco.PluginHost.Loading;

/// <summary>The host's answer to a plugin asking where and how it runs.</summary>
internal sealed record PluginContext(string PluginId, string PluginDirectory, IConfiguration Configuration) : IPluginContext;
