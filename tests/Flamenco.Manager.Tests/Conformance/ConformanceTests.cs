using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.TaskLogs;
using Flamenco.Manager.Tests.Api;
using Flamenco.Manager.Tests.LastRendered;
using Flamenco.Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Conformance;

/// <summary>
/// Every Flamenco operation this Manager implements is called for real, and each answer is checked against
/// ../shared/flamenco-openapi.yaml: the status is one the spec lists, a JSON body validates against the spec's
/// schema (no nulls, required fields present, enums and types exact), and bodiless answers carry no JSON type.
/// </summary>
public sealed class ConformanceTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>, IDisposable
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>A second Manager, with the Shaman plugin: on the shared one Shaman is off (it answers 503, also checked).</summary>
    private readonly ManagerAppFactory _shaman = new() { WithShaman = true };

    /// <summary>A third, whose configuration file the configuration operations write (the shared one's stays as it is).</summary>
    private readonly ManagerAppFactory _configuredFactory = new();

    public void Dispose()
    {
        _shaman.Dispose();
        _configuredFactory.Dispose();
    }

    /// <summary>The requests made per operation; a new endpoint without an entry here fails <see cref="EveryImplementedOperation_IsCovered"/>.</summary>
    private async Task<List<(string OperationId, HttpResponseMessage Response)>> CallEverything()
    {
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var tasks = await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);
        var taskId = tasks!.Tasks[0].Id;
        var missing = Guid.NewGuid();
        HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");
        async Task<HttpResponseMessage> WithLog(Func<Task<HttpResponseMessage>> call)
        {
            await factory.Services.GetRequiredService<ITaskLogStore>().AppendAsync(Guid.Parse(job.Id), Guid.Parse(taskId), "conformance log line");
            return await call();
        }
        async Task<HttpResponseMessage> WithImage(Func<Task<HttpResponseMessage>> call)
        {
            await TestImages.QueueAndWaitAsync(factory.Services, Guid.Parse(job.Id));
            return await call();
        }
        var (_, worker) = factory.AddAwakeWorker("conformance", "misc");
        var (_, idle) = factory.AddAwakeWorker("idle", "no-such-type");
        var workJob = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep(repeats: 0));
        var scheduled = await worker.PostAsync("/api/v3/worker/task", null);
        var assigned = (await scheduled.Content.ReadFromJsonAsync<AssignedTask>(ManagerAppFactory.Json))!;
        HttpContent Png()
        {
            var content = new ByteArrayContent(LastRendered.TestImages.Png(32, 18));
            content.Headers.ContentType = new("image/png");
            return content;
        }

        var (doomedWorker, doomed) = factory.AddAwakeWorker("to be deleted", "misc");
        var doomedId = doomedWorker.Id;
        var tagName = $"conformance-{Guid.NewGuid():N}";
        var createdTag = await _client.PostAsync("/api/v3/worker-mgt/tags", Json($$"""{"name":"{{tagName}}","description":"GPU workers"}"""));
        var tagId = (await createdTag.Content.ReadFromJsonAsync<WorkerTagInfo>(ManagerAppFactory.Json))!.Id;
        async Task<HttpResponseMessage> Register(string body)
        {
            // The real worker sends empty Basic credentials to this unauthenticated operation.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v3/worker/register-worker") { Content = Json(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "Og==");
            return await _client.SendAsync(request);
        }
        Task<HttpResponseMessage> Delete(string path) => _client.DeleteAsync(path);
        var configured = _configuredFactory.CreateClient();
        async Task<HttpResponseMessage> GetYaml(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("application/yaml");
            return await configured.SendAsync(request);
        }
        var mgt = "/api/v3/worker-mgt";

        var shaman = _shaman.CreateClient();
        var upload = Encoding.UTF8.GetBytes($"conformance {Guid.NewGuid()}");
        var sha = Shaman.ShamanHost.Sha(upload);
        var deferred = Encoding.UTF8.GetBytes($"deferred {Guid.NewGuid()}");
        var deferredSha = Shaman.ShamanHost.Sha(deferred);
        var uploading = Path.Combine(_shaman.DataFolder, "shared-storage", "file-store", "uploading", deferredSha[..2], deferredSha[2..]);
        Directory.CreateDirectory(uploading);
        await File.WriteAllTextAsync(Path.Combine(uploading, $"{deferred.Length}-000000001.tmp"), "another client's upload");
        var files = $$"""[{"sha":"{{sha}}","size":{{upload.Length}},"path":"scene.blend"}]""";
        var missingFiles = $$"""[{"sha":"{{new string('0', 64)}}","size":1,"path":"missing.blend"}]""";

        return
        [
            ("registerWorker", await Register("""{"name":"registered","secret":"s3cret","platform":"linux","supported_task_types":["misc"]}""")),
            ("registerWorker", await Register("""{"name":"registered","platform":"linux","supported_task_types":["misc"]}""")),
            ("signOn", await doomed.PostAsync("/api/v3/worker/sign-on", Json("""{"name":"to be deleted","supported_task_types":["misc"],"software_version":"3.9","can_restart":false}"""))),
            ("signOn", await doomed.PostAsync("/api/v3/worker/sign-on", Json("""{"name":"to be deleted"}"""))),
            ("signOn", await _client.PostAsync("/api/v3/worker/sign-on", Json("""{"name":"x","supported_task_types":["misc"],"software_version":"3.9"}"""))),
            ("workerState", await doomed.GetAsync("/api/v3/worker/state")),
            ("workerStateChanged", await doomed.PostAsync("/api/v3/worker/state-changed", Json("""{"status":"awake"}"""))),
            ("workerStateChanged", await doomed.PostAsync("/api/v3/worker/state-changed", Json("""{"status":"sleepy"}"""))),
            ("requestWorkerStatusChange", await _client.PostAsync($"{mgt}/workers/{doomedId}/setstatus", Json("""{"status":"asleep","is_lazy":true}"""))),
            ("requestWorkerStatusChange", await _client.PostAsync($"{mgt}/workers/{doomedId}/setstatus", Json("""{"status":"restart","is_lazy":false}"""))),
            ("requestWorkerStatusChange", await _client.PostAsync($"{mgt}/workers/{missing}/setstatus", Json("""{"status":"asleep","is_lazy":true}"""))),
            ("workerState", await doomed.GetAsync("/api/v3/worker/state")),
            ("fetchWorkers", await _client.GetAsync($"{mgt}/workers")),
            ("setWorkerTags", await _client.PostAsync($"{mgt}/workers/{doomedId}/settags", Json($$"""{"tag_ids":["{{tagId}}"]}"""))),
            ("setWorkerTags", await _client.PostAsync($"{mgt}/workers/{doomedId}/settags", Json("""{"tag_ids":["nope"]}"""))),
            ("fetchWorker", await _client.GetAsync($"{mgt}/workers/{doomedId}")),
            ("fetchWorker", await _client.GetAsync($"{mgt}/workers/{missing}")),
            ("fetchWorker", await _client.GetAsync($"{mgt}/workers/not-a-uuid")),
            ("fetchWorkerSleepSchedule", await _client.GetAsync($"{mgt}/workers/{doomedId}/sleep-schedule")),
            ("setWorkerSleepSchedule", await _client.PostAsync($"{mgt}/workers/{doomedId}/sleep-schedule", Json("""{"is_active":true,"days_of_week":"mo tu","start_time":"22:00","end_time":"06:00"}"""))),
            ("setWorkerSleepSchedule", await _client.PostAsync($"{mgt}/workers/{doomedId}/sleep-schedule", Json("""{"is_active":true,"days_of_week":"","start_time":"25:00","end_time":""}"""))),
            ("fetchWorkerSleepSchedule", await _client.GetAsync($"{mgt}/workers/{doomedId}/sleep-schedule")),
            ("fetchWorkerTags", await _client.GetAsync($"{mgt}/tags")),
            ("createWorkerTag", createdTag),
            ("createWorkerTag", await _client.PostAsync($"{mgt}/tags", Json($$"""{"name":"{{tagName}}"}"""))),
            ("fetchWorkerTag", await _client.GetAsync($"{mgt}/tag/{tagId}")),
            ("fetchWorkerTag", await _client.GetAsync($"{mgt}/tag/{missing}")),
            ("fetchWorkerTag", await _client.GetAsync($"{mgt}/tag/not-a-uuid")),
            ("updateWorkerTag", await _client.PutAsync($"{mgt}/tag/{tagId}", Json($$"""{"name":"{{tagName}}-renamed"}"""))),
            ("updateWorkerTag", await _client.PutAsync($"{mgt}/tag/{missing}", Json("""{"name":"x"}"""))),
            ("setJobTag", await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json($$"""{"id":"{{tagId}}"}"""))),
            ("setJobTag", await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json("""{"name":"no such tag"}"""))),
            ("setJobTag", await _client.PostAsync($"/api/v3/jobs/{job.Id}/settag", Json("{}"))),
            ("deleteWorkerTag", await Delete($"{mgt}/tag/{tagId}")),
            ("deleteWorkerTag", await Delete($"{mgt}/tag/{tagId}")),
            ("signOff", await doomed.PostAsync("/api/v3/worker/sign-off", null)),
            ("deleteWorker", await Delete($"{mgt}/workers/{doomedId}")),
            ("deleteWorker", await Delete($"{mgt}/workers/{doomedId}")),
            ("signOff", await doomed.PostAsync("/api/v3/worker/sign-off", null)),
            ("scheduleTask", scheduled),
            ("scheduleTask", await idle.PostAsync("/api/v3/worker/task", null)),
            ("scheduleTask", await _client.PostAsync("/api/v3/worker/task", null)),
            ("mayWorkerRun", await worker.GetAsync($"/api/v3/worker/task/{assigned.Uuid}/may-i-run")),
            ("taskOutputProduced", await worker.PostAsync($"/api/v3/worker/task/{assigned.Uuid}/output-produced", Png())),
            ("taskOutputProduced", await worker.PostAsync($"/api/v3/worker/task/{assigned.Uuid}/output-produced", Json("{}"))),
            ("taskUpdate", await worker.PostAsync($"/api/v3/worker/task/{assigned.Uuid}", Json("""{"activity":"conformance","log":"hello\n"}"""))),
            ("taskUpdate", await worker.PostAsync($"/api/v3/worker/task/{missing}", Json("""{"activity":"x"}"""))),
            ("taskUpdate", await worker.PostAsync($"/api/v3/worker/task/{assigned.Uuid}", Json("""{"taskStatus":"completed"}"""))),
            ("taskUpdate", await worker.PostAsync($"/api/v3/worker/task/{assigned.Uuid}", Json("""{"taskStatus":"completed"}"""))),
            ("getVersion", await _client.GetAsync("/api/v3/version")),
            ("getConfiguration", await _client.GetAsync("/api/v3/configuration")),
            ("getFarmStatus", await _client.GetAsync("/api/v3/status")),
            ("getVariables", await _client.GetAsync("/api/v3/configuration/variables/workers/linux")),
            ("getVariables", await _client.GetAsync("/api/v3/configuration/variables/users/troll")),
            ("getVariables", await _client.GetAsync("/api/v3/configuration/variables/everyone/linux")),
            ("getSharedStorage", await _client.GetAsync("/api/v3/configuration/shared-storage/users/linux")),
            ("getSharedStorage", await _client.GetAsync("/api/v3/configuration/shared-storage/workers/windows")),
            ("getSharedStorage", await _client.GetAsync("/api/v3/configuration/shared-storage/nobody/linux")),
            ("getConfigurationFile", await configured.GetAsync("/api/v3/configuration/file")),
            ("getConfigurationFile", await GetYaml("/api/v3/configuration/file")),
            ("updateConfigurationFile", await configured.PutAsync("/api/v3/configuration/file", Json(await configured.GetStringAsync("/api/v3/configuration/file")))),
            ("updateConfigurationFile", await configured.PutAsync("/api/v3/configuration/file", Json("""{"task_timeout":5}"""))),
            ("checkSharedStoragePath", await _client.PostAsync("/api/v3/configuration/check/shared-storage", Json($$"""{"path":{{JsonSerializer.Serialize(factory.DataFolder)}}}"""))),
            ("checkSharedStoragePath", await _client.PostAsync("/api/v3/configuration/check/shared-storage", Json("""{"path":"/usr"}"""))),
            ("checkSharedStoragePath", await _client.PostAsync("/api/v3/configuration/check/shared-storage", Json("{}"))),
            ("findBlenderExePath", await _client.GetAsync("/api/v3/configuration/check/blender")),
            ("checkBlenderExePath", await _client.PostAsync("/api/v3/configuration/check/blender", Json("""{"path":"blender"}"""))),
            ("checkBlenderExePath", await _client.PostAsync("/api/v3/configuration/check/blender", Json("""{"path":"/no/such/blender"}"""))),
            ("checkBlenderExePath", await _client.PostAsync("/api/v3/configuration/check/blender", Json("""{"path":5}"""))),
            ("saveSetupAssistantConfig", await configured.PostAsync("/api/v3/configuration/setup-assistant", Json($$$"""{"storageLocation":{{{JsonSerializer.Serialize(_configuredFactory.DataFolder)}}},"blenderExecutable":{"input":"blender","path":"/usr/bin/blender","source":"path_envvar","is_usable":true,"cause":"Found Blender"}}"""))),
            ("saveSetupAssistantConfig", await configured.PostAsync("/api/v3/configuration/setup-assistant", Json("""{"storageLocation":"relative"}"""))),
            ("getJobTypes", await _client.GetAsync("/api/v3/jobs/types")),
            ("getJobType", await _client.GetAsync("/api/v3/jobs/type/simple-blender-render")),
            ("getJobType", await _client.GetAsync("/api/v3/jobs/type/nonexistent")),
            ("submitJob", await _client.PostAsJsonAsync("/api/v3/jobs", JobsApiTests.EchoSleep(), ManagerAppFactory.Json)),
            ("submitJob", await _client.PostAsync("/api/v3/jobs", Json("""{"name":"x","type":"echo-sleep-test","priority":50,"submitter_platform":"linux","type_etag":"stale"}"""))),
            ("submitJob", await _client.PostAsync("/api/v3/jobs", Json("{"))),
            ("submitJobCheck", await _client.PostAsJsonAsync("/api/v3/jobs/check", JobsApiTests.EchoSleep(), ManagerAppFactory.Json)),
            ("submitJobCheck", await _client.PostAsync("/api/v3/jobs/check", Json("""{"name":"x","type":"nope","priority":50,"submitter_platform":"linux"}"""))),
            ("fetchJobs", await _client.GetAsync("/api/v3/jobs")),
            // Ours: the jobs query's filters as parameters; the answer is still the spec's JobsQueryResult.
            ("fetchJobs", await _client.GetAsync("/api/v3/jobs?status_in=queued,active&order_by=-updated&limit=2&settings.message=hey")),
            ("fetchJobs", await _client.GetAsync("/api/v3/jobs?order_by=colour")),
            ("fetchJob", await _client.GetAsync($"/api/v3/jobs/{job.Id}")),
            ("fetchJobTasks", await _client.GetAsync($"/api/v3/jobs/{job.Id}/tasks")),
            ("fetchJobTasks", await _client.GetAsync($"/api/v3/jobs/{missing}/tasks")),
            ("fetchTask", await _client.GetAsync($"/api/v3/tasks/{taskId}")),
            ("fetchTask", await _client.GetAsync($"/api/v3/tasks/{missing}")),
            ("setJobPriority", await _client.PostAsync($"/api/v3/jobs/{job.Id}/setpriority", Json("""{"priority":60}"""))),
            ("setJobPriority", await _client.PostAsync($"/api/v3/jobs/{job.Id}/setpriority", Json("""{"priority":-1}"""))),
            ("setTaskStatus", await _client.PostAsync($"/api/v3/tasks/{taskId}/setstatus", Json("""{"status":"canceled","reason":"conformance"}"""))),
            ("setTaskStatus", await _client.PostAsync($"/api/v3/tasks/{taskId}/setstatus", Json("""{"status":"completed","reason":"conformance"}"""))),
            ("fetchJobBlocklist", await _client.GetAsync($"/api/v3/jobs/{job.Id}/blocklist")),
            ("fetchJobBlocklist", await _client.GetAsync($"/api/v3/jobs/{missing}/blocklist")),
            ("removeJobBlocklist", await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v3/jobs/{job.Id}/blocklist") { Content = Json($$"""[{"worker_id":"{{missing}}","task_type":"misc"}]""") })),
            ("removeJobBlocklist", await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v3/jobs/{job.Id}/blocklist") { Content = Json("not json") })),
            ("setJobStatus", await _client.PostAsync($"/api/v3/jobs/{job.Id}/setstatus", Json("""{"status":"cancel-requested","reason":"conformance"}"""))),
            ("setJobStatus", await _client.PostAsync($"/api/v3/jobs/{missing}/setstatus", Json("""{"status":"cancel-requested","reason":"conformance"}"""))),
            ("fetchTaskLogTail", await _client.GetAsync($"/api/v3/tasks/{taskId}/logtail")),
            ("fetchTaskLogInfo", await _client.GetAsync($"/api/v3/tasks/{taskId}/log")),
            ("fetchTaskLogTail", await _client.GetAsync($"/api/v3/tasks/{missing}/logtail")),
            ("fetchTaskLogInfo", await _client.GetAsync($"/api/v3/tasks/{missing}/log")),
            ("fetchTaskLogTail", await WithLog(() => _client.GetAsync($"/api/v3/tasks/{taskId}/logtail"))),
            ("fetchTaskLogInfo", await _client.GetAsync($"/api/v3/tasks/{taskId}/log")),
            ("fetchJobLastRenderedInfo", await _client.GetAsync($"/api/v3/jobs/{job.Id}/last-rendered")),
            ("fetchGlobalLastRenderedInfo", await _client.GetAsync("/api/v3/jobs/last-rendered")),
            ("fetchJobLastRenderedInfo", await WithImage(() => _client.GetAsync($"/api/v3/jobs/{job.Id}/last-rendered"))),
            ("fetchGlobalLastRenderedInfo", await _client.GetAsync("/api/v3/jobs/last-rendered")),
            ("shamanCheckoutRequirements", await shaman.PostAsync("/api/v3/shaman/checkout/requirements", Json($$"""{"files":{{files}}}"""))),
            ("shamanCheckoutRequirements", await shaman.PostAsync("/api/v3/shaman/checkout/requirements", Json("""{"files":[{"sha":"nope","size":1,"path":"a"}]}"""))),
            ("shamanFileStoreCheck", await shaman.GetAsync($"/api/v3/shaman/files/{sha}/{upload.Length}")),
            ("shamanFileStoreCheck", await shaman.GetAsync($"/api/v3/shaman/files/{sha}/-1")),
            ("shamanFileStore", await shaman.SendAsync(Shaman.ShamanHost.Upload(upload, size: "1"))),
            ("shamanFileStore", await shaman.SendAsync(Shaman.ShamanHost.Upload(upload, canDefer: "true"))),
            ("shamanFileStore", await shaman.SendAsync(Shaman.ShamanHost.Upload(upload))),
            ("shamanFileStore", await shaman.SendAsync(Shaman.ShamanHost.Upload(deferred, canDefer: "true"))),
            ("shamanFileStore", await shaman.SendAsync(Shaman.ShamanHost.Upload(upload, sha: "NOPE"))),
            ("shamanFileStoreCheck", await shaman.GetAsync($"/api/v3/shaman/files/{sha}/{upload.Length}")),
            ("shamanCheckoutRequirements", await shaman.PostAsync("/api/v3/shaman/checkout/requirements", Json($$"""{"files":{{files}}}"""))),
            ("shamanCheckout", await shaman.PostAsync("/api/v3/shaman/checkout/create", Json($$"""{"checkoutPath":"conformance/job","files":{{files}}}"""))),
            ("shamanCheckout", await shaman.PostAsync("/api/v3/shaman/checkout/create", Json($$"""{"checkoutPath":"conformance/job","files":{{missingFiles}}}"""))),
            ("shamanCheckout", await shaman.PostAsync("/api/v3/shaman/checkout/create", Json($$"""{"checkoutPath":"..","files":{{files}}}"""))),
            ("shamanCheckoutRequirements", await _client.PostAsync("/api/v3/shaman/checkout/requirements", Json($$"""{"files":{{files}}}"""))),
            ("shamanFileStoreCheck", await _client.GetAsync($"/api/v3/shaman/files/{sha}/{upload.Length}")),
            ("shamanFileStore", await _client.SendAsync(Shaman.ShamanHost.Upload(upload))),
            ("shamanCheckout", await _client.PostAsync("/api/v3/shaman/checkout/create", Json($$"""{"checkoutPath":"job","files":{{files}}}"""))),
            // Last: these delete jobs the calls above use.
            ("deleteJobWhatWouldItDo", await _client.GetAsync($"/api/v3/jobs/{job.Id}/what-would-delete-do")),
            ("deleteJob", await _client.DeleteAsync($"/api/v3/jobs/{missing}")),
            ("deleteJob", await _client.DeleteAsync($"/api/v3/jobs/{job.Id}")),
            ("deleteJobMass", await MassDelete("""{"last_updated_max":"2000-01-01T00:00:00Z"}""")),
            ("deleteJobMass", await MassDelete("""{"last_updated_max":"yesterday"}""")),
            ("deleteJobMass", await MassDelete($$"""{"last_updated_max":"{{TimeProvider.System.GetUtcNow().AddDays(1):yyyy-MM-ddTHH:mm:ssZ}}"}""")),
        ];

        Task<HttpResponseMessage> MassDelete(string body) =>
            _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v3/jobs/mass-delete") { Content = Json(body) });
    }

    [Fact]
    public async Task EveryAnswer_MatchesTheSpec()
    {
        var problems = new List<string>();

        foreach (var (operationId, response) in await CallEverything())
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var what = $"{operationId} {status}";
            var schema = FlamencoSpec.Instance.ResponseSchema(operationId, status);
            if (status is 204 or 202 or 208)
            {
                if (body.Length > 0 || response.Content.Headers.ContentType is not null) problems.Add($"{what}: a bodiless answer has a body or content type");
                continue;
            }
            if (!SpecMediaTypes(operationId, status).Contains(response.Content.Headers.ContentType?.MediaType)) problems.Add($"{what}: content type {response.Content.Headers.ContentType}");
            // The spec's schemas are JSON's; a YAML answer (getConfigurationFile) has only its media type checked.
            if (schema is null || response.Content.Headers.ContentType?.MediaType != "application/json") continue;
            problems.AddRange(schema.Validate(body).Select(e => $"{what}: {e.Path} {e.Kind} in {body[..Math.Min(body.Length, 300)]}"));
            if (body.Contains(":null", StringComparison.Ordinal)) problems.Add($"{what}: contains null");
        }

        Assert.Empty(problems);
    }

    /// <summary>The media types the spec gives the answer (JSON for the errors it does not list).</summary>
    private static IReadOnlyCollection<string> SpecMediaTypes(string operationId, int status)
    {
        var responses = FlamencoSpec.Instance.Operation(operationId).Operation["responses"]!.AsObject();
        var content = (responses[status.ToString(CultureInfo.InvariantCulture)] ?? responses["default"])?["content"]?.AsObject();
        return content is null ? ["application/json"] : content.Select(c => c.Key).ToList();
    }

    [Fact]
    public async Task EveryImplementedOperation_IsCovered()
    {
        var ours = JsonNode.Parse(await _client.GetStringAsync("/api/v3/openapi3.json"))!;
        var implemented = ours["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .Select(o => o.Value is JsonObject operation ? (string?)operation["operationId"] : null).OfType<string>()
            .Intersect(FlamencoSpec.Instance.OperationIds)
            .ToHashSet();
        var covered = (await CallEverything()).Select(c => c.OperationId).ToHashSet();

        Assert.NotEmpty(implemented);
        Assert.Empty(implemented.Except(covered));
    }

    [Fact]
    public async Task EveryImplementedOperation_HasTheSpecsMethodAndPath()
    {
        var ours = JsonNode.Parse(await _client.GetStringAsync("/api/v3/openapi3.json"))!;

        foreach (var (path, item) in ours["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = (string?)operation?["operationId"];
                if (id is null || !FlamencoSpec.Instance.OperationIds.Contains(id)) continue;
                var (specPath, specMethod, _) = FlamencoSpec.Instance.Operation(id);
                Assert.Equal((specPath, specMethod), (path, method.ToLowerInvariant()));
            }
        }
    }

    [Fact]
    public async Task UnknownRoute_AnswersFlamencoErrorBody()
    {
        var response = await _client.GetAsync("/api/v3/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(404, (int)error["code"]!);
    }
}

/// <summary>The schema check itself catches what Flamenco's clients reject (reference/api-contract.md §4.4).</summary>
public sealed class FlamencoSpecTests
{
    [Theory]
    [InlineData("getFarmStatus", """{"status":"IDLE"}""")]
    [InlineData("getFarmStatus", """{}""")]
    [InlineData("getVersion", """{"version":"3.9","shortversion":"3.9","name":"x"}""")]
    [InlineData("fetchJobTasks", """{"tasks":[{"id":"a","name":"n","status":"queued","index_in_job":1.5,"priority":50,"task_type":"misc","updated":"2026-01-01T00:00:00Z","steps_completed":0,"steps_total":1}]}""")]
    [InlineData("getJobType", """{"name":"x","label":"X","etag":"e","settings":[{"key":"k","type":"string","subtype":null}]}""")]
    public void ResponseSchema_BodiesFlamencosClientsReject_AreInvalid(string operationId, string body)
    {
        var schema = FlamencoSpec.Instance.ResponseSchema(operationId, 200)!;

        Assert.NotEmpty(schema.Validate(body));
    }

    [Fact]
    public void ResponseSchema_JobTasksSummaryWithoutTheMisspelledJobs_IsValid()
    {
        var schema = FlamencoSpec.Instance.ResponseSchema("fetchJobTasks", 200)!;

        Assert.Empty(schema.Validate("""{"tasks":[]}"""));
    }
}
