using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Limits;

/// <summary>
/// Every string the Manager stores has a maximum (InputLimits): over it, a 400 names the field and the maximum in
/// UTF-8 bytes, and nothing is stored. Issue 10, points 5 and 10.
/// </summary>
public sealed class InputLimitsTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task CreateWorkerTag_NameOf2000Bytes_400NamingTheFieldAndNothingStored()
    {
        var name = new string('t', 2000);

        var response = await _client.PostAsJsonAsync("/api/v3/worker-mgt/tags", new WorkerTagInfo { Name = name }, ManagerAppFactory.Json);

        await AssertErrorAsync(response, "name: expected at most 1000 bytes (UTF-8), got 2000 bytes");
        Assert.DoesNotContain(await TagNamesAsync(), n => n.StartsWith("ttt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateWorkerTag_MultiByteNameJustOverTheLimitInBytes_400ThoughFewerCharactersThanTheLimit()
    {
        // 501 characters, 1,002 bytes: a limit counted in characters would let it through to the index.
        var name = new string('é', 501);

        var response = await _client.PostAsJsonAsync("/api/v3/worker-mgt/tags", new WorkerTagInfo { Name = name }, ManagerAppFactory.Json);

        await AssertErrorAsync(response, "name: expected at most 1000 bytes (UTF-8), got 1002 bytes");
        Assert.DoesNotContain(name, await TagNamesAsync());
    }

    [Fact]
    public async Task CreateWorkerTag_NameOfExactlyTheLimit_StoredAndFoundByName()
    {
        var name = new string('ü', InputLimits.NameBytes / 2);

        var response = await _client.PostAsJsonAsync("/api/v3/worker-mgt/tags", new WorkerTagInfo { Name = name }, ManagerAppFactory.Json);
        var duplicate = await _client.PostAsJsonAsync("/api/v3/worker-mgt/tags", new WorkerTagInfo { Name = name }, ManagerAppFactory.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(name, await TagNamesAsync());
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode); // the unique index holds keys this long
    }

    [Fact]
    public async Task UpdateWorkerTag_NameOrDescriptionTooLong_400AndTheTagUnchanged()
    {
        var created = await _client.PostAsJsonAsync("/api/v3/worker-mgt/tags", new WorkerTagInfo { Name = $"keep-{Guid.NewGuid():N}", Description = "short" }, ManagerAppFactory.Json);
        var tag = (await created.Content.ReadFromJsonAsync<WorkerTagInfo>(ManagerAppFactory.Json))!;

        var longName = await _client.PutAsJsonAsync($"/api/v3/worker-mgt/tag/{tag.Id}", new { name = new string('n', 1001) });
        var longDescription = await _client.PutAsJsonAsync($"/api/v3/worker-mgt/tag/{tag.Id}", new { name = tag.Name, description = new string('d', 10_001) });

        await AssertErrorAsync(longName, "name: expected at most 1000 bytes (UTF-8), got 1001 bytes");
        await AssertErrorAsync(longDescription, "description: expected at most 10000 bytes (UTF-8), got 10001 bytes");
        Assert.Equal(tag, await _client.GetFromJsonAsync<WorkerTagInfo>($"/api/v3/worker-mgt/tag/{tag.Id}", ManagerAppFactory.Json));
    }

    [Theory]
    [InlineData("name", "name: expected at most 1000 bytes (UTF-8), got 1001 bytes")]
    [InlineData("metadata", "metadata: the value of \"project\": expected at most 10000 bytes (UTF-8), got 10001 bytes")]
    [InlineData("metadata_entries", "metadata: expected at most 1000 entries, got 1001")]
    [InlineData("settings", "settings: expected at most 1048576 bytes (UTF-8), got ")]
    public async Task SubmitJob_FieldOverItsLimit_400NamingItAndNoJobStored(string field, string message)
    {
        var submission = new JsonObject
        {
            ["name"] = "limits", ["type"] = "echo-sleep-test", ["priority"] = 50, ["submitter_platform"] = "linux",
            ["settings"] = new JsonObject { ["message"] = "hi" },
        };
        switch (field)
        {
            case "name": submission["name"] = new string('j', 1001); break;
            case "metadata": submission["metadata"] = new JsonObject { ["project"] = new string('m', 10_001) }; break;
            case "metadata_entries":
                var entries = new JsonObject();
                for (var i = 0; i < 1001; i++) entries[$"k{i}"] = "v";
                submission["metadata"] = entries;
                break;
            default: submission["settings"] = new JsonObject { ["message"] = new string('s', 1024 * 1024) }; break;
        }
        var jobsBefore = await JobCountAsync();

        var check = await _client.PostAsJsonAsync("/api/v3/jobs/check", submission);
        var submit = await _client.PostAsJsonAsync("/api/v3/jobs", submission);

        await AssertErrorAsync(check, message);
        await AssertErrorAsync(submit, message);
        Assert.Equal(jobsBefore, await JobCountAsync());
    }

    [Theory]
    [InlineData("../../..")]
    [InlineData("project/../../outside")]
    [InlineData("/etc")]
    [InlineData("project\\scene")]
    [InlineData("C:/Users")]
    public async Task SubmitJob_ShamanCheckoutIdOutsideTheCheckouts_400NamingTheFieldAndNoJobStored(string checkoutId)
    {
        var submission = new
        {
            name = "traversal", type = "echo-sleep-test", priority = 50, submitter_platform = "linux",
            settings = new { message = "hi" }, storage = new { shaman_checkout_id = checkoutId },
        };
        var jobsBefore = await JobCountAsync();

        var check = await _client.PostAsJsonAsync("/api/v3/jobs/check", submission);
        var submit = await _client.PostAsJsonAsync("/api/v3/jobs", submission);

        await AssertErrorAsync(check, $"storage.shaman_checkout_id: \"{checkoutId}\" is not allowed");
        await AssertErrorAsync(submit, $"storage.shaman_checkout_id: \"{checkoutId}\" is not allowed");
        Assert.Equal(jobsBefore, await JobCountAsync());
    }

    [Fact]
    public async Task SubmitJob_ShamanCheckoutIdAsCheckoutCreateAnswersIt_Accepted()
    {
        var job = await factory.SubmitAsync(_client, new
        {
            name = "from shaman", type = "echo-sleep-test", priority = 50, submitter_platform = "linux",
            settings = new { message = "hi" }, storage = new { shaman_checkout_id = "project/shot/job-1-x7k2" },
        });

        Assert.Equal("project/shot/job-1-x7k2", job.Storage!.ShamanCheckoutId);
    }

    [Fact]
    public async Task SetJobStatus_ReasonOverItsLimit_400AndStatusUnchanged()
    {
        var job = await factory.SubmitAsync(_client, new
        {
            name = "reason", type = "echo-sleep-test", priority = 50, submitter_platform = "linux", settings = new { message = "hi" },
        });

        var response = await _client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus", new { status = "paused", reason = new string('r', 10_001) });

        await AssertErrorAsync(response, "reason: expected at most 10000 bytes (UTF-8), got 10001 bytes");
        Assert.Equal(JobStatus.Queued, (await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{job.Id}", ManagerAppFactory.Json))!.Status);
    }

    [Fact]
    public async Task RegisterWorker_NameOverItsLimit_400()
    {
        var response = await _client.PostAsJsonAsync("/api/v3/worker/register-worker", new
        {
            name = new string('w', 1001), secret = "s", platform = "linux", supported_task_types = new[] { "misc" },
        });

        await AssertErrorAsync(response, "name: expected at most 1000 bytes (UTF-8), got 1001 bytes");
    }

    private async Task<List<string>> TagNamesAsync() =>
        [.. (await _client.GetFromJsonAsync<WorkerTagList>("/api/v3/worker-mgt/tags", ManagerAppFactory.Json))!.Tags.Select(t => t.Name ?? "")];

    private async Task<int> JobCountAsync() =>
        (await _client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs", ManagerAppFactory.Json))!.Jobs.Count;

    private static Task AssertErrorAsync(HttpResponseMessage response, string messageStart) =>
        Shaman.ShamanApiTests.AssertErrorAsync(response, 400, messageStart, prefixOnly: true);
}
