using System.Text.Json;
using System.Text.RegularExpressions;
using Flamenco.Api;

namespace Flamenco.Manager.Jobs;

/// <summary>A field jobs can be ordered by, named as on the wire (<c>Job</c>).</summary>
public enum JobSortField
{
    Id,
    Name,
    Type,
    Priority,
    Status,
    Created,
    Updated,
    Activity,
    SubmitterPlatform,
}

public sealed record JobSortKey(JobSortField Field, bool Descending);

/// <summary>
/// Which jobs a query wants (the spec's <c>JobsQuery</c>): statuses, metadata and settings filters, an order and a page.
/// Metadata and string settings match with SQL's LIKE notation, as the spec says (Flamenco passes them to SQLite's
/// LIKE): <c>%</c> any run of characters, <c>_</c> any one character, case-insensitive; a pattern without
/// wildcards is an equality test. A non-string setting filter is compared as JSON (a string filter also matches a
/// number or boolean setting written the same, which is how query-string filters reach numbers).
/// </summary>
public sealed class JobSearch
{
    /// <summary>Without an order, jobs come oldest first, as the plain job listing has always answered.</summary>
    private static readonly IReadOnlyList<JobSortKey> DefaultOrder = [new(JobSortField.Created, false)];

    private readonly (string Key, Regex Pattern)[] _metadata;
    private readonly (string Key, JsonElement Value, Regex? Pattern)[] _settings;

    public JobSearch(
        IReadOnlyCollection<JobStatus>? statuses = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, JsonElement>? settings = null,
        IReadOnlyList<JobSortKey>? orderBy = null,
        int offset = 0,
        int? limit = null)
    {
        Statuses = statuses is { Count: > 0 } ? statuses.ToHashSet() : null;
        _metadata = [.. (metadata ?? new Dictionary<string, string>()).Select(m => (m.Key, Like(m.Value)))];
        _settings = [.. (settings ?? new Dictionary<string, JsonElement>()).Select(s =>
            (s.Key, s.Value, s.Value.ValueKind == JsonValueKind.String ? Like(s.Value.GetString()!) : null))];
        OrderBy = orderBy is { Count: > 0 } ? orderBy : DefaultOrder;
        Offset = offset;
        Limit = limit;
    }

    public IReadOnlySet<JobStatus>? Statuses { get; }

    public IReadOnlyList<JobSortKey> OrderBy { get; }

    public int Offset { get; }

    public int? Limit { get; }

    /// <summary>How many jobs, in order, the page needs to have seen: everything when there is no limit.</summary>
    public int Needed => Limit is { } limit ? (int)Math.Min(int.MaxValue, (long)Offset + limit) : int.MaxValue;

    /// <summary>Whether the job passes every filter, statuses included.</summary>
    public bool Matches(Job job) =>
        (Statuses is null || Statuses.Contains(job.Status)) && MatchesMetadata(job) && MatchesSettings(job);

    /// <summary>The page of <paramref name="candidates"/>, sorted by every key (then by id, so pages never overlap).</summary>
    public List<Job> SortAndPage(IEnumerable<Job> candidates)
    {
        var sorted = candidates.Order(Comparer<Job>.Create(Compare)).Skip(Offset);
        return (Limit is { } limit ? sorted.Take(limit) : sorted).ToList();
    }

    /// <summary>Compares by the first sort key only: the order an index walk yields.</summary>
    public int CompareFirstKey(Job a, Job b) => Compare(a, b, OrderBy[0]);

    private int Compare(Job? a, Job? b)
    {
        foreach (var key in OrderBy)
        {
            var order = Compare(a!, b!, key);
            if (order != 0) return order;
        }
        return a!.Id.CompareTo(b!.Id);
    }

    private static int Compare(Job a, Job b, JobSortKey key)
    {
        var order = key.Field switch
        {
            JobSortField.Id => a.Id.CompareTo(b.Id),
            JobSortField.Name => string.CompareOrdinal(a.Name, b.Name),
            JobSortField.Type => string.CompareOrdinal(a.Type, b.Type),
            JobSortField.Priority => a.Priority.CompareTo(b.Priority),
            JobSortField.Status => string.CompareOrdinal(StatusNames.Of(a.Status), StatusNames.Of(b.Status)),
            JobSortField.Created => a.Created.CompareTo(b.Created),
            JobSortField.Updated => a.Updated.CompareTo(b.Updated),
            JobSortField.Activity => string.CompareOrdinal(a.Activity, b.Activity),
            JobSortField.SubmitterPlatform => string.CompareOrdinal(a.SubmitterPlatform, b.SubmitterPlatform),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key.Field, null),
        };
        return key.Descending ? -order : order;
    }

    private bool MatchesMetadata(Job job) =>
        _metadata.All(filter => job.Metadata.TryGetValue(filter.Key, out var value) && filter.Pattern.IsMatch(value));

    private bool MatchesSettings(Job job)
    {
        if (_settings.Length == 0) return true;
        using var document = JsonDocument.Parse(job.SettingsJson);
        return _settings.All(filter => document.RootElement.TryGetProperty(filter.Key, out var value) && filter switch
        {
            { Pattern: { } pattern } when value.ValueKind == JsonValueKind.String => pattern.IsMatch(value.GetString()!),
            { Pattern: not null } => value.GetRawText() == filter.Value.GetString(),
            _ => JsonElement.DeepEquals(value, filter.Value),
        });
    }

    /// <summary>SQL LIKE as a regular expression; non-backtracking, so a client's pattern costs linear time at most.</summary>
    private static Regex Like(string pattern)
    {
        var expression = string.Concat(pattern.Select(c => c switch
        {
            '%' => ".*",
            '_' => ".",
            _ => Regex.Escape(c.ToString()),
        }));
        return new Regex($"^{expression}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking);
    }
}
