using System.Text.Json;
using Flamenco.Api;
using FastEndpoints;
using FluentValidation;
using Flamenco.Manager.Api;
using Flamenco.Manager.Features.Shaman;

namespace Flamenco.Manager.Features.Jobs.Submit;

/// <summary>The checks the spec implies for a submission; the job type checks its settings afterwards.</summary>
public sealed class SubmittedJobValidator : Validator<SubmittedJob>
{
    public SubmittedJobValidator()
    {
        RuleFor(j => j.Name).NotEmpty().WithName("name").WithMessage("name: required, a non-empty string");
        RuleFor(j => j.Type).NotEmpty().WithName("type").WithMessage("type: required, the name of a job type");
        RuleFor(j => j.Priority).NotNull().WithName("priority").WithMessage("priority: required, a whole number from 0 to 100")
            .InclusiveBetween(0, 100).WithMessage(j => $"priority: must be from 0 to 100, got {j.Priority}");
        RuleFor(j => j.SubmitterPlatform).NotEmpty().WithName("submitter_platform")
            .WithMessage("submitter_platform: required, the submitting computer's platform (linux, windows, darwin or manager)");
        RuleFor(j => j.Settings).Must(s => s is null || s.Value.ValueKind == JsonValueKind.Object).WithName("settings")
            .WithMessage("settings: must be a JSON object");
        RuleFor(j => j.Name).MaxBytes("name", InputLimits.NameBytes);
        RuleFor(j => j.Type).MaxBytes("type", InputLimits.IdentifierBytes);
        RuleFor(j => j.TypeEtag).MaxBytes("type_etag", InputLimits.IdentifierBytes);
        RuleFor(j => j.SubmitterPlatform).MaxBytes("submitter_platform", InputLimits.IdentifierBytes);
        RuleFor(j => j.WorkerTag).MaxBytes("worker_tag", InputLimits.IdentifierBytes);
        RuleFor(j => j.Settings).Must(s => InputLimits.SettingsProblem(s) is null).WithName("settings")
            .WithMessage(j => InputLimits.SettingsProblem(j.Settings)!);
        RuleFor(j => j.Metadata).Must(m => InputLimits.MetadataProblem(m) is null).WithName("metadata")
            .WithMessage(j => InputLimits.MetadataProblem(j.Metadata)!);
        // The checkout endpoint's own rule: a job naming "../../.." would make {jobs} point outside the checkouts.
        RuleFor(j => j.Storage!.ShamanCheckoutId).Must(id => ShamanInput.CheckoutPathProblem("storage.shaman_checkout_id", id) is null)
            .When(j => !string.IsNullOrEmpty(j.Storage?.ShamanCheckoutId)).WithName("storage.shaman_checkout_id")
            .WithMessage(j => ShamanInput.CheckoutPathProblem("storage.shaman_checkout_id", j.Storage!.ShamanCheckoutId)!);
        RuleFor(j => j.InitialStatus).Must(s => s is null or JobStatus.Queued or JobStatus.Paused).WithName("initial_status")
            .WithMessage("initial_status: must be \"queued\" or \"paused\"");
    }
}
