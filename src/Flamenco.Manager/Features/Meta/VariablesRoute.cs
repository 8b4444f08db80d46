using Flamenco.Manager.Api;
using Flamenco.Manager.Variables;
using FastEndpoints;

namespace Flamenco.Manager.Features.Meta;

/// <summary>The <c>{audience}/{platform}</c> route parameters of the variables and shared-storage operations.</summary>
internal static class VariablesRoute
{
    /// <summary>The audience, or null after answering 400 for one outside the spec's <c>ManagerVariableAudience</c>.</summary>
    public static async Task<string?> AudienceAsync(this IEndpoint endpoint, CancellationToken ct)
    {
        var context = endpoint.HttpContext;
        var audience = context.Request.RouteValues["audience"] as string ?? "";
        if (VariableTables.Audiences.Contains(audience)) return audience;
        await context.SendErrorAsync(400,
            $"audience: \"{audience}\" is not one of {string.Join(", ", VariableTables.Audiences.Select(a => $"\"{a}\""))}", ct);
        return null;
    }

    public static string Platform(this IEndpoint endpoint) => endpoint.HttpContext.Request.RouteValues["platform"] as string ?? "";
}
