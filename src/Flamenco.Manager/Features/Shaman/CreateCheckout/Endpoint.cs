using Flamenco.Api;
using Flamenco.Manager.Hosting;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Shaman.CreateCheckout;

/// <summary>
/// Makes the uploaded files available to workers under the checkout root (worker-and-shaman.md §5.2). Answers the
/// path actually used, which has a random suffix when the requested one exists; 424 when files are missing and 409
/// when no unique path was found, as the spec and the Blender add-on expect (Flamenco itself answers 500).
/// </summary>
public sealed class CreateCheckoutEndpoint(ShamanBackend shaman, IOptions<ManagerOptions> options)
    : Endpoint<ShamanCheckout, ShamanCheckoutResult>
{
    public override void Configure()
    {
        Post("checkout/create");
        Group<ShamanGroup>();
        Description(d => d.WithName("shamanCheckout").Produces<ApiError>(424).Produces<ApiError>(409));
    }

    public override async Task HandleAsync(ShamanCheckout req, CancellationToken ct)
    {
        var problems = ShamanInput.Files(req.Files, options.Value.Shaman.MaxFileSize, out var files);
        if (ShamanInput.CheckoutPathProblem("checkoutPath", req.CheckoutPath) is { } badPath) problems.Insert(0, badPath);

        await shaman.RunAsync(HttpContext, problems, async backend =>
        {
            var actual = await backend.CreateCheckoutAsync(req.CheckoutPath!, files, ct);
            Logger.LogInformation("Shaman: checkout {CheckoutPath} created with {Files} files (asked for {Requested})", actual, files.Count, req.CheckoutPath);
            await Send.OkAsync(new ShamanCheckoutResult { CheckoutPath = actual }, ct);
        }, ct);
    }
}
