using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Hosting;
using Flamenco.Plugins.Storage;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Shaman.StoreFile;

/// <summary>
/// Receives one file, the raw body (worker-and-shaman.md §5.2): 204 stored; 208 already stored, also when a
/// concurrent upload of the same file finished first (the rest of this body is then not read); 425 when someone else
/// is uploading it and the client said it can defer; 417 when size or checksum do not match. The body goes straight
/// to the backend, which streams it to disk: never into memory, as Flamenco's request validator did.
/// </summary>
public sealed class StoreFileEndpoint(ShamanBackend shaman, IOptions<ManagerOptions> options) : EndpointWithoutRequest
{
    /// <summary>RFC 8470's Too Early, which Flamenco uses for "defer this upload" (ASP.NET has no constant for it).</summary>
    private const int TooEarly = 425;

    public override void Configure()
    {
        Post("files/{checksum}/{filesize}");
        Group<ShamanGroup>();
        Description(d => d.WithName("shamanFileStore").Accepts<byte[]>("application/octet-stream")
            .Produces(204).Produces(208).Produces<ApiError>(417).Produces<ApiError>(TooEarly));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var checksum = Route<string>("checksum", isRequired: false);
        var problems = ShamanInput.FileRoute(checksum, Route<string>("filesize", isRequired: false), options.Value.Shaman.MaxFileSize, out var size);
        var headers = HttpContext.Request.Headers;
        if (!UploadHeaders.TryParseCanDefer(headers[UploadHeaders.CanDefer], out var canDefer, out var badDefer)) problems.Add(badDefer!);
        string? originalFileName = headers[UploadHeaders.OriginalFileName];
        if (originalFileName is not null && !UploadHeaders.TryDecodeOriginalFileName(originalFileName, out originalFileName))
        {
            // Flamenco's exact message (T61).
            problems.Add($"invalid {UploadHeaders.OriginalFileName} header: \"{headers[UploadHeaders.OriginalFileName]}\"");
        }
        await shaman.RunAsync(HttpContext, problems, async backend =>
        {
            // Files can be far larger than Kestrel's default request limit (30 MB); the backend stops reading one byte
            // past the declared size, which shaman.maxFileSize bounds.
            if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
            var result = await backend.StoreFileAsync(new StoreFileRequest(checksum!, size, canDefer, originalFileName), HttpContext.Request.Body, ct);
            await AnswerAsync(result, ct);
        }, ct);
    }

    private async Task AnswerAsync(StoreFileResult result, CancellationToken ct)
    {
        switch (result)
        {
            case StoreFileResult.Stored:
                await Send.NoContentAsync(ct);
                break;
            case StoreFileResult.AlreadyStored:
                // Bodiless, started by hand: FastEndpoints turns a handler that sent nothing into 204.
                HttpContext.Response.StatusCode = StatusCodes.Status208AlreadyReported;
                await HttpContext.Response.StartAsync(ct);
                break;
            default:
                await HttpContext.SendErrorAsync(TooEarly,
                    "someone else is uploading this file right now; upload it later, or without X-Shaman-Can-Defer-Upload: true", ct);
                break;
        }
    }
}
