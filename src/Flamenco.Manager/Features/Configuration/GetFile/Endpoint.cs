using System.Text.Json.Nodes;
using Flamenco.Manager.Api;
using Flamenco.Manager.Hosting;
using FastEndpoints;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Flamenco.Manager.Features.Configuration.GetFile;

/// <summary>
/// The effective configuration (file, then <c>FLAMENCO_</c> variables, then the command line), every key with its
/// value, as the JSON object <see cref="UpdateFile"/> takes back unchanged; YAML, as the file is written, when the client
/// prefers <c>application/yaml</c>. Nothing here is secret: unlike Flamenco's (manager.md §9.3 Q18), this configuration
/// holds no passwords.
/// </summary>
public sealed class GetConfigurationFileEndpoint(IOptionsMonitor<ManagerOptions> options) : EndpointWithoutRequest
{
    public const string YamlMediaType = "application/yaml";

    public override void Configure()
    {
        Get("configuration/file");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("getConfigurationFile").Produces<JsonObject>(200, "application/json", YamlMediaType));
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var document = SettingsDocument.ToJson(options.CurrentValue);
        return PrefersYaml(HttpContext.Request)
            ? Send.StringAsync(SettingsDocument.ToYaml(document), 200, YamlMediaType, ct)
            : Send.StringAsync(document.ToJsonString(), 200, "application/json", ct);
    }

    /// <summary>YAML when the client's best-rated acceptable type is YAML (Flamenco's <c>application/yaml</c>, or the older <c>x-yaml</c> and <c>text/yaml</c>).</summary>
    private static bool PrefersYaml(HttpRequest request)
    {
        var best = request.GetTypedHeaders().Accept
            .Where(a => a.MediaType.HasValue && a.Quality is not 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .FirstOrDefault(a => IsYaml(a) || a.MediaType.Value is "application/json" or "application/*" or "*/*");
        return best is not null && IsYaml(best);
    }

    private static bool IsYaml(MediaTypeHeaderValue accept) => accept.MediaType.Value is YamlMediaType or "application/x-yaml" or "text/yaml";
}
