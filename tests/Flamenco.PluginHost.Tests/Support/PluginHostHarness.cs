using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flamenco.PluginHost.Tests.Support;

/// <summary>
/// A plugin host over a temporary plugins folder, wired the way an application wires it
/// (<c>AddFlamencoPlugins</c>, hosted services started and stopped), with a short reload delay.
/// </summary>
internal sealed class PluginHostHarness : IAsyncDisposable
{
    public static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(100);

    private ServiceProvider? _services;
    private IHostedService[] _hosted = [];

    public PluginHostHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "flamenco-pluginhost-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(PluginsDirectory);
    }

    /// <summary>A temporary folder for the test; the plugins folder and any staging files live below it.</summary>
    public string Root { get; }

    public string PluginsDirectory => Path.Combine(Root, "plugins");

    public ConcurrentQueue<string> Logs { get; } = new();

    public IPluginCatalog Catalog => _services?.GetRequiredService<IPluginCatalog>() ?? throw new InvalidOperationException("Start the host first.");

    public string FolderOf(string name) => Path.Combine(PluginsDirectory, name);

    public string AssemblyPathOf(string name) => Path.Combine(FolderOf(name), name + ".dll");

    /// <summary>Writes <paramref name="dll"/> as plugin <paramref name="name"/> in one go.</summary>
    public void WritePlugin(string name, byte[] dll)
    {
        Directory.CreateDirectory(FolderOf(name));
        File.WriteAllBytes(AssemblyPathOf(name), dll);
    }

    public async Task<IPluginCatalog> StartAsync(IDictionary<string, string?>? settings = null, IEnumerable<object>? sharedServices = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddLogging(logging => logging.AddProvider(new ListLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Debug));
        services.AddFlamencoPlugins(o =>
        {
            o.Directory = PluginsDirectory;
            o.ReloadDelay = ReloadDelay;
            foreach (var shared in sharedServices ?? []) o.SharedServices.Add(shared);
        });
        _services = services.BuildServiceProvider();
        _hosted = [.. _services.GetServices<IHostedService>()];
        foreach (var hosted in _hosted) await hosted.StartAsync(CancellationToken.None);
        return Catalog;
    }

    public async Task StopAsync()
    {
        foreach (var hosted in _hosted.Reverse()) await hosted.StopAsync(CancellationToken.None);
        _hosted = [];
    }

    /// <summary>The listing entry of plugin folder <paramref name="name"/>, or null.</summary>
    public PluginStatus? Find(string name) => Catalog.Plugins.SingleOrDefault(p => p.Directory == FolderOf(name));

    public PluginStatus Status(string name) => Find(name) ?? throw new InvalidOperationException($"No plugin {name}. {Describe()}");

    /// <summary>Polls until <paramref name="condition"/> holds: reloads happen on the watcher's threads after the reload delay.</summary>
    public async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"Waited {limit} for {what}. {Describe()}");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }

    public string Describe() =>
        "Plugins:\n" + string.Join("\n", Catalog.Plugins.Select(p => $"  {p.Directory}: {p.Id} {p.Version} {p.State} generation {p.Generation} [{string.Join(", ", p.Extensions)}] {p.Error}")) + "\nLog:\n" + string.Join("\n", Logs);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_services is not null) await _services.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
