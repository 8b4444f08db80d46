using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Flamenco.Worker.ManagerApi;

namespace Flamenco.Worker.Tests.Support;

/// <summary>
/// A Manager that answers from a script, behind the worker's real <see cref="ManagerClient"/> and authentication
/// handler, and remembers every request with the fake clock's time. Unscripted requests get 404.
/// </summary>
internal sealed class FakeManager : HttpMessageHandler
{
    private readonly ConcurrentQueue<ManagerRequest> _requests = new();
    private readonly TimeProvider _time;
    private Func<ManagerRequest, HttpResponseMessage?> _answer = _ => null;

    public FakeManager(TimeProvider time)
    {
        _time = time;
        Credentials = new ManagerCredentials();
        Client = new ManagerClient(
            new HttpClient(new ManagerAuthenticationHandler(Credentials) { InnerHandler = this }) { BaseAddress = new Uri("http://manager.test/prefix/") },
            time, WorkerParts.Timings);
    }

    public ManagerClient Client { get; }

    public ManagerCredentials Credentials { get; }

    public IReadOnlyList<ManagerRequest> Requests => [.. _requests];

    public IEnumerable<ManagerRequest> To(string path) => Requests.Where(r => r.Path == path);

    /// <summary>Answers with <paramref name="answer"/>'s response; null falls through to the earlier script.</summary>
    public void On(Func<ManagerRequest, HttpResponseMessage?> answer)
    {
        var previous = _answer;
        _answer = r => answer(r) ?? previous(r);
    }

    public void On(string method, string path, Func<ManagerRequest, HttpResponseMessage> answer) =>
        On(r => r.Method == method && r.Path == path ? answer(r) : null);

    public void On(string method, string path, HttpStatusCode status, string body = "") => On(method, path, _ => Reply(status, body));

    public static HttpResponseMessage Reply(HttpStatusCode status, string body = "") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>What the worker sees when the Manager is down.</summary>
    public static HttpResponseMessage Unreachable() => throw new HttpRequestException("Connection refused (manager.test:80)");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/prefix/", StringComparison.Ordinal)) throw new InvalidOperationException($"request outside the Manager URL's prefix: {path}");
        var recorded = new ManagerRequest(
            request.Method.Method, path["/prefix".Length..],
            request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken),
            request.Content?.Headers.ContentType?.MediaType,
            request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken),
            request.Headers.Authorization?.ToString(), _time.GetUtcNow());
        _requests.Enqueue(recorded);
        return _answer(recorded) ?? Reply(HttpStatusCode.NotFound, """{"code":404,"message":"not scripted"}""");
    }
}

internal sealed record ManagerRequest(string Method, string Path, string Body, string? ContentType, byte[] Bytes, string? Authorization, DateTimeOffset At);
