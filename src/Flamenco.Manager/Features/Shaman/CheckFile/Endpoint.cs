using Flamenco.Api;
using Flamenco.Manager.Hosting;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Shaman.CheckFile;

/// <summary>
/// A file's status in the store: <c>unknown</c>, <c>uploading</c> or <c>stored</c>. The Blender add-on asks before
/// every upload and skips stored files.
/// </summary>
public sealed class CheckFileEndpoint(ShamanBackend shaman, IOptions<ManagerOptions> options) : EndpointWithoutRequest<ShamanSingleFileStatus>
{
    public override void Configure()
    {
        Get("files/{checksum}/{filesize}");
        Group<ShamanGroup>();
        Description(d => d.WithName("shamanFileStoreCheck"));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var checksum = Route<string>("checksum", isRequired: false);
        var problems = ShamanInput.FileRoute(checksum, Route<string>("filesize", isRequired: false), options.Value.Shaman.MaxFileSize, out var size);

        await shaman.RunAsync(HttpContext, problems, async backend =>
        {
            var status = await backend.GetFileStatusAsync(checksum!, size, ct);
            await Send.OkAsync(new ShamanSingleFileStatus { Status = ShamanInput.ToWire(status) }, ct);
        }, ct);
    }
}
