using Flamenco.PluginHost;
using Flamenco.Testing;
using Flamenco.Worker.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Worker.Tests.Support;

/// <summary>The command plugins the built Worker ships, loaded through the plugin host as the Worker loads them.</summary>
public sealed class ShippedCommands : IAsyncLifetime
{
    private ServiceProvider? _provider;
    private IHostedService? _pluginHost;

    internal PluginCommandSource Source { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddFlamencoPlugins(o => o.Directory = Path.Combine(Path.GetDirectoryName(RepoPaths.WorkerDll)!, "plugins"))
            .BuildServiceProvider();
        _pluginHost = _provider.GetServices<IHostedService>().Single();
        await _pluginHost.StartAsync(CancellationToken.None);
        Source = new PluginCommandSource(_provider.GetRequiredService<IPluginCatalog>(), NullLogger<PluginCommandSource>.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_pluginHost is not null) await _pluginHost.StopAsync(CancellationToken.None);
        if (_provider is not null) await _provider.DisposeAsync();
    }
}
