using Flamenco.Api;
using Flamenco.Manager.Hosting;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Shaman.CheckRequirements;

/// <summary>
/// Which files of a coming checkout the client still has to upload (worker-and-shaman.md §5.2): only those not
/// stored, each (sha, size) once with the path first asked for. The Blender add-on refuses an answer listing a stored
/// file or a path it did not ask for (api-contract.md §3.4).
/// </summary>
public sealed class CheckRequirementsEndpoint(ShamanBackend shaman, IOptions<ManagerOptions> options)
    : Endpoint<ShamanRequirementsRequest, ShamanRequirementsResponse>
{
    public override void Configure()
    {
        Post("checkout/requirements");
        Group<ShamanGroup>();
        Description(d => d.WithName("shamanCheckoutRequirements"));
    }

    public override async Task HandleAsync(ShamanRequirementsRequest req, CancellationToken ct)
    {
        var problems = ShamanInput.Files(req.Files, options.Value.Shaman.MaxFileSize, out var files);

        await shaman.RunAsync(HttpContext, problems, async backend =>
        {
            var needed = await backend.CheckRequirementsAsync(files, ct);
            await Send.OkAsync(new ShamanRequirementsResponse
            {
                Files = [.. needed.Select(r => new ShamanFileSpecWithStatus
                {
                    Sha = r.File.Checksum, Size = r.File.Size, Path = r.File.Path, Status = ShamanInput.ToWire(r.Status),
                })],
            }, ct);
        }, ct);
    }
}
