using FastEndpoints;

namespace Flamenco.Manager.Features.Shaman;

/// <summary>The spec's <c>shaman</c> operations. None of them is authenticated, as in Flamenco (worker-and-shaman.md §5.2).</summary>
public sealed class ShamanGroup : Group
{
    public ShamanGroup() => Configure("api/v3/shaman", ep =>
    {
        ep.Description(d => d.WithTags("shaman").Produces<Flamenco.Api.ApiError>(503));
        ep.AllowAnonymous();
    });
}
