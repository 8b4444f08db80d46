using System.Text.Json.Serialization;
using Flamenco.Manager.Api;
using Flamenco.Manager.JobCompilation;
using Flamenco.PluginHost;
using FastEndpoints;

namespace Flamenco.Manager.Features.Plugins.List;

/// <summary>Our addition beside Flamenco's API: which plugins and job types run, and why the others do not.</summary>
public sealed record PluginListing
{
    [JsonPropertyName("plugins")] public required IReadOnlyList<PluginStatus> Plugins { get; init; }
    [JsonPropertyName("job_types")] public required IReadOnlyList<JobTypeListingEntry> JobTypes { get; init; }
}

public sealed record JobTypeListingEntry
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("file")] public string? File { get; init; }
    [JsonPropertyName("etag")] public string? Etag { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}

public sealed class ListPluginsEndpoint(IPluginCatalog plugins, JobTypeCatalog jobTypeCatalog) : EndpointWithoutRequest<PluginListing>
{
    public override void Configure()
    {
        Get("plugins");
        Group<ExtensibleGroup>();
        AllowAnonymous();
        Description(d => d.WithName("listPlugins"));
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        using var jobTypes = jobTypeCatalog.Current();
        var entries = jobTypes.JobTypes
            .Select(t => new JobTypeListingEntry { Name = t.Info.Name, State = "loaded", Etag = t.Info.Etag })
            .Concat(jobTypes.Problems.Select(p => new JobTypeListingEntry { Name = p.Name, State = "failed", File = p.FilePath, Error = p.Error }))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        return Send.OkAsync(new PluginListing { Plugins = plugins.Plugins, JobTypes = entries }, ct);
    }
}
