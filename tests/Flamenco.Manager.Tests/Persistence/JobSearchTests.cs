using System.Text.Json;
using Flamenco.Api;
using Flamenco.Manager.Jobs;
using Flamenco.Manager.Persistence;
using Job = Flamenco.Manager.Jobs.Job;

namespace Flamenco.Manager.Tests.Persistence;

/// <summary>
/// The jobs query in the store: every order, filter and page gives exactly what sorting and filtering all jobs in
/// memory gives, whether the first key is walked through an index (created, updated, priority) or sorted, and with
/// changes still waiting for their write-behind round.
/// </summary>
public sealed class JobSearchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-jobsearch-").FullName;

    public static TheoryData<string, int, int?> Orders => new()
    {
        { "created", 0, null },
        { "-updated", 0, 10 },
        { "updated", 37, 5 },
        { "-priority", 3, 7 },
        { "priority,-created", 50, 20 },
        { "status,name", 10, 10 },
        { "-name", 0, 1 },
        { "type,-priority,updated", 115, 10 },
        { "id", 5, 5 },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Search_GivesWhatSortingEveryJobGives(string orderBy, int offset, int? limit)
    {
        using var database = new FlamencoDatabase(Path.Combine(_folder, "flamenco-manager.db"));
        var store = new LiteDbJobStore(database);
        var jobs = AddJobs(store, 120);
        await database.WhenDurableAsync();
        // Some changes still pending (not in LiteDB yet): their new values must count, their stored ones not.
        foreach (var job in jobs.Where((_, i) => i % 7 == 0))
        {
            job.Priority = 99 - job.Priority;
            job.Status = JobStatus.Paused;
            job.Updated = job.Updated.AddHours(1);
            store.Save(job, []);
        }

        var order = orderBy.Split(',').Select(Key).ToList();
        foreach (var statuses in new JobStatus[]?[] { null, [JobStatus.Paused], [JobStatus.Queued, JobStatus.Failed] })
        {
            var search = new JobSearch(statuses, orderBy: order, offset: offset, limit: limit);

            var expected = search.SortAndPage(jobs.Where(search.Matches));
            Assert.Equal(expected.Select(j => j.Id), store.Search(search).Select(j => j.Id));
        }
    }

    [Fact]
    public void Search_MatchesMetadataAndSettings_InLikeNotation()
    {
        using var database = new FlamencoDatabase(Path.Combine(_folder, "flamenco-manager.db"));
        var store = new LiteDbJobStore(database);
        var sprite = AddJob(store, "sprite", metadata: new() { ["project"] = "Sprite Fright" }, settings: """{"frames":"1-10","chunk_size":5,"fast":true}""");
        var spring = AddJob(store, "spring", metadata: new() { ["project"] = "Spring_2" }, settings: """{"frames":"1-250","chunk_size":10}""");
        AddJob(store, "untagged", metadata: [], settings: "{}");

        List<Guid> Found(Dictionary<string, string>? metadata = null, string? settings = null) =>
            [.. store.Search(new JobSearch(metadata: metadata, settings: settings is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settings))).Select(j => j.Id)];

        Assert.Equal([sprite.Id], Found(new() { ["project"] = "Sprite Fright" }));
        Assert.Equal([sprite.Id], Found(new() { ["project"] = "sprite%" }));
        Assert.Equal([sprite.Id, spring.Id], Found(new() { ["project"] = "Spr%" }));
        Assert.Equal([spring.Id], Found(new() { ["project"] = "Spring__" }));
        Assert.Empty(Found(new() { ["project"] = "Sprite" }));
        Assert.Empty(Found(new() { ["director"] = "%" }));
        Assert.Equal([spring.Id], Found(settings: """{"frames":"1-2%"}"""));
        Assert.Equal([sprite.Id], Found(settings: """{"chunk_size":5}"""));
        Assert.Equal([sprite.Id], Found(settings: """{"chunk_size":"5"}"""));
        Assert.Equal([sprite.Id], Found(settings: """{"fast":true,"frames":"1-10"}"""));
        Assert.Empty(Found(settings: """{"fast":false}"""));
        Assert.Empty(Found(settings: """{"chunk_size":5,"frames":"1-250"}"""));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JobSortKey Key(string field)
    {
        var descending = field.StartsWith('-');
        return new JobSortKey(Enum.Parse<JobSortField>(descending ? field[1..] : field, ignoreCase: true), descending);
    }

    /// <summary>Jobs with many ties in every sortable field, so pages end in the middle of runs of equal keys.</summary>
    private static List<Job> AddJobs(LiteDbJobStore store, int count)
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var statuses = new[] { JobStatus.Queued, JobStatus.Active, JobStatus.Completed, JobStatus.Failed };
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var job = new Job
            {
                Id = Guid.CreateVersion7(),
                Name = $"job {random.Next(20)}",
                Type = random.Next(3) == 0 ? "echo-sleep-test" : "simple-blender-render",
                Priority = random.Next(5) * 10,
                Status = statuses[random.Next(statuses.Length)],
                Created = start.AddMinutes(random.Next(30)),
                Updated = start.AddMinutes(random.Next(30)),
                SubmitterPlatform = "linux",
            };
            store.Add(job, []);
            return job;
        })];
    }

    private static Job AddJob(LiteDbJobStore store, string name, Dictionary<string, string> metadata, string settings)
    {
        var job = new Job { Id = Guid.CreateVersion7(), Name = name, Status = JobStatus.Queued, Metadata = metadata, SettingsJson = settings, Created = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero) };
        store.Add(job, []);
        return job;
    }
}
