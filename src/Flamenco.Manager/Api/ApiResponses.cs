using Flamenco.Api;
using FastEndpoints;

namespace Flamenco.Manager.Api;

internal static class ApiResponses
{
    /// <summary>Answers with Flamenco's error body.</summary>
    public static Task SendErrorAsync(this HttpContext context, int statusCode, string message, CancellationToken cancellationToken) =>
        context.Response.SendAsync(new ApiError(statusCode, message), statusCode, cancellation: cancellationToken);

    public static Task SendErrorAsync(this HttpContext context, ApiError error, CancellationToken cancellationToken) =>
        context.SendErrorAsync(error.Code, error.Message, cancellationToken);
}
