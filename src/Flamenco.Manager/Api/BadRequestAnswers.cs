using Flamenco.Api;

namespace Flamenco.Manager.Api;

/// <summary>
/// Requests Kestrel gives up on while an endpoint reads them answer with their own status and Flamenco's error body,
/// for every endpoint: a body over <c>max_request_body_size</c> (413), one that stops arriving (408, Kestrel's
/// <c>MinRequestBodyDataRate</c>), a malformed chunked body or one shorter than its Content-Length (400). Without this
/// they reached the exception handler as 500s. A client that hung up gets no answer: there is no one to read it.
/// </summary>
internal static class BadRequestAnswers
{
    public static IApplicationBuilder UseBadRequestAnswers(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = e.StatusCode;
                await context.Response.WriteAsJsonAsync(new ApiError(e.StatusCode, $"the request was refused: {e.Message}"), context.RequestAborted);
            }
            catch (IOException) when (context.RequestAborted.IsCancellationRequested)
            {
            }
        });
}
