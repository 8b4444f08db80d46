namespace Flamenco.PluginHost.Loading;

/// <summary>What a plugin says about itself in its <c>[assembly: FlamencoPlugin]</c> attribute and assembly version.</summary>
internal sealed record PluginIdentity(string Id, string Name, string? Version, string TargetAbi);
