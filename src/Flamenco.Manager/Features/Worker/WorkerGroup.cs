using Flamenco.Manager.Api;
using Flamenco.Manager.Workers;
using FastEndpoints;

namespace Flamenco.Manager.Features.Worker;

/// <summary>
/// The spec's <c>worker_auth</c> operations: every endpoint in this group requires HTTP Basic <c>worker_uuid:secret</c>
/// and answers 403 otherwise; the handler gets the worker from <see cref="WorkerHttpContextExtensions.AuthenticatedWorker"/>.
/// (<c>register-worker</c> has the tag but not the authentication, so it is not in this group.)
/// </summary>
public sealed class WorkerGroup : Group
{
    public WorkerGroup() => Configure("api/v3", ep =>
    {
        ep.Description(d => d.WithTags("worker").Produces<Flamenco.Api.ApiError>(403));
        // ASP.NET's authorization is not used; the pre-processor below is the authentication.
        ep.AllowAnonymous();
        ep.PreProcessor<WorkerAuthenticationPreProcessor>(Order.Before);
    });
}

/// <summary>
/// Authenticates the worker before the handler runs, also before a validation failure is answered.
/// FastEndpoints makes one instance of a pre-processor through its process-wide service resolver, so the
/// authenticator is taken from the request's own services: with constructor injection, two Managers in one process
/// (as in the tests) checked workers against each other's database, even a disposed one.
/// </summary>
internal sealed class WorkerAuthenticationPreProcessor : IGlobalPreProcessor
{
    public Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (http.Items.ContainsKey(WorkerHttpContextExtensions.ItemKey)) return Task.CompletedTask;
        var authenticator = http.RequestServices.GetRequiredService<WorkerAuthenticator>();
        var result = authenticator.Authenticate(http.Request.Headers.Authorization);
        if (result.Worker is { } worker)
        {
            http.Items[WorkerHttpContextExtensions.ItemKey] = worker;
            return Task.CompletedTask;
        }
        return http.SendErrorAsync(403, result.Failure, ct);
    }
}

public static class WorkerHttpContextExtensions
{
    internal const string ItemKey = "Flamenco.AuthenticatedWorker";

    /// <summary>
    /// The worker whose credentials this request carries, as read from the store at the start of the request
    /// (already marked seen). Only for endpoints in <see cref="WorkerGroup"/>.
    /// </summary>
    public static Workers.Worker AuthenticatedWorker(this HttpContext context) =>
        context.Items[ItemKey] as Workers.Worker
        ?? throw new InvalidOperationException("No authenticated worker: the endpoint must be in Group<WorkerGroup>().");
}
