using System.Text.Json.Serialization;
using Flamenco.Manager.JobCompilation;
using Flamenco.PluginHost;

namespace Flamenco.Manager.Features.Plugins;

/// <summary>
/// Our addition beside Flamenco's API: which plugins and job types run, and why the others do not. Served by
/// <c>GET /api/v3/plugins</c> and written to the log at startup.
/// </summary>
public sealed record PluginListing
{
    [JsonPropertyName("plugins")] public required IReadOnlyList<PluginStatus> Plugins { get; init; }
    [JsonPropertyName("job_types")] public required IReadOnlyList<JobTypeListingEntry> JobTypes { get; init; }

    /// <summary>The plugins and job types as they are now.</summary>
    public static PluginListing Of(IPluginCatalog plugins, JobTypeCatalog jobTypeCatalog)
    {
        using var jobTypes = jobTypeCatalog.Current();
        var entries = jobTypes.Loaded
            .Select(t => new JobTypeListingEntry
            {
                Name = t.JobType.Info.Name, State = "loaded", File = t.FilePath, Compiler = t.CompilerPluginId, Etag = t.JobType.Info.Etag,
            })
            .Concat(jobTypes.Problems.Select(p => new JobTypeListingEntry
            {
                Name = p.Name, State = "failed", File = p.FilePath, Compiler = p.CompilerPluginId, Error = p.Error,
            }))
            .Concat(jobTypes.Compiling.Select(f => new JobTypeListingEntry
            {
                Name = f.Name, State = "compiling", File = f.FilePath, Compiler = f.CompilerPluginId,
            }))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        return new PluginListing { Plugins = plugins.Plugins, JobTypes = entries };
    }
}

public sealed record JobTypeListingEntry
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("file")] public string? File { get; init; }
    /// <summary>Id of the plugin whose job compiler handles the file.</summary>
    [JsonPropertyName("compiler")] public string? Compiler { get; init; }
    [JsonPropertyName("etag")] public string? Etag { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
