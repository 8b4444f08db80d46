using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using Flamenco.Api;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Metadata;

namespace Flamenco.Manager.Api;

/// <summary>
/// Requests Kestrel gives up on while an endpoint reads them answer with their own status and Flamenco's error body,
/// for every endpoint: a body over <c>max_request_body_size</c> (413), one that stops arriving (408, Kestrel's
/// <c>MinRequestBodyDataRate</c>), a malformed chunked body or one shorter than its Content-Length (400). Without this
/// they reached the exception handler as 500s. A client that hung up gets no answer: there is no one to read it. A
/// request without a Content-Type to an endpoint that takes a body gets 415 with the same body.
/// </summary>
internal static class BadRequestAnswers
{
    /// <summary>Kestrel's refusals: before anything that reads a body (the jobs-query routing reads some).</summary>
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

    /// <summary>The 415 for a request without a Content-Type: after routing, which tells what the endpoint takes.</summary>
    public static IApplicationBuilder UseMissingContentTypeAnswers(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (MissingContentType(context) is { } accepted)
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.Response.WriteAsJsonAsync(new ApiError(StatusCodes.Status415UnsupportedMediaType,
                    $"{context.Request.Path} takes a body of type {string.Join(" or ", accepted)}; the request has no Content-Type header"), context.RequestAborted);
                return;
            }
            await next(context);
        });

    /// <summary>
    /// The body types the endpoint takes when the request names none. FastEndpoints answers such a request with a
    /// bare 415 it has already started, too late for the status-code page to give it a body; answered here instead.
    /// Endpoints whose request object holds only route values (most GETs and DELETEs) take no body and are left alone.
    /// </summary>
    private static IReadOnlyList<string>? MissingContentType(HttpContext context) =>
        string.IsNullOrEmpty(context.Request.ContentType)
        && context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { IsOptional: false, ContentTypes.Count: > 0 } accepts
        && TakesBody.GetOrAdd(accepts.RequestType ?? typeof(byte[]), HasBodyMembers)
            ? accepts.ContentTypes
            : null;

    private static readonly ConcurrentDictionary<Type, bool> TakesBody = new();

    private static bool HasBodyMembers(Type requestType) =>
        !requestType.IsClass || requestType.IsArray || requestType == typeof(string)
        || requestType.GetProperties().Any(p => p.CanWrite && p.GetCustomAttribute<BindFromAttribute>() is null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null);
}
