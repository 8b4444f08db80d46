using Flamenco.Api;
using FastEndpoints;
using FluentValidation;

namespace Flamenco.Manager.Features.Configuration;

/// <summary>Both path checks (shared storage, Blender) take this body.</summary>
public sealed class PathCheckInputValidator : Validator<PathCheckInput>
{
    public PathCheckInputValidator()
    {
        RuleFor(r => r.Path).NotNull().WithName("path").WithMessage("path: required, the path to check (a string)");
    }
}
