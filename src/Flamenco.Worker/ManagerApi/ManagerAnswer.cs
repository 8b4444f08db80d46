using System.Net;
using System.Text.Json;

namespace Flamenco.Worker.ManagerApi;

/// <summary>Any HTTP answer of the Manager: the callers decide per status, as the protocol (reference §1) does.</summary>
internal sealed record ManagerAnswer(HttpStatusCode Status, string Body)
{
    public int Code => (int)Status;

    public bool Is(HttpStatusCode status) => Status == status;

    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>
    /// The Manager (or a proxy before it) cannot handle the request now: any 5xx, 408 or 429. Like no answer, it says
    /// nothing about the request itself, so the request is tried again later rather than given up.
    /// </summary>
    public bool IsNotNow => Code >= 500 || Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>The body as <typeparamref name="T"/>; a Manager answering with another shape is a protocol error.</summary>
    public T Read<T>() where T : class =>
        JsonSerializer.Deserialize<T>(Body, ManagerJson.Options)
        ?? throw new ManagerProtocolException($"the Manager answered {Code} with an empty body");

    /// <summary>For log messages: the status and the (shortened) body.</summary>
    public override string ToString() => Body.Length == 0 ? $"HTTP {Code}" : $"HTTP {Code}: {(Body.Length > 500 ? Body[..500] + "..." : Body)}";
}
