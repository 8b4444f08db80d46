using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Flamenco.PluginHost.Tests.Support;
using Flamenco.Testing;
using Flamenco.Plugins.Commands;
using Xunit.Abstractions;

namespace Flamenco.PluginHost.Tests;

/// <summary>Plugins changing on disk while the host runs: reloads, failed reloads, removals, additions and unloading.</summary>
public sealed class PluginReloadTests(ITestOutputHelper output)
{
    private static readonly byte[] V1 = TestPluginCompiler.Compile("Probe", TestPlugins.Command("test.probe", version: "1.0.0"));
    private static readonly byte[] V2 = TestPluginCompiler.Compile("Probe", TestPlugins.Command("test.probe", version: "2.0.0"));

    [Fact]
    public async Task Reload_RebuiltDll_NewLeaseRunsV2WhileOldLeaseRunsV1()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();
        var changed = 0;
        catalog.Changed += (_, _) => Interlocked.Increment(ref changed);
        var versionBefore = catalog.Version;
        using var oldLease = catalog.Lease<IWorkerCommand>();

        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), V2);
        var latency = await host.WaitUntilAsync(() => host.Status("Probe").Generation == 2, "generation 2");
        using var newLease = catalog.Lease<IWorkerCommand>();

        output.WriteLine($"reload seen after {latency.TotalMilliseconds:F0} ms (reload delay {PluginHostHarness.ReloadDelay.TotalMilliseconds} ms)");
        var status = host.Status("Probe");
        Assert.Equal(PluginState.Loaded, status.State);
        Assert.Equal("2.0.0", status.Version);
        Assert.Null(status.Error);
        Assert.Equal("2.0.0", RecordingCommandContext.Run(Assert.Single(newLease.Extensions).Instance));
        Assert.Equal("1.0.0", RecordingCommandContext.Run(Assert.Single(oldLease.Extensions).Instance));
        Assert.True(catalog.Version > versionBefore);
        Assert.True(Volatile.Read(ref changed) >= 1);
        Assert.True(newLease.Version > oldLease.Version);
    }

    [Fact]
    public async Task Reload_OldLeaseDisposed_OldLoadContextCollected()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();
        var oldLease = catalog.Lease<IWorkerCommand>();
        var oldContext = WeakLoadContextOf(oldLease);

        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), V2);
        await host.WaitUntilAsync(() => host.Status("Probe").Generation == 2, "generation 2");
        Assert.True(oldContext.IsAlive, "the old generation must stay loaded while a lease holds it");
        Assert.Equal("1.0.0", RunOnly(oldLease));
        oldLease.Dispose();

        Assert.True(Unloads.WaitForCollection(oldContext), "the old load context was not collected after its last lease ended");
        using var lease = catalog.Lease<IWorkerCommand>();
        Assert.Equal("2.0.0", RunOnly(lease));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Reload_LeaseHeld_OldGenerationDisposedOnlyWhenLeaseEnds(string disposal)
    {
        await using var host = new PluginHostHarness();
        var disposeLog = Path.Combine(host.Root, "disposed.txt");
        host.WritePlugin("Probe", TestPluginCompiler.Compile("Probe", TestPlugins.Command("test.probe", version: "1.0.0", disposal: disposal)));
        var catalog = await host.StartAsync(new Dictionary<string, string?> { ["Plugins:Settings:test.probe:DisposeLog"] = disposeLog });
        var oldLease = catalog.Lease<IWorkerCommand>();

        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), TestPluginCompiler.Compile("Probe",
            TestPlugins.Command("test.probe", version: "2.0.0", disposal: disposal)));
        await host.WaitUntilAsync(() => host.Status("Probe").Generation == 2, "generation 2");
        Assert.False(File.Exists(disposeLog), "the old generation was disposed while a lease held it");
        oldLease.Dispose();

        await host.WaitUntilAsync(() => File.Exists(disposeLog), "the old generation to be disposed", TimeSpan.FromSeconds(5));
        Assert.Equal("disposed 1.0.0\n", await File.ReadAllTextAsync(disposeLog));
    }

    [Fact]
    public async Task Reload_WrittenToTempThenRenamed_PickedUp()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();
        var staging = Path.Combine(host.Root, "Probe.dll.tmp");
        await File.WriteAllBytesAsync(staging, V2);

        File.Move(staging, host.AssemblyPathOf("Probe"), overwrite: true);
        await host.WaitUntilAsync(() => host.Status("Probe").Version == "2.0.0", "version 2 after a rename");

        using var lease = catalog.Lease<IWorkerCommand>();
        Assert.Equal("2.0.0", RunOnly(lease));
        Assert.Equal(PluginState.Loaded, host.Status("Probe").State);
    }

    [Fact]
    public async Task Reload_RenamedWithinPluginFolder_PickedUp()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();
        var staging = Path.Combine(host.FolderOf("Probe"), "Probe.dll.partial");

        await File.WriteAllBytesAsync(staging, V2);
        File.Move(staging, host.AssemblyPathOf("Probe"), overwrite: true);
        await host.WaitUntilAsync(() => host.Status("Probe").Version == "2.0.0", "version 2 after a rename");

        using var lease = catalog.Lease<IWorkerCommand>();
        Assert.Equal("2.0.0", RunOnly(lease));
    }

    [Fact]
    public async Task Reload_SlowChunkedWrite_EndsWithV2Loaded()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();

        // Pauses longer than the reload delay, so the watcher settles on half-written files in between.
        await using (var file = new FileStream(host.AssemblyPathOf("Probe"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            foreach (var chunk in V2.Chunk(V2.Length / 4 + 1))
            {
                await file.WriteAsync(chunk);
                await file.FlushAsync();
                await Task.Delay(PluginHostHarness.ReloadDelay * 1.5);
            }
        }
        await host.WaitUntilAsync(() => host.Status("Probe") is { Version: "2.0.0", State: PluginState.Loaded }, "version 2 after a slow write");

        using var lease = catalog.Lease<IWorkerCommand>();
        Assert.Equal("2.0.0", RunOnly(lease));
        Assert.Null(host.Status("Probe").Error);
        Assert.Equal(2, host.Status("Probe").Generation);
        Assert.DoesNotContain(host.Logs, l => l.Contains("BadImageFormatException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_TruncatedDllStaysBroken_V1KeepsServingAndStateFailed()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();

        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), V2[..(V2.Length / 2)]);
        await host.WaitUntilAsync(() => host.Status("Probe").State == PluginState.Failed, "the truncated DLL to be reported");

        var status = host.Status("Probe");
        Assert.Contains("Probe.dll is incomplete", status.Error);
        Assert.Contains("version 1.0.0 (generation 1) keeps running", status.Error);
        Assert.Equal("1.0.0", status.Version);
        Assert.Equal(1, status.Generation);
        using var lease = catalog.Lease<IWorkerCommand>();
        Assert.Equal("1.0.0", RunOnly(lease));
    }

    [Fact]
    public async Task Reload_BrokenThenFixed_LoadedAgainWithoutError()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();
        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), V2[..(V2.Length / 2)]);
        await host.WaitUntilAsync(() => host.Status("Probe").State == PluginState.Failed, "the truncated DLL to be reported");

        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), V2);
        await host.WaitUntilAsync(() => host.Status("Probe").Generation == 2, "generation 2");

        var status = host.Status("Probe");
        Assert.Equal(PluginState.Loaded, status.State);
        Assert.Null(status.Error);
        using var lease = catalog.Lease<IWorkerCommand>();
        Assert.Equal("2.0.0", RunOnly(lease));
    }

    [Fact]
    public async Task Refresh_FilesRewrittenUnchanged_NoReload()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        host.WritePlugin("Other", TestPluginCompiler.Compile("Other", TestPlugins.Command("test.other", commandName: "other")));
        await host.StartAsync();

        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), V1);
        await File.WriteAllBytesAsync(host.AssemblyPathOf("Other"), TestPluginCompiler.Compile("Other",
            TestPlugins.Command("test.other", version: "2.0.0", commandName: "other")));
        await host.WaitUntilAsync(() => host.Status("Other").Generation == 2, "the changed plugin to reload");
        await Task.Delay(PluginHostHarness.ReloadDelay * 3);

        Assert.Equal(1, host.Status("Probe").Generation);
        Assert.Equal(PluginState.Loaded, host.Status("Probe").State);
    }

    [Fact]
    public async Task Refresh_BrokenThenOriginalRestored_LoadedAgainWithoutReload()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        await host.StartAsync();
        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), V2[..(V2.Length / 2)]);
        await host.WaitUntilAsync(() => host.Status("Probe").State == PluginState.Failed, "the truncated DLL to be reported");

        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), V1);
        await host.WaitUntilAsync(() => host.Status("Probe").State == PluginState.Loaded, "the plugin to be healthy again");

        var status = host.Status("Probe");
        Assert.Null(status.Error);
        Assert.Equal(1, status.Generation);
        Assert.Equal("1.0.0", status.Version);
    }

    [Fact]
    public async Task Reload_NewVersionThrows_OldVersionKeepsServing()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();

        await File.WriteAllBytesAsync(host.AssemblyPathOf("Probe"), TestPluginCompiler.Compile("Probe",
            TestPlugins.Command("test.probe", version: "3.0.0", constructorBody: "throw new InvalidOperationException(\"v3 is broken\");")));
        await host.WaitUntilAsync(() => host.Status("Probe").State == PluginState.Failed, "the failing reload to be reported");

        var status = host.Status("Probe");
        Assert.Contains("v3 is broken", status.Error);
        Assert.Equal("1.0.0", status.Version);
        using var lease = catalog.Lease<IWorkerCommand>();
        Assert.Equal("1.0.0", RunOnly(lease));
    }

    [Fact]
    public async Task Watch_PluginFolderDeleted_PluginRemovedAfterItsLeasesEnd()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Probe", V1);
        var catalog = await host.StartAsync();
        var lease = catalog.Lease<IWorkerCommand>();
        var loadContext = WeakLoadContextOf(lease);

        Directory.Delete(host.FolderOf("Probe"), recursive: true);
        await host.WaitUntilAsync(() => host.Find("Probe") is null, "the plugin to disappear");

        using (var after = catalog.Lease<IWorkerCommand>()) Assert.Empty(after.Extensions);
        Assert.Equal("1.0.0", RunOnly(lease));
        lease.Dispose();
        Assert.True(Unloads.WaitForCollection(loadContext), "the removed plugin's load context was not collected");
    }

    [Fact]
    public async Task Watch_NewPluginFolder_Loads()
    {
        await using var host = new PluginHostHarness();
        var catalog = await host.StartAsync();
        Assert.Empty(catalog.Plugins);

        host.WritePlugin("Probe", V1);
        await host.WaitUntilAsync(() => host.Find("Probe")?.State == PluginState.Loaded, "the new plugin to load");

        using var lease = catalog.Lease<IWorkerCommand>();
        Assert.Equal("1.0.0", RunOnly(lease));
        Assert.Equal(1, host.Status("Probe").Generation);
    }

    /// <summary>Not inlined, so no frame of the (async) test keeps a plugin object alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakLoadContextOf(ExtensionLease<IWorkerCommand> lease) =>
        new(AssemblyLoadContext.GetLoadContext(lease.Extensions.Single().Instance.GetType().Assembly));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string RunOnly(ExtensionLease<IWorkerCommand> lease) => RecordingCommandContext.Run(lease.Extensions.Single().Instance);
}
