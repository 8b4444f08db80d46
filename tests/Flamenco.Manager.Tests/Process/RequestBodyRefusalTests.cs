using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;
using Flamenco.Testing;

namespace Flamenco.Manager.Tests.Process;

/// <summary>A real Manager process for the tests below: only Kestrel enforces body limits and rates (TestServer does not).</summary>
public sealed class KestrelManager : IAsyncLifetime
{
    public ManagerProcess Manager { get; private set; } = null!;

    public async Task InitializeAsync() => Manager = await ManagerProcess.StartAsync();

    public async Task DisposeAsync() => await Manager.DisposeAsync();
}

/// <summary>
/// Bodies Kestrel gives up on while an endpoint reads them (issue 10, points 2–4) get their own 4xx with Flamenco's
/// <c>{code,message}</c>, never a 500, and the Manager keeps answering.
/// </summary>
public sealed class RequestBodyRefusalTests(KestrelManager fixture) : IClassFixture<KestrelManager>
{
    private ManagerProcess Manager => fixture.Manager;

    private static void AssertError(RawHttp.Answer answer, int status, string messagePart)
    {
        Assert.True(answer.Status == status, $"expected {status}, got {answer.Status}: {answer.Body}");
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        var error = JsonNode.Parse(answer.Body)!;
        Assert.Equal(status, (int)error["code"]!);
        Assert.Contains(messagePart, (string)error["message"]!, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<int> JobCountAsync()
    {
        using var client = new HttpClient { BaseAddress = Manager.BaseAddress };
        return (await client.GetFromJsonAsync<JobsQueryResult>("/api/v3/jobs"))!.Jobs.Count;
    }

    [Fact]
    public async Task JobOverTheBodyLimit_DeclaredByContentLength_Is413()
    {
        var before = await JobCountAsync();
        var start = Encoding.UTF8.GetBytes("{\"name\":\"big\",\"settings\":{\"message\":\"" + new string('x', 100_000));

        var answer = await RawHttp.SendAsync(Manager.BaseAddress,
            "POST /api/v3/jobs HTTP/1.1\r\nHost: manager\r\nContent-Type: application/json\r\nContent-Length: 40000000", start);

        AssertError(answer, 413, "too large");
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task TaskUpdateLogOverTheBodyLimit_SentChunked_Is413()
    {
        using var anonymous = new HttpClient { BaseAddress = Manager.BaseAddress };
        var registered = await anonymous.PostAsJsonAsync("/api/v3/worker/register-worker",
            new { name = "big-logger", secret = "s3cret", platform = "linux", supported_task_types = new[] { "misc" } });
        var uuid = (await registered.Content.ReadFromJsonAsync<RegisteredWorker>())!.Uuid;
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{uuid}:s3cret"));
        var log = Encoding.UTF8.GetBytes("{\"log\":\"" + new string('x', 40_000_000) + "\"}");
        var chunked = new MemoryStream();
        for (var offset = 0; offset < log.Length; offset += 1 << 20)
        {
            var size = Math.Min(1 << 20, log.Length - offset);
            chunked.Write(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            chunked.Write(log, offset, size);
            chunked.Write("\r\n"u8);
        }
        chunked.Write("0\r\n\r\n"u8);

        var answer = await RawHttp.SendAsync(Manager.BaseAddress,
            $"POST /api/v3/worker/task/{Guid.NewGuid()} HTTP/1.1\r\nHost: manager\r\nAuthorization: Basic {credentials}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
            chunked.ToArray());

        AssertError(answer, 413, "too large");
    }

    [Fact]
    public async Task BodyThatStopsArriving_Is408OrClosed_NeverA500()
    {
        var before = await JobCountAsync();

        var answer = await RawHttp.SendAsync(Manager.BaseAddress,
            "POST /api/v3/jobs HTTP/1.1\r\nHost: manager\r\nContent-Type: application/json\r\nContent-Length: 5000",
            Encoding.UTF8.GetBytes("""{"name":"slow","""), stall: TimeSpan.FromSeconds(30));

        // Kestrel's MinRequestBodyDataRate (240 bytes/s after a 5 s grace) gives up on the body; the answer may or may
        // not reach a client that is still sending.
        if (answer.Status != 0) AssertError(answer, 408, "timed out");
        Assert.Equal(before, await JobCountAsync());
        Assert.DoesNotContain("unhandled exception", Manager.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MalformedChunkedBody_Is400()
    {
        var before = await JobCountAsync();

        var answer = await RawHttp.SendAsync(Manager.BaseAddress,
            "POST /api/v3/jobs HTTP/1.1\r\nHost: manager\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
            Encoding.ASCII.GetBytes("ZZ\r\n{\"name\":\"chunk\"}\r\n0\r\n\r\n"));

        AssertError(answer, 400, "chunk");
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task BodyShorterThanItsContentLength_Is400OrClosed_NeverA500()
    {
        var before = await JobCountAsync();

        var answer = await RawHttp.SendAsync(Manager.BaseAddress,
            "POST /api/v3/jobs HTTP/1.1\r\nHost: manager\r\nContent-Type: application/json\r\nContent-Length: 500",
            Encoding.UTF8.GetBytes("""{"name":"cut","type":"echo-sleep-test","""), endSending: true);

        // A client that ends its side of the connection has hung up for Kestrel: it is answered only if the body's end
        // is seen first.
        if (answer.Status != 0) AssertError(answer, 400, "end of request content");
        Assert.Equal(before, await JobCountAsync());
        Assert.DoesNotContain("unhandled exception", Manager.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UrlLongerThanKestrelTakes_IsRefusedByKestrel_Not500()
    {
        var answer = await RawHttp.SendAsync(Manager.BaseAddress, $"GET /api/v3/jobs/{new string('a', 20_000)} HTTP/1.1\r\nHost: manager", []);

        // Kestrel answers before any middleware runs, with no body and no hook to give it one.
        Assert.Equal(414, answer.Status);
        using var client = new HttpClient { BaseAddress = Manager.BaseAddress };
        Assert.True((await client.GetAsync("/api/v3/version")).IsSuccessStatusCode);
    }
}
