using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Flamenco.Api;
using Flamenco.Manager.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Support;

/// <summary>Workers as a real worker makes itself known: registered and signed on through the API.</summary>
public static class WorkerApi
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static AuthenticationHeaderValue Basic(string credentials) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

    /// <summary>Registers a worker (with the empty credentials the real worker sends) and returns a client authenticated as it.</summary>
    public static async Task<(Guid Id, HttpClient Client)> RegisterAsync(this ManagerAppFactory factory, string name = "worker", string taskTypes = "misc")
    {
        var secret = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "Og==");
        var response = await anonymous.PostAsJsonAsync("/api/v3/worker/register-worker",
            new { name, secret, platform = "linux", supported_task_types = taskTypes.Split(',') });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"registration failed: {(int)response.StatusCode} {body}");
        var registered = (await response.Content.ReadFromJsonAsync<RegisteredWorker>(ManagerAppFactory.Json))!;
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic($"{registered.Uuid}:{secret}");
        return (Guid.Parse(registered.Uuid), client);
    }

    public static async Task<WorkerStatus> SignOnAsync(this HttpClient worker, string name = "worker", string taskTypes = "misc", bool canRestart = false)
    {
        var response = await worker.PostAsJsonAsync("/api/v3/worker/sign-on",
            new { name, supported_task_types = taskTypes.Split(','), software_version = "3.9-test", can_restart = canRestart });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WorkerStateChange>(ManagerAppFactory.Json))!.StatusRequested;
    }

    /// <summary>Registered, signed on and reported awake: ready for tasks.</summary>
    public static async Task<(Guid Id, HttpClient Client)> AwakeWorkerAsync(this ManagerAppFactory factory, string name = "worker", string taskTypes = "misc", bool canRestart = false)
    {
        var (id, client) = await factory.RegisterAsync(name, taskTypes);
        await client.SignOnAsync(name, taskTypes, canRestart);
        var changed = await client.PostAsync("/api/v3/worker/state-changed", Json("""{"status":"awake"}"""));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, changed.StatusCode);
        return (id, client);
    }

    public static async Task<WorkerDetails> GetWorkerAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<WorkerDetails>($"/api/v3/worker-mgt/workers/{id}", ManagerAppFactory.Json))!;

    /// <summary>Every event of type <typeparamref name="T"/> published from now on.</summary>
    public static ConcurrentQueue<T> Collect<T>(this ManagerAppFactory factory) where T : class
    {
        var events = new ConcurrentQueue<T>();
        factory.Services.GetRequiredService<EventBus>().Subscribe<T>(events.Enqueue);
        return events;
    }
}
