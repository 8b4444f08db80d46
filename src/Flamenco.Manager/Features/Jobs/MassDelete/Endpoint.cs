using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Jobs.Deletion;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.Jobs.MassDelete;

/// <summary>The spec's <c>JobMassDeletionSelection</c>, its date read as text so a malformed one gets a message naming it.</summary>
public sealed class MassDeleteRequest
{
    [JsonPropertyName("last_updated_max")] public string? LastUpdatedMax { get; set; }

    /// <summary>The date, once the validator accepted it.</summary>
    public DateTimeOffset LastUpdated => DateTimeOffset.Parse(LastUpdatedMax!, CultureInfo.InvariantCulture);
}

public sealed partial class MassDeleteValidator : Validator<MassDeleteRequest>
{
    /// <summary>RFC 3339's date-time, which the spec's <c>format: date-time</c> means: with a time zone, <c>Z</c> or an offset.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeText();

    public MassDeleteValidator()
    {
        RuleFor(r => r.LastUpdatedMax).Cascade(CascadeMode.Stop).NotEmpty().WithName("last_updated_max")
            .WithMessage("last_updated_max: required, a date-time like \"2023-06-01T13:14:15+02:00\"")
            .Must(text => DateTimeText().IsMatch(text!) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out _))
            .WithMessage(r => $"last_updated_max: expected an RFC 3339 date-time like \"2023-06-01T13:14:15+02:00\", got \"{r.LastUpdatedMax}\"");
    }
}

/// <summary>Marks every job last updated at or before the given moment (rounded up to the second); 416 when there is none.</summary>
public sealed class DeleteJobMassEndpoint(JobDeletionRequests deletions) : Endpoint<MassDeleteRequest>
{
    public override void Configure()
    {
        Delete("jobs/mass-delete");
        Group<JobsGroup>();
        AllowAnonymous();
        Description(d => d.WithName("deleteJobMass").Accepts<JobMassDeletionSelection>("application/json").Produces(204).Produces<ApiError>(416));
    }

    public override async Task HandleAsync(MassDeleteRequest req, CancellationToken ct)
    {
        var latest = req.LastUpdated;
        if (deletions.RequestDeletion(latest) > 0) HttpContext.Response.StatusCode = 204;
        else await HttpContext.SendErrorAsync(416, $"no jobs modified before timestamp {JobDeletionRequests.RoundUpToSecond(latest):yyyy-MM-ddTHH:mm:ssZ} that are not being deleted already", ct);
    }
}
