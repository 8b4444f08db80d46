using Flamenco.Api;
using Flamenco.Manager.Workers;
using FastEndpoints;
using FluentValidation;
using Flamenco.Manager.Api;

namespace Flamenco.Manager.Features.Worker.Register;

public sealed class RegisterWorkerValidator : Validator<WorkerRegistration>
{
    public RegisterWorkerValidator()
    {
        RuleFor(r => r.Name).RequiredText("name", "the worker's name");
        RuleFor(r => r.Secret).RequiredText("secret", "the secret the worker will authenticate with");
        RuleFor(r => r.Platform).RequiredText("platform", "the worker's operating system (linux, windows, darwin)");
        RuleFor(r => r.SupportedTaskTypes).RequiredTaskTypes();
        RuleFor(r => r.Name).MaxBytes("name", InputLimits.NameBytes);
        RuleFor(r => r.Secret).MaxBytes("secret", InputLimits.SecretBytes);
        RuleFor(r => r.Platform).MaxBytes("platform", InputLimits.IdentifierBytes);
        RuleFor(r => r.SupportedTaskTypes).EachMaxBytes("supported_task_types", InputLimits.IdentifierBytes);
    }
}

/// <summary>
/// Registers a new worker; unauthenticated, as in Flamenco. The real worker sends empty Basic credentials
/// (<c>Basic Og==</c>) here too, which are ignored.
/// </summary>
public sealed class RegisterWorkerEndpoint(WorkerService workers) : Endpoint<WorkerRegistration, RegisteredWorker>
{
    public override void Configure()
    {
        Post("api/v3/worker/register-worker");
        AllowAnonymous();
        Description(d => d.WithName("registerWorker").WithTags("worker").Produces<ApiError>(400));
    }

    public override async Task HandleAsync(WorkerRegistration req, CancellationToken ct)
    {
        var worker = workers.Register(req.Name!.Trim(), req.Secret!, req.Platform!.Trim(), req.SupportedTaskTypes!, ClientAddress.Of(HttpContext));
        await Send.OkAsync(new RegisteredWorker
        {
            Uuid = worker.Id.ToString(),
            Name = worker.Name,
            Address = worker.Address,
            Status = worker.Status ?? WorkerStatus.Offline,
            Platform = worker.Platform,
            Software = worker.Software,
            SupportedTaskTypes = worker.SupportedTaskTypes,
        }, ct);
    }
}
