using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Tests.Support;

/// <summary>What <see cref="FaultyProxy"/> does to one request.</summary>
internal enum ProxyFault
{
    /// <summary>Passes the request on and its answer back.</summary>
    None,

    /// <summary>Answers 500 itself; the Manager never sees the request.</summary>
    Answer500,

    /// <summary>Answers 503 itself, as a proxy before a restarting Manager does.</summary>
    Answer503,

    /// <summary>Passes the request on, so the Manager does the change, then closes the connection without an answer.</summary>
    DropAnswer,

    /// <summary>Holds the request longer than the worker waits, then closes the connection; the Manager never sees it.</summary>
    Stall,
}

/// <summary>A request the proxy spoiled, for the test to check that every kind of fault hit what it is about.</summary>
internal sealed record SpoiledRequest(int Number, ProxyFault Fault, string Method, string Path, string Body);

/// <summary>
/// An HTTP proxy on a free loopback port between a Worker and a Manager that spoils requests on a schedule
/// (<paramref name="faultOf"/>, given the request's number from 1), so a test can see the Worker ride out a failing
/// Manager: answers that never come, 500s and 503s, and requests that hang.
/// </summary>
internal sealed class FaultyProxy(Uri manager, Func<int, ProxyFault> faultOf, TimeSpan stall) : IAsyncDisposable
{
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = manager };
    private readonly ConcurrentQueue<SpoiledRequest> _spoiled = new();
    private WebApplication? _app;
    private int _count;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<SpoiledRequest> Spoiled => [.. _spoiled];

    public int RequestCount => Volatile.Read(ref _count);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _count);
        var fault = faultOf(number);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var path = context.Request.Path + context.Request.QueryString;
        if (fault != ProxyFault.None)
        {
            _spoiled.Enqueue(new SpoiledRequest(number, fault, context.Request.Method, context.Request.Path, System.Text.Encoding.UTF8.GetString(body.ToArray())));
        }

        switch (fault)
        {
            case ProxyFault.Answer500 or ProxyFault.Answer503:
                var status = fault == ProxyFault.Answer500 ? 500 : 503;
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$"""{"code":{{status}},"message":"fault injected by the test proxy"}""");
                return;
            case ProxyFault.Stall:
                try
                {
                    await Task.Delay(stall, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                context.Abort();
                return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path.TrimStart('/'));
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        foreach (var header in (string[])["Authorization", "User-Agent"])
        {
            if (context.Request.Headers.TryGetValue(header, out var value)) request.Headers.TryAddWithoutValidation(header, value.ToString());
        }
        using var answer = await _forward.SendAsync(request, context.RequestAborted);
        var answerBody = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (fault == ProxyFault.DropAnswer)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Content.Headers.ContentType is { } contentType) context.Response.ContentType = contentType.ToString();
        await context.Response.Body.WriteAsync(answerBody, context.RequestAborted);
    }
}
