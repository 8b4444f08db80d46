using Flamenco.Api;
using FluentValidation;

namespace Flamenco.Manager.Features.Worker;

/// <summary>Rules shared by the worker and worker-management requests; every message starts with the field's wire name.</summary>
internal static class WorkerValidation
{
    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, string field, string what) =>
        rule.Must(v => !string.IsNullOrWhiteSpace(v)).WithName(field).WithMessage($"{field}: required, {what}");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> RequiredTaskTypes<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(v => v is not null && v.Any(t => !string.IsNullOrWhiteSpace(t))).WithName("supported_task_types")
            .WithMessage("supported_task_types: required, the task types the worker runs (at least one, e.g. [\"blender\", \"misc\"])");

    public static IRuleBuilderOptions<T, string?> Uuid<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(v => Guid.TryParse(v, out _)).WithName(field).WithMessage((_, v) => $"{field}: \"{v}\" is not a valid UUID");

    public static IRuleBuilderOptions<T, string?> WorkerStatusName<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(v => StatusNames.TryParse(v, out _)).WithName(field)
            .WithMessage((_, v) => v is null
                ? $"{field}: required, one of {AllStatuses}"
                : $"{field}: \"{v}\" is not a worker status; use one of {AllStatuses}");

    private static string AllStatuses => string.Join(", ", Enum.GetValues<WorkerStatus>().Select(StatusNames.Of));
}
