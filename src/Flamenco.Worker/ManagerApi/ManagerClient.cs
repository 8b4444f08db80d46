using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flamenco.Api;
using Flamenco.Worker.Lifecycle;

namespace Flamenco.Worker.ManagerApi;

/// <summary>
/// The Manager's worker API (<c>/api/v3/worker/*</c>). Every call returns the Manager's answer whatever its status;
/// no answer at all (connection refused, time-out, an answer cut off halfway) is a
/// <see cref="ManagerUnreachableException"/>. Paths are relative, so a Manager URL with a path prefix works.
/// </summary>
/// <remarks>
/// Upstream sets no HTTP time-out, so a Manager that accepts connections but never answers blocks the worker for good
/// (reference §8.1.8), may-i-run included. Every call here gives up after <see cref="WorkerTimings.ManagerRequest"/>
/// and counts as unreachable.
/// </remarks>
internal sealed class ManagerClient(HttpClient http, TimeProvider time, WorkerTimings timings)
{

    public Task<ManagerAnswer> RegisterAsync(WorkerRegistration registration, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v3/worker/register-worker", Json(registration), cancellationToken);

    public Task<ManagerAnswer> SignOnAsync(WorkerSignOn signOn, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v3/worker/sign-on", Json(signOn), cancellationToken);

    public Task<ManagerAnswer> SignOffAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v3/worker/sign-off", null, cancellationToken);

    public Task<ManagerAnswer> StateChangedAsync(WorkerStatus status, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v3/worker/state-changed", Json(new WorkerStateChanged { Status = status }), cancellationToken);

    public Task<ManagerAnswer> RequestedStateAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v3/worker/state", null, cancellationToken);

    public Task<ManagerAnswer> ScheduleTaskAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/v3/worker/task", null, cancellationToken);

    public Task<ManagerAnswer> MayIRunAsync(Guid taskId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/v3/worker/task/{taskId}/may-i-run", null, cancellationToken);

    /// <summary>Sends a task update whose JSON is already made: the upstream queue stores and replays exactly these bytes.</summary>
    public Task<ManagerAnswer> UpdateTaskAsync(Guid taskId, string updateJson, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v3/worker/task/{taskId}", new StringContent(updateJson, Encoding.UTF8, "application/json"), cancellationToken);

    public Task<ManagerAnswer> OutputProducedAsync(Guid taskId, byte[] jpeg, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return SendAsync(HttpMethod.Post, $"api/v3/worker/task/{taskId}/output-produced", content, cancellationToken);
    }

    private static StringContent Json<T>(T body) =>
        new(JsonSerializer.Serialize(body, ManagerJson.Options), Encoding.UTF8, "application/json");

    private async Task<ManagerAnswer> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var deadline = new CancellationTokenSource(timings.ManagerRequest, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new ManagerAnswer(response.StatusCode, body);
        }
        // IOException: a body cut off before its Content-Length or last chunk (HttpIOException), which is no answer either.
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ManagerUnreachableException($"{method} {path}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ManagerUnreachableException($"{method} {path}: no answer within {timings.ManagerRequest.TotalSeconds:0.#} s", e);
        }
    }
}
