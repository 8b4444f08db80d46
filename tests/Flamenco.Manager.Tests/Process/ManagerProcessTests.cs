using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Process;

/// <summary>The Manager as a user starts it: its own process, Flamenco's YAML file, a data folder of its own.</summary>
public sealed class ManagerProcessTests
{
    [Fact]
    public async Task Start_WithFlamencoYaml_UsesItAndKeepsDataInTheDataFolder()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("flamenco-yaml-").FullName;
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, "flamenco-manager.yaml"), """
            _meta:
              version: 3
            manager_name: YAML farm
            shortversion: 3.8.5
            shaman:
              enabled: false
            """);
        await using var manager = await ManagerProcess.StartAsync(workingDirectory: workingDirectory);
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };

        var version = await client.GetFromJsonAsync<FlamencoVersion>("/api/v3/version");
        var submit = await client.PostAsJsonAsync("/api/v3/jobs", new
        {
            name = "over loopback", type = "echo-sleep-test", priority = 50, submitter_platform = "linux", settings = new { message = "hi" },
        });

        Assert.Equal(("YAML farm", "3.8.5"), (version!.Name, version.ShortVersion));
        Assert.True(submit.IsSuccessStatusCode, await submit.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(manager.DataFolder, "flamenco-manager.db")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(manager.DataFolder, "logs")));
    }

    [Fact]
    public async Task Start_WithYamlVariables_ServesThemPerPlatform()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("flamenco-yaml-").FullName;
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, "flamenco-manager.yaml"), """
            _meta:
              version: 3
            shared_storage_path: /mnt/flamenco
            shaman:
              enabled: false
            variables:
              blender:
                values:
                  - platform: linux
                    value: /opt/blender/blender
                  - platform: windows
                    value: 'C:\Program Files\Blender\blender.exe'
              storage:
                is_twoway: true
                values:
                  - platforms: [linux, darwin]
                    value: /mnt/flamenco
                  - platform: windows
                    value: 'F:\'
            """);
        await using var manager = await ManagerProcess.StartAsync(workingDirectory: workingDirectory);
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };

        var variables = await client.GetFromJsonAsync<Dictionary<string, ManagerVariable>>("/api/v3/configuration/variables/workers/windows");
        var storage = await client.GetFromJsonAsync<SharedStorageLocation>("/api/v3/configuration/shared-storage/users/windows");

        Assert.Equal(@"C:\Program Files\Blender\blender.exe", variables!["blender"].Value);
        Assert.Equal(new ManagerVariable { Value = "F:", IsTwoway = true }, variables["storage"]);
        Assert.Equal(@"F:\", storage!.Location);
    }

    [Fact]
    public async Task Start_VariableWithUnknownAudience_RefusesNamingTheVariable()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("flamenco-yaml-").FullName;
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, "flamenco-manager.yaml"), """
            _meta:
              version: 3
            variables:
              render:
                values:
                  - platform: linux
                    audience: everybody
                    value: /render
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ManagerProcess.StartAsync(workingDirectory: workingDirectory));

        Assert.Contains("\"render\" has a value for audience \"everybody\"", error.Message);
    }

    [Fact]
    public async Task Start_SecondManagerOnTheSameDatabase_RefusesWithAClearMessage()
    {
        await using var first = await ManagerProcess.StartAsync();

        var second = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ManagerProcess.StartAsync(["--data_folder", first.DataFolder]));

        Assert.Contains("in use by another Manager", second.Message);
        Assert.False(first.HasExited);
    }

    [Fact]
    public async Task Start_WithLocalWorker_ItsOwnWorkerRunsASubmittedJobToCompletion()
    {
        await using var manager = await ManagerProcess.StartAsync(["--local_worker", "true"]);
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };

        var submit = await client.PostAsJsonAsync("/api/v3/jobs", new
        {
            name = "first job", type = "echo-sleep-test", priority = 50, submitter_platform = "linux",
            settings = new { message = "hello farm", sleep_duration_seconds = 1, sleep_repeats = 1 },
        });
        Assert.True(submit.IsSuccessStatusCode, await submit.Content.ReadAsStringAsync());
        var jobId = (await submit.Content.ReadFromJsonAsync<Job>(Support.ManagerAppFactory.Json))!.Id;

        var job = await WaitForAsync(client, jobId, j => j.Status is JobStatus.Completed or JobStatus.Failed, TimeSpan.FromMinutes(2));
        var workers = await client.GetFromJsonAsync<WorkerList>("/api/v3/worker-mgt/workers", Support.ManagerAppFactory.Json);

        Assert.True(job.Status == JobStatus.Completed, $"job ended {job.Status}: {job.Activity}\n{manager.Output}");
        Assert.Equal($"{Environment.MachineName}-local", Assert.Single(workers!.Workers).Name);
    }

    [Fact]
    public async Task Start_LogsEachPluginAndJobTypeWithStateVersionAndError()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("flamenco-startup-log-").FullName;
        var jobTypes = Directory.CreateDirectory(Path.Combine(workingDirectory, "flamenco-data", "jobtypes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(jobTypes, "broken-type.js"), "const JOB_TYPE = { label: 'x', settings: [] };\nfunction compileJob(job) {\n  oops(;\n}\n");
        await using var manager = await ManagerProcess.StartAsync(workingDirectory: workingDirectory);
        using var client = new HttpClient { BaseAddress = manager.BaseAddress };

        var plugins = JsonNode.Parse(await client.GetStringAsync("/api/v3/plugins"))!["plugins"]!.AsArray();
        var version = (string)plugins.Single(p => (string)p!["id"]! == "flamenco.jobcompilers.javascript")!["version"]!;

        await WaitForOutputAsync(manager, $"Plugin flamenco.jobcompilers.javascript {version}: loaded from ");
        await WaitForOutputAsync(manager, "Job type echo-sleep-test: loaded from ");
        await WaitForOutputAsync(manager, "Job type broken-type: failed from ");
        var lines = manager.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("Job type echo-sleep-test: loaded from ", StringComparison.Ordinal)
            && l.Contains("echo-sleep-test.js by flamenco.jobcompilers.javascript", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("WRN", StringComparison.Ordinal) && l.Contains("Job type broken-type: failed from ", StringComparison.Ordinal)
            && l.Contains("by flamenco.jobcompilers.javascript: broken-type.js:3", StringComparison.Ordinal));
    }

    /// <summary>The listing is logged once the host has started, which may be just after it answered its first request.</summary>
    private static async Task WaitForOutputAsync(ManagerProcess manager, string text)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!manager.Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"the Manager did not log \"{text}\":\n{manager.Output}");
            await Task.Delay(50);
        }
    }

    private static async Task<Job> WaitForAsync(HttpClient client, string jobId, Func<Job, bool> done, TimeSpan limit)
    {
        var deadline = TimeProvider.System.GetUtcNow() + limit;
        while (true)
        {
            var job = (await client.GetFromJsonAsync<Job>($"/api/v3/jobs/{jobId}", Support.ManagerAppFactory.Json))!;
            if (done(job) || TimeProvider.System.GetUtcNow() > deadline) return job;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
