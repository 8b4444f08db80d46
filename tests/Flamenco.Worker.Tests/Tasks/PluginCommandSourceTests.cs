using Flamenco.PluginHost;
using Flamenco.Testing;
using Flamenco.Worker.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Worker.Tests.Tasks;

public sealed class PluginCommandSourceTests
{
    [Fact]
    public async Task Take_TheBuiltWorkersPlugins_ProvideFlamencosCommands()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddFlamencoPlugins(o => o.Directory = Path.Combine(Path.GetDirectoryName(RepoPaths.WorkerDll)!, "plugins"));
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetServices<IHostedService>().Single();
        await host.StartAsync(CancellationToken.None);

        using var commands = new PluginCommandSource(provider.GetRequiredService<IPluginCatalog>(), NullLogger<PluginCommandSource>.Instance).Take();

        Assert.Equal(["blender-render", "copy-file", "echo", "exec", "frames-to-video", "make-directory", "move-directory", "sleep"], commands.Names);
        Assert.Equal("echo", commands.Find("echo")!.Name);
        Assert.Null(commands.Find("create-video"));
        await host.StopAsync(CancellationToken.None);
    }
}
