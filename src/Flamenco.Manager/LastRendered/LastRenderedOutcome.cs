using Flamenco.Api;
using Flamenco.Manager.Api;

namespace Flamenco.Manager.LastRendered;

/// <summary>
/// The answer to an uploaded image: 202 when queued, else the error for Flamenco's <c>{"code","message"}</c> body
/// (400 unreadable body, 411, 413, 415, 429).
/// </summary>
public sealed record LastRenderedOutcome(int StatusCode, string? Message)
{
    internal static LastRenderedOutcome Queued { get; } = new(StatusCodes.Status202Accepted, null);

    internal static LastRenderedOutcome LengthRequired { get; } = new(StatusCodes.Status411LengthRequired, "Content-Length header required");

    internal static LastRenderedOutcome TooLarge { get; } =
        new(StatusCodes.Status413PayloadTooLarge, $"image too large; should be max {LastRenderedProcessor.MaxImageBytes} bytes");

    internal static LastRenderedOutcome QueueFull { get; } =
        new(StatusCodes.Status429TooManyRequests, "too many images queued for processing; send the next one later");

    public bool IsQueued => StatusCode == StatusCodes.Status202Accepted;

    public ApiError? Error => Message is null ? null : new ApiError(StatusCode, Message);

    internal static LastRenderedOutcome Unsupported(string message) => new(StatusCodes.Status415UnsupportedMediaType, message);

    internal static LastRenderedOutcome BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}

public static class LastRenderedResponses
{
    /// <summary>
    /// Answers with the outcome: 202 without a body (started here, so FastEndpoints does not turn a handler that sent
    /// nothing into a 204), or Flamenco's error body.
    /// </summary>
    public static Task SendLastRenderedOutcomeAsync(this HttpContext context, LastRenderedOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Error is { } error) return context.SendErrorAsync(error, cancellationToken);
        context.Response.StatusCode = outcome.StatusCode;
        context.Response.ContentLength = 0;
        return context.Response.StartAsync(cancellationToken);
    }
}
