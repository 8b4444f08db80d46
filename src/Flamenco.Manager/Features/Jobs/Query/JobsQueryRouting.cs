using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flamenco.Manager.Features.Jobs.Query;

/// <summary>
/// <c>POST /api/v3/jobs</c> is both Flamenco's job submission and, in its API guide, the jobs query. A body naming
/// neither <c>name</c> nor <c>type</c> (both required for a submission) is a query, and goes to
/// <see cref="QueryJobsEndpoint"/>; everything else, malformed bodies included, stays a submission and gets its errors.
/// </summary>
internal static class JobsQueryRouting
{
    private const string JobsPath = "/api/v3/jobs";

    /// <summary>Runs before routing, which then matches the rewritten path.</summary>
    public static IApplicationBuilder UseJobsQueryRouting(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(JobsPath, StringComparison.OrdinalIgnoreCase)
            && request.HasJsonContentType() && await IsQueryAsync(request, context.RequestAborted))
        {
            request.Path = QueryJobsEndpoint.Route;
        }
        await next(context);
    });

    private static async Task<bool> IsQueryAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        try
        {
            var probe = await JsonSerializer.DeserializeAsync<SubmissionProbe>(request.Body, cancellationToken: ct);
            return probe is { Name.ValueKind: JsonValueKind.Undefined, Type.ValueKind: JsonValueKind.Undefined };
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    /// <summary>
    /// Only what tells a submission apart: present or not (<see cref="JsonValueKind.Undefined"/> when absent), with a
    /// value of any type, so a mistyped or null-named submission still counts as one.
    /// </summary>
    private sealed record SubmissionProbe
    {
        [JsonPropertyName("name")] public JsonElement Name { get; init; }
        [JsonPropertyName("type")] public JsonElement Type { get; init; }
    }
}
