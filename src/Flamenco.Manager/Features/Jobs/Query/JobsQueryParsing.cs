using System.Globalization;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Microsoft.Extensions.Primitives;

namespace Flamenco.Manager.Features.Jobs.Query;

/// <summary>
/// A jobs query, from a <see cref="JobsQuery"/> body or from <c>GET /api/v3/jobs</c>'s query string, made into a
/// <see cref="JobSearch"/>; or the first thing wrong with it, naming the field.
/// </summary>
internal static class JobsQueryParsing
{
    /// <summary>
    /// The <c>Job</c> fields a query can order by. <c>updated_at</c> and <c>created_at</c> are accepted too: Flamenco's
    /// API guide writes <c>"order_by": ["updated_at"]</c> (its database's column names).
    /// </summary>
    private static readonly Dictionary<string, JobSortField> SortFields = new(StringComparer.Ordinal)
    {
        ["id"] = JobSortField.Id,
        ["name"] = JobSortField.Name,
        ["type"] = JobSortField.Type,
        ["priority"] = JobSortField.Priority,
        ["status"] = JobSortField.Status,
        ["created"] = JobSortField.Created,
        ["created_at"] = JobSortField.Created,
        ["updated"] = JobSortField.Updated,
        ["updated_at"] = JobSortField.Updated,
        ["activity"] = JobSortField.Activity,
        ["submitter_platform"] = JobSortField.SubmitterPlatform,
    };

    private static readonly string SortFieldList = string.Join(", ", SortFields.Keys);

    public static (JobSearch? Search, string? Error) Parse(JobsQuery query)
    {
        if (query.Offset is < 0) return (null, $"offset: must be 0 or more, got {query.Offset}");
        if (query.Limit is < 1) return (null, $"limit: must be 1 or more, got {query.Limit}");
        var (orderBy, error) = ParseOrder(query.OrderBy ?? []);
        if (error is not null) return (null, error);
        return (new JobSearch(query.StatusIn?.ToList(), query.Metadata, query.Settings, orderBy, query.Offset ?? 0, query.Limit), null);
    }

    /// <summary>
    /// <c>?status_in=failed,queued&amp;order_by=-updated&amp;limit=5&amp;offset=0&amp;metadata.project=Sprite%25&amp;settings.frames=1-10</c>:
    /// lists as repeated or comma-separated values; filters as <c>metadata.KEY</c> and <c>settings.KEY</c>.
    /// </summary>
    public static (JobSearch? Search, string? Error) Parse(IQueryCollection parameters)
    {
        var statuses = new List<JobStatus>();
        var order = new List<string>();
        var metadata = new Dictionary<string, string>();
        var settings = new Dictionary<string, JsonElement>();
        int? offset = null, limit = null;
        foreach (var (name, values) in parameters)
        {
            switch (name)
            {
                case "status_in":
                    foreach (var value in Items(values))
                    {
                        if (!WireEnumConverter<JobStatus>.TryParse(value, out var status))
                            return (null, $"status_in: unknown job status \"{value}\"; one of {string.Join(", ", Enum.GetValues<JobStatus>().Select(StatusNames.Of))}");
                        statuses.Add(status);
                    }
                    break;
                case "order_by":
                    order.AddRange(Items(values));
                    break;
                case "offset" or "limit":
                    if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                        return (null, $"{name}: must be one whole number, got \"{values}\"");
                    if (name == "offset") offset = number;
                    else limit = number;
                    break;
                case var key when key.StartsWith("metadata.", StringComparison.Ordinal) && key.Length > "metadata.".Length && values.Count == 1:
                    metadata[key["metadata.".Length..]] = values[0]!;
                    break;
                case var key when key.StartsWith("settings.", StringComparison.Ordinal) && key.Length > "settings.".Length && values.Count == 1:
                    settings[key["settings.".Length..]] = JsonSerializer.SerializeToElement(values[0]);
                    break;
                default:
                    return (null, $"{name}: not a jobs query parameter; known are status_in, order_by, offset, limit, metadata.KEY and settings.KEY (each once)");
            }
        }
        return Parse(new JobsQuery { StatusIn = statuses, OrderBy = order, Metadata = metadata, Settings = settings, Offset = offset, Limit = limit });
    }

    private static IEnumerable<string> Items(StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static (List<JobSortKey> Order, string? Error) ParseOrder(IEnumerable<string> fields)
    {
        var order = new List<JobSortKey>();
        foreach (var field in fields)
        {
            var descending = field.StartsWith('-');
            if (!SortFields.TryGetValue(descending ? field[1..] : field, out var sortField))
                return ([], $"order_by: unknown field \"{field}\"; one of {SortFieldList}, with - in front for descending");
            order.Add(new JobSortKey(sortField, descending));
        }
        return (order, null);
    }
}
