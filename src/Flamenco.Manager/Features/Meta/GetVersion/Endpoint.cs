using System.Reflection;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Hosting;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Meta.GetVersion;

public sealed class GetVersionEndpoint(IOptionsMonitor<ManagerOptions> options) : EndpointWithoutRequest<FlamencoVersion>
{
    /// <summary>The Flamenco release whose API this Manager implements.</summary>
    public static string ImplementedFlamencoVersion { get; } =
        typeof(GetVersionEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    private static readonly string OurVersion = typeof(GetVersionEndpoint).Assembly.GetName().Version!.ToString(3);

    public override void Configure()
    {
        Get("version");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("getVersion"));
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var shortVersion = string.IsNullOrWhiteSpace(settings.ShortVersion) ? ImplementedFlamencoVersion : settings.ShortVersion;
        return Send.OkAsync(new FlamencoVersion
        {
            Version = $"{shortVersion} (Flamenco.Extensible {OurVersion})",
            ShortVersion = shortVersion,
            Name = settings.ManagerName,
            Git = $"flamenco-extensible-{OurVersion}",
        }, ct);
    }
}
