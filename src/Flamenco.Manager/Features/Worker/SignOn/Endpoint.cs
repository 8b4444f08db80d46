using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Workers;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.Worker.SignOn;

public sealed class SignOnValidator : Validator<WorkerSignOn>
{
    public SignOnValidator()
    {
        RuleFor(r => r.Name).RequiredText("name", "the worker's name");
        RuleFor(r => r.SupportedTaskTypes).RequiredTaskTypes();
        RuleFor(r => r.SoftwareVersion).RequiredText("software_version", "the worker's Flamenco version");
        RuleFor(r => r.Name).MaxBytes("name", InputLimits.NameBytes);
        RuleFor(r => r.SupportedTaskTypes).EachMaxBytes("supported_task_types", InputLimits.IdentifierBytes);
        RuleFor(r => r.SoftwareVersion).MaxBytes("software_version", InputLimits.IdentifierBytes);
    }
}

/// <summary>The worker starts: it is <c>starting</c> now, and is told which status to go to (manager.md §4.9).</summary>
public sealed class SignOnEndpoint(WorkerService workers) : Endpoint<WorkerSignOn, WorkerStateChange>
{
    public override void Configure()
    {
        Post("worker/sign-on");
        Group<WorkerGroup>();
        Description(d => d.WithName("signOn").Produces<ApiError>(400));
    }

    public override async Task HandleAsync(WorkerSignOn req, CancellationToken ct)
    {
        var worker = HttpContext.AuthenticatedWorker();
        var status = workers.SignOn(worker.Id, req.Name!.Trim(), req.SupportedTaskTypes!, req.SoftwareVersion!.Trim(), req.CanRestart ?? false, ClientAddress.Of(HttpContext));
        if (status is not { } initial)
        {
            await HttpContext.SendErrorAsync(403, "unknown worker or wrong secret; register again", ct);
            return;
        }
        await Send.OkAsync(new WorkerStateChange { StatusRequested = initial }, ct);
    }
}
