using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.TaskLogs;
using Flamenco.Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Api;

/// <summary>The task log endpoints and their files at /job-files/ (manager.md §6.5, §8.2 case 31).</summary>
public sealed class TaskLogsApiTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private ITaskLogStore Logs => factory.Services.GetRequiredService<ITaskLogStore>();

    private async Task<(Guid JobId, Guid TaskId)> NewTask()
    {
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var tasks = await _client.GetFromJsonAsync<JobTasksSummary>($"/api/v3/jobs/{job.Id}/tasks", ManagerAppFactory.Json);
        return (Guid.Parse(job.Id), Guid.Parse(tasks!.Tasks[0].Id));
    }

    [Fact]
    public async Task LogTailAndInfo_NoLogYet_Are204WithoutBody()
    {
        var (_, taskId) = await NewTask();

        foreach (var url in new[] { $"/api/v3/tasks/{taskId}/logtail", $"/api/v3/tasks/{taskId}/log" })
        {
            var response = await _client.GetAsync(url);

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentType);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task LogTailAndInfo_EmptyLogFile_Are204()
    {
        var (jobId, taskId) = await NewTask();
        var path = Path.Combine(factory.DataFolder, "manager-storage", Logs.RelativePath(jobId, taskId));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, []);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.GetAsync($"/api/v3/tasks/{taskId}/logtail")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.GetAsync($"/api/v3/tasks/{taskId}/log")).StatusCode);
    }

    [Fact]
    public async Task LogTailAndInfo_UnknownTask_Are404WithFlamencosErrorBody()
    {
        var missing = Guid.NewGuid();

        foreach (var url in new[] { $"/api/v3/tasks/{missing}/logtail", $"/api/v3/tasks/{missing}/log" })
        {
            var response = await _client.GetAsync(url);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(404, (int)error["code"]!);
            Assert.Equal($"no such task: {missing}", (string)error["message"]!);
        }
    }

    [Fact]
    public async Task LogTail_WithLog_IsTheTailAsText()
    {
        var (jobId, taskId) = await NewTask();
        await Logs.AppendAsync(jobId, taskId, "Ovo je priča\nIma dvije linije");

        var response = await _client.GetAsync($"/api/v3/tasks/{taskId}/logtail");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Ovo je priča\nIma dvije linije\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LogInfo_47ByteLog_GivesItsSizeAndTheUrlThatServesIt()
    {
        var (jobId, taskId) = await NewTask();
        var text = "Ovo je priča, duga četrdeset i šest bajtova"; // 46 bytes in UTF-8, plus the newline
        await Logs.AppendAsync(jobId, taskId, text);

        var info = await _client.GetFromJsonAsync<TaskLogInfo>($"/api/v3/tasks/{taskId}/log", ManagerAppFactory.Json);

        Assert.Equal(new TaskLogInfo
        {
            TaskId = taskId.ToString(),
            JobId = jobId.ToString(),
            Size = 47,
            Url = $"/job-files/job-{jobId.ToString()[..4]}/{jobId}/task-{taskId}.txt",
        }, info);
        var file = await _client.GetAsync(info!.Url);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", file.Content.Headers.ContentType!.ToString());
        Assert.Equal(text + "\n", await file.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", file.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task LogTail_InvalidTaskId_Is400()
    {
        var response = await _client.GetAsync("/api/v3/tasks/not-a-uuid/logtail");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
