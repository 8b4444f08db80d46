using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;
using static Flamenco.Manager.Tests.Support.WorkerApi;

namespace Flamenco.Manager.Tests.Api;

/// <summary>Worker tags, worker tag membership and job tags through the real host (reference/manager.md §8.2 case 26, Appendix A).</summary>
public sealed class WorkerTagsApiTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string messageStart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.StartsWith(messageStart, (string)JsonNode.Parse(body)!["message"]!, StringComparison.Ordinal);
    }

    private async Task<WorkerTagInfo> CreateTag(string? name = null, string? description = null)
    {
        var response = await _client.PostAsJsonAsync("/api/v3/worker-mgt/tags", new WorkerTagInfo { Name = name ?? $"tag-{Guid.NewGuid():N}", Description = description }, ManagerAppFactory.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WorkerTagInfo>(ManagerAppFactory.Json))!;
    }

    private async Task<Job> GetJob(string id) => (await _client.GetFromJsonAsync<Job>($"/api/v3/jobs/{id}", ManagerAppFactory.Json))!;

    [Fact]
    public async Task FetchWorkerTags_AlwaysHasTheTagsArray()
    {
        var body = JsonNode.Parse(await _client.GetStringAsync("/api/v3/worker-mgt/tags"))!;

        Assert.IsType<JsonArray>(body["tags"]);
    }

    [Fact]
    public async Task CreateWorkerTag_RandomIdListedAndBroadcast()
    {
        var events = factory.Collect<EventWorkerTagUpdate>();

        var tag = await CreateTag("GPU-EEVEE", "All workers that can do GPU rendering with EEVEE.");

        Assert.True(Guid.TryParse(tag.Id, out _));
        var listed = (await _client.GetFromJsonAsync<WorkerTagList>("/api/v3/worker-mgt/tags", ManagerAppFactory.Json))!.Tags;
        Assert.Contains(tag, listed);
        Assert.Equal(tag, await _client.GetFromJsonAsync<WorkerTagInfo>($"/api/v3/worker-mgt/tag/{tag.Id}", ManagerAppFactory.Json));
        var update = Assert.Single(events);
        Assert.Equal((tag, (bool?)null), (update.Tag, update.WasDeleted));
    }

    [Fact]
    public async Task CreateWorkerTag_GivenId_Kept()
    {
        var id = Guid.NewGuid().ToString();

        var response = await _client.PostAsync("/api/v3/worker-mgt/tags", Json($$"""{"id":"{{id}}","name":"with-id-{{id}}"}"""));

        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<WorkerTagInfo>(ManagerAppFactory.Json))!.Id);
    }

    [Fact]
    public async Task CreateWorkerTag_DuplicateName_409()
    {
        var tag = await CreateTag();

        await AssertError(await _client.PostAsync("/api/v3/worker-mgt/tags", Json($$"""{"name":"{{tag.Name}}"}""")), HttpStatusCode.Conflict, $"a worker tag named \"{tag.Name}\" already exists");
    }

    [Theory]
    [InlineData("""{"description":"no name"}""", "name: required")]
    [InlineData("""{"name":"  "}""", "name: required")]
    [InlineData("""{"name":"x","id":"nope"}""", "id: \"nope\" is not a valid UUID")]
    public async Task CreateWorkerTag_BadInput_400(string body, string message)
    {
        await AssertError(await _client.PostAsync("/api/v3/worker-mgt/tags", Json(body)), HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task UpdateWorkerTag_RenamesKeepsDescriptionUnlessGiven()
    {
        var tag = await CreateTag(description: "kept");
        var newName = $"renamed-{Guid.NewGuid():N}";

        var response = await _client.PutAsync($"/api/v3/worker-mgt/tag/{tag.Id}", Json($$"""{"name":"{{newName}}"}"""));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(tag with { Name = newName }, await _client.GetFromJsonAsync<WorkerTagInfo>($"/api/v3/worker-mgt/tag/{tag.Id}", ManagerAppFactory.Json));
    }

    [Fact]
    public async Task UpdateWorkerTag_ToAnotherTagsName_409AndUnchanged()
    {
        var tag = await CreateTag();
        var other = await CreateTag();

        await AssertError(await _client.PutAsync($"/api/v3/worker-mgt/tag/{tag.Id}", Json($$"""{"name":"{{other.Name}}"}""")), HttpStatusCode.Conflict, "a worker tag named");

        Assert.Equal(tag, await _client.GetFromJsonAsync<WorkerTagInfo>($"/api/v3/worker-mgt/tag/{tag.Id}", ManagerAppFactory.Json));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task WorkerTag_Unknown404Malformed400(string method)
    {
        var id = Guid.NewGuid();
        HttpRequestMessage Request(string tagId) => new(new HttpMethod(method), $"/api/v3/worker-mgt/tag/{tagId}") { Content = method == "PUT" ? Json("""{"name":"x"}""") : null };

        await AssertError(await _client.SendAsync(Request(id.ToString())), HttpStatusCode.NotFound, $"worker tag \"{id}\" not found");
        await AssertError(await _client.SendAsync(Request("nope")), HttpStatusCode.BadRequest, "tag_id: \"nope\" is not a valid UUID");
    }

    [Fact]
    public async Task SetWorkerTags_ReplacesMembership()
    {
        var (id, _) = await factory.RegisterAsync();
        var a = await CreateTag();
        var b = await CreateTag();

        await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/settags", Json($$"""{"tag_ids":["{{a.Id}}","{{b.Id}}"]}"""));
        var response = await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/settags", Json($$"""{"tag_ids":["{{b.Id}}"]}"""));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([b], (await _client.GetWorkerAsync(id)).Tags!);
    }

    [Theory]
    [InlineData("""{"tag_ids":["nope"]}""", "tag_ids: \"nope\" is not a valid UUID")]
    [InlineData("""{"tag_ids":["6a1c1e8e-0000-4000-8000-000000000000"]}""", "tag_ids: there is no worker tag \"6a1c1e8e-0000-4000-8000-000000000000\"")]
    [InlineData("""{}""", "tag_ids: required")]
    public async Task SetWorkerTags_BadTags_400AndUnchanged(string body, string message)
    {
        var (id, _) = await factory.RegisterAsync();
        var tag = await CreateTag();
        await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/settags", Json($$"""{"tag_ids":["{{tag.Id}}"]}"""));

        await AssertError(await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/settags", Json(body)), HttpStatusCode.BadRequest, message);

        Assert.Equal([tag], (await _client.GetWorkerAsync(id)).Tags!);
    }

    [Fact]
    public async Task DeleteWorkerTag_RemovedFromWorkersAndBroadcastAsDeleted()
    {
        var (id, _) = await factory.RegisterAsync();
        var tag = await CreateTag();
        await _client.PostAsync($"/api/v3/worker-mgt/workers/{id}/settags", Json($$"""{"tag_ids":["{{tag.Id}}"]}"""));
        var events = factory.Collect<EventWorkerTagUpdate>();

        var response = await _client.DeleteAsync($"/api/v3/worker-mgt/tag/{tag.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty((await _client.GetWorkerAsync(id)).Tags!);
        Assert.DoesNotContain(tag, (await _client.GetFromJsonAsync<WorkerTagList>("/api/v3/worker-mgt/tags", ManagerAppFactory.Json))!.Tags);
        var update = Assert.Single(events);
        Assert.Equal((tag.Id, true), (update.Tag.Id, update.WasDeleted));
    }

    [Fact]
    public async Task SetJobTag_Case26_ByNameByIdAndCleared()
    {
        var tag = await CreateTag();
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var events = factory.Collect<EventJobUpdate>();

        var byName = await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json($$"""{"name":"{{tag.Name}}"}"""));

        Assert.Equal(HttpStatusCode.NoContent, byName.StatusCode);
        Assert.Equal(tag.Id, (await GetJob(job.Id)).WorkerTag);
        Assert.Single(events, e => e.Id == job.Id);

        var cleared = await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json("{}"));

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Null((await GetJob(job.Id)).WorkerTag);

        var byId = await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json($$"""{"id":"{{tag.Id}}"}"""));

        Assert.Equal(HttpStatusCode.NoContent, byId.StatusCode);
        Assert.Equal(tag.Id, (await GetJob(job.Id)).WorkerTag);
    }

    [Fact]
    public async Task SetJobTag_UnknownTag_406TagNotFoundAndUnchanged()
    {
        var tag = await CreateTag();
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json($$"""{"id":"{{tag.Id}}"}"""));

        await AssertError(await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json("""{"name":"no such tag"}""")), HttpStatusCode.NotAcceptable, "tag not found");
        await AssertError(await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json($$"""{"id":"{{Guid.NewGuid()}}"}""")), HttpStatusCode.NotAcceptable, "tag not found");
        await AssertError(await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json("""{"id":"nope"}""")), HttpStatusCode.BadRequest, "id: \"nope\" is not a valid UUID");

        Assert.Equal(tag.Id, (await GetJob(job.Id)).WorkerTag);
    }

    [Fact]
    public async Task SetJobTag_UnknownJob_404()
    {
        var id = Guid.NewGuid();

        await AssertError(await _client.PostAsync($"/api/v3/jobs/{id}/settag", Json("{}")), HttpStatusCode.NotFound, $"no such job: {id}");
    }

    [Fact]
    public async Task TaggedJob_RunsOnlyOnWorkersWithTheTag_AndOnAnyOnceTheTagIsDeleted()
    {
        using var farm = new ManagerAppFactory();
        var client = farm.CreateClient();
        var (taggedId, tagged) = await farm.AwakeWorkerAsync("tagged");
        var (_, untagged) = await farm.AwakeWorkerAsync("untagged");
        var created = await client.PostAsync("/api/v3/worker-mgt/tags", Json("""{"name":"render-nodes"}"""));
        var tag = (await created.Content.ReadFromJsonAsync<WorkerTagInfo>(ManagerAppFactory.Json))!;
        await client.PostAsync($"/api/v3/worker-mgt/workers/{taggedId}/settags", Json($$"""{"tag_ids":["{{tag.Id}}"]}"""));
        var job = await farm.SubmitAsync(client, JobsApiTests.EchoSleep());
        var second = await farm.SubmitAsync(client, JobsApiTests.EchoSleep());
        await client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json($$"""{"id":"{{tag.Id}}"}"""));
        await client.PostAsync($"/api/v3/jobs/{second.Id}/settag", Json($$"""{"name":"render-nodes"}"""));

        var untaggedPoll = await untagged.PostAsync("/api/v3/worker/task", null);
        var taggedPoll = await tagged.PostAsync("/api/v3/worker/task", null);

        Assert.Equal(HttpStatusCode.NoContent, untaggedPoll.StatusCode);
        Assert.Equal(job.Id, (await taggedPoll.Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!.Job);

        await client.DeleteAsync($"/api/v3/worker-mgt/tag/{tag.Id}");

        Assert.Null((await client.GetFromJsonAsync<Job>($"/api/v3/jobs/{second.Id}", ManagerAppFactory.Json))!.WorkerTag);
        var afterDelete = await untagged.PostAsync("/api/v3/worker/task", null);
        Assert.Equal(second.Id, (await afterDelete.Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!.Job);
    }
}
