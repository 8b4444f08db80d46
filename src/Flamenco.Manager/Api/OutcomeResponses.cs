using Flamenco.Manager.Jobs;
using FastEndpoints;

namespace Flamenco.Manager.Api;

internal static class OutcomeResponses
{
    /// <summary>204 when done, 404 when the subject does not exist, 422 with the reason when the change was refused.</summary>
    public static Task SendOutcomeAsync(this IEndpoint endpoint, ChangeOutcome outcome, string notFoundMessage, CancellationToken ct)
    {
        var context = endpoint.HttpContext;
        if (!outcome.Found) return context.SendErrorAsync(404, notFoundMessage, ct);
        if (outcome.Refusal is { } refusal) return context.SendErrorAsync(422, refusal, ct);
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
