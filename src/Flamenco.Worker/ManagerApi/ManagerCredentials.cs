using System.Net.Http.Headers;
using System.Text;

namespace Flamenco.Worker.ManagerApi;

/// <summary>The worker's identity at the Manager: the id it was registered under and its secret.</summary>
internal sealed record WorkerCredentials(string WorkerId, string Secret)
{
    public AuthenticationHeaderValue ToBasicAuthentication() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WorkerId}:{Secret}")));

    /// <summary>Never print the secret.</summary>
    public override string ToString() => $"worker {WorkerId}";
}

/// <summary>The credentials requests carry now; registration replaces them while the worker runs.</summary>
internal sealed class ManagerCredentials
{
    private volatile WorkerCredentials? _current;

    public WorkerCredentials? Current
    {
        get => _current;
        set => _current = value;
    }
}

/// <summary>Puts the current credentials (HTTP Basic) and the worker's User-Agent on every request.</summary>
internal sealed class ManagerAuthenticationHandler(ManagerCredentials credentials) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Registration has no credentials yet; the Manager does not ask for any there.
        if (credentials.Current is { } current) request.Headers.Authorization = current.ToBasicAuthentication();
        request.Headers.UserAgent.ParseAdd(WorkerVersion.UserAgent);
        return base.SendAsync(request, cancellationToken);
    }
}
