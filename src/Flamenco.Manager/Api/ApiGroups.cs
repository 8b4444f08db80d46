using FastEndpoints;

namespace Flamenco.Manager.Api;

// Flamenco's operations live under /api/v3, tagged as in the spec; ours are tagged "extensible".

public sealed class MetaGroup : Group
{
    public MetaGroup() => Configure("api/v3", ep => ep.Description(d => d.WithTags("meta")));
}

public sealed class JobsGroup : Group
{
    public JobsGroup() => Configure("api/v3", ep => ep.Description(d => d.WithTags("jobs")));
}

public sealed class ExtensibleGroup : Group
{
    public ExtensibleGroup() => Configure("api/v3", ep => ep.Description(d => d.WithTags("extensible")));
}
