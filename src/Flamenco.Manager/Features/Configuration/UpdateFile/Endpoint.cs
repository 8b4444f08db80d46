using System.Text.Json;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Api;
using FastEndpoints;

namespace Flamenco.Manager.Features.Configuration.UpdateFile;

/// <summary>
/// Replaces <c>flamenco-manager.yaml</c> with the submitted configuration. Unlike Flamenco, which writes whatever it is
/// given ("the caller must ensure the configuration is valid"), a document with an unknown key, a value of the wrong
/// type or a value the Manager could not start with is refused with a 400 naming the key, and nothing is written.
/// What can change at run time is applied at once; the keys that need a restart are logged and listed in the
/// <see cref="ManagerConfigurationFile.RestartHeader"/> header (the spec gives this answer no body).
/// </summary>
public sealed class UpdateConfigurationFileEndpoint(ManagerConfigurationFile file) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Put("configuration/file");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("updateConfigurationFile").Accepts<JsonObject>("application/json").Produces(204).Produces<ApiError>(400));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        JsonNode? document;
        try
        {
            document = await JsonNode.ParseAsync(HttpContext.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            await HttpContext.SendErrorAsync(400, $"the request body is not valid JSON: {e.Message}", ct);
            return;
        }
        var (settings, problem) = SettingsDocument.Parse(document);
        if (settings is null)
        {
            await HttpContext.SendErrorAsync(400, problem!, ct);
            return;
        }
        await this.SaveAsync(file, settings, "PUT /api/v3/configuration/file", ct);
    }
}
