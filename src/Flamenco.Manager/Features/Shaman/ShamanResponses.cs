using Flamenco.Manager.Api;
using Flamenco.Plugins.Storage;

namespace Flamenco.Manager.Features.Shaman;

internal static class ShamanResponses
{
    /// <summary>400 with every problem found (the first ten: a long list of one mistake helps nobody).</summary>
    public static Task SendInputProblemsAsync(this HttpContext context, IReadOnlyList<string> problems, CancellationToken ct) =>
        context.SendErrorAsync(StatusCodes.Status400BadRequest,
            string.Join("; ", problems.Take(10)) + (problems.Count > 10 ? $"; and {problems.Count - 10} more problems" : ""), ct);

    public static Task SendShamanNotActiveAsync(this HttpContext context, CancellationToken ct) =>
        context.SendErrorAsync(StatusCodes.Status503ServiceUnavailable, ShamanBackend.NotActive, ct);

    /// <summary>
    /// A backend's refusal, with the status codes the spec promises (Flamenco itself answers 500 to every checkout
    /// error; its clients handle 409 and 424 specially: worker-and-shaman.md §5.2).
    /// </summary>
    public static Task SendStorageErrorAsync(this HttpContext context, StorageException error, CancellationToken ct) =>
        context.SendErrorAsync(error.Error switch
        {
            StorageError.InvalidRequest => StatusCodes.Status400BadRequest,
            StorageError.ContentMismatch => StatusCodes.Status417ExpectationFailed,
            StorageError.MissingFiles => StatusCodes.Status424FailedDependency,
            StorageError.CheckoutExists => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status500InternalServerError,
        }, error.Message, ct);
}
