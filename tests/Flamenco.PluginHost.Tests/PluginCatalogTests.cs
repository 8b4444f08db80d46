using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Flamenco.PluginHost.Tests.Support;
using Flamenco.Testing;
using Flamenco.Plugins.Commands;
using Flamenco.Plugins.JobTypes;
using Flamenco.Plugins.Storage;

namespace Flamenco.PluginHost.Tests;

/// <summary>Loading plugin folders at start-up: what loads, what fails and how the listing reports it.</summary>
public sealed class PluginCatalogTests
{
    [Fact]
    public async Task Lease_GoodPlugin_ExtensionRunsThePluginCode()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Good", TestPluginCompiler.Compile("Good", TestPlugins.Command("test.good", version: "1.2.3")));

        var catalog = await host.StartAsync(new Dictionary<string, string?> { ["Plugins:Settings:test.good:Suffix"] = "+configured" });
        using var lease = catalog.Lease<IWorkerCommand>();

        var status = host.Status("Good");
        Assert.Equal(PluginState.Loaded, status.State);
        Assert.Equal("test.good", status.Id);
        Assert.Equal("Test plugin test.good", status.Name);
        Assert.Equal("1.2.3", status.Version);
        Assert.Equal(1, status.Generation);
        Assert.Null(status.Error);
        Assert.Equal(["IWorkerCommand: ProbeCommand"], status.Extensions);
        var extension = Assert.Single(lease.Extensions);
        Assert.Equal("test.good", extension.PluginId);
        Assert.Equal("probe", extension.Instance.Name);
        Assert.Equal("1.2.3+configured", RecordingCommandContext.Run(extension.Instance));
        Assert.Equal(catalog.Version, lease.Version);
    }

    [Fact]
    public async Task Lease_OtherExtensionPoint_OnlyPluginsProvidingIt()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Commands", TestPluginCompiler.Compile("Commands", TestPlugins.Command("test.commands")));
        host.WritePlugin("Compiler", TestPluginCompiler.Compile("Compiler", TestPlugins.JobCompiler("test.compiler")));

        var catalog = await host.StartAsync();
        using var compilers = catalog.Lease<IJobCompiler>();
        using var storage = catalog.Lease<IStorageBackend>();

        var compiler = Assert.Single(compilers.Extensions);
        Assert.Equal("test.compiler", compiler.PluginId);
        Assert.Equal([".test"], compiler.Instance.FileExtensions);
        Assert.Empty(storage.Extensions);
        Assert.Equal(["IJobCompiler: TestJobCompiler"], host.Status("Compiler").Extensions);
    }

    [Fact]
    public async Task StartAsync_ConstructorThrows_FailedWithMessageAndOtherPluginsLoad()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Broken", TestPluginCompiler.Compile("Broken",
            TestPlugins.Command("test.broken", constructorBody: "throw new InvalidOperationException(\"no license server\");")));
        host.WritePlugin("Good", TestPluginCompiler.Compile("Good", TestPlugins.Command("test.good", commandName: "good")));

        var catalog = await host.StartAsync();
        using var lease = catalog.Lease<IWorkerCommand>();

        var broken = host.Status("Broken");
        Assert.Equal(PluginState.Failed, broken.State);
        Assert.Equal("test.broken", broken.Id);
        Assert.Contains("InvalidOperationException: no license server", broken.Error);
        Assert.Equal(0, broken.Generation);
        Assert.Empty(broken.Extensions);
        Assert.Equal(PluginState.Loaded, host.Status("Good").State);
        Assert.Equal("good", Assert.Single(lease.Extensions).Instance.Name);
    }

    [Fact]
    public async Task StartAsync_ConfigureServicesThrows_FailedWithMessage()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Broken", TestPluginCompiler.Compile("Broken",
            TestPlugins.Command("test.broken", configureServicesBody: "throw new ArgumentException(\"bad settings\");")));

        await host.StartAsync();

        var broken = host.Status("Broken");
        Assert.Equal(PluginState.Failed, broken.State);
        Assert.Contains("Plugin.ConfigureServices failed", broken.Error);
        Assert.Contains("ArgumentException: bad settings", broken.Error);
    }

    [Fact]
    public async Task StartAsync_PluginClassWithoutParameterlessConstructor_Failed()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("NoCtor", TestPluginCompiler.Compile("NoCtor", TestPlugins.Command("test.noctor") + """

            public sealed class NeedsArguments(string name) : IFlamencoPlugin
            {
                public void ConfigureServices(IServiceCollection services, IPluginContext context) => services.AddSingleton(name);
            }
            """));

        await host.StartAsync();

        var status = host.Status("NoCtor");
        Assert.Equal(PluginState.Failed, status.State);
        Assert.Contains("TestPlugin.NeedsArguments implements IFlamencoPlugin but has no public parameterless constructor", status.Error);
    }

    [Fact]
    public async Task StartAsync_InternalCommandClass_NotRegisteredAndWarned()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Hidden", TestPluginCompiler.Compile("Hidden", TestPlugins.Command("test.hidden") + """

            internal sealed class HiddenCommand : IWorkerCommand
            {
                public string Name => "hidden";

                public Task ExecuteAsync(CommandInvocation invocation, ICommandContext context, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """));

        var catalog = await host.StartAsync();
        using var lease = catalog.Lease<IWorkerCommand>();

        Assert.Equal("probe", Assert.Single(lease.Extensions).Instance.Name);
        Assert.Contains(host.Logs, l => l.Contains("TestPlugin.HiddenCommand implements IWorkerCommand but is not public", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StartAsync_PrivateDependency_LoadedFromThePluginFolderOrFailedWhenMissing(bool shipped)
    {
        await using var host = new PluginHostHarness();
        var dependency = TestPluginCompiler.Compile("Greeting", "namespace Greeting; public class Greeter { public virtual string Greet() => \"hello\"; }");
        host.WritePlugin("Greets", TestPluginCompiler.Compile("Greets", TestPlugins.Command("test.greets") + """

            public sealed class LocalGreeter : Greeting.Greeter
            {
            }
            """, dependency));
        if (shipped) await File.WriteAllBytesAsync(Path.Combine(host.FolderOf("Greets"), "Greeting.dll"), dependency);

        await host.StartAsync();

        var status = host.Status("Greets");
        if (shipped)
        {
            Assert.Equal(PluginState.Loaded, status.State);
        }
        else
        {
            Assert.Equal(PluginState.Failed, status.State);
            Assert.Equal("test.greets", status.Id);
            Assert.Contains("some of its types cannot be loaded", status.Error);
            Assert.Contains("Greeting", status.Error);
        }
    }

    [Fact]
    public async Task StartAsync_GarbageDll_FailedAndOtherPluginsLoad()
    {
        await using var host = new PluginHostHarness();
        Directory.CreateDirectory(host.FolderOf("Garbage"));
        await File.WriteAllTextAsync(host.AssemblyPathOf("Garbage"), "this is not an assembly at all");
        host.WritePlugin("Good", TestPluginCompiler.Compile("Good", TestPlugins.Command("test.good")));

        var catalog = await host.StartAsync();
        using var lease = catalog.Lease<IWorkerCommand>();

        var garbage = host.Status("Garbage");
        Assert.Equal(PluginState.Failed, garbage.State);
        Assert.Equal("Garbage", garbage.Id);
        Assert.StartsWith("Garbage.dll is not a valid assembly", garbage.Error);
        Assert.Equal(PluginState.Loaded, host.Status("Good").State);
        Assert.Single(lease.Extensions);
    }

    [Fact]
    public async Task StartAsync_MissingAttribute_Failed()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Anonymous", TestPluginCompiler.Compile("Anonymous", TestPlugins.Command("unused", withAttribute: false)));

        var catalog = await host.StartAsync();
        using var lease = catalog.Lease<IWorkerCommand>();

        var status = host.Status("Anonymous");
        Assert.Equal(PluginState.Failed, status.State);
        Assert.Equal("Anonymous", status.Id);
        Assert.Contains("no [assembly: FlamencoPlugin(\"<id>\")] attribute", status.Error);
        Assert.Empty(lease.Extensions);
    }

    [Fact]
    public async Task StartAsync_TargetAbiOfAnotherMajorVersion_Incompatible()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Future", TestPluginCompiler.Compile("Future", TestPlugins.Command("test.future", targetAbi: "2.0")));
        host.WritePlugin("Minor", TestPluginCompiler.Compile("Minor", TestPlugins.Command("test.minor", targetAbi: "1.7", commandName: "minor")));

        await host.StartAsync();

        var future = host.Status("Future");
        Assert.Equal(PluginState.Incompatible, future.State);
        Assert.Equal("test.future", future.Id);
        Assert.Contains("built for plugin contracts 2.0, but this host provides 1.0", future.Error);
        Assert.Equal(PluginState.Loaded, host.Status("Minor").State);
    }

    [Fact]
    public async Task StartAsync_DuplicateId_SecondFolderFailedNamingBoth()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("A", TestPluginCompiler.Compile("A", TestPlugins.Command("test.same", commandName: "a")));
        host.WritePlugin("B", TestPluginCompiler.Compile("B", TestPlugins.Command("test.same", commandName: "b")));

        var catalog = await host.StartAsync();
        using var lease = catalog.Lease<IWorkerCommand>();

        Assert.Equal(PluginState.Loaded, host.Status("A").State);
        var second = host.Status("B");
        Assert.Equal(PluginState.Failed, second.State);
        Assert.Contains(host.FolderOf("A"), second.Error);
        Assert.Contains(host.FolderOf("B"), second.Error);
        Assert.Equal("a", Assert.Single(lease.Extensions).Instance.Name);
    }

    [Fact]
    public async Task StartAsync_FolderWithoutItsDll_NotAPlugin()
    {
        await using var host = new PluginHostHarness();
        Directory.CreateDirectory(host.FolderOf("Empty"));
        host.WritePlugin("Other", TestPluginCompiler.Compile("Other", TestPlugins.Command("test.other")));
        File.Move(host.AssemblyPathOf("Other"), Path.Combine(host.FolderOf("Other"), "Renamed.dll"));

        var catalog = await host.StartAsync();

        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public async Task StopAsync_NoLeases_UnloadsEveryPlugin()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Good", TestPluginCompiler.Compile("Good", TestPlugins.Command("test.good")));
        var catalog = await host.StartAsync();
        var loadContext = WeakLoadContextOfOnlyCommand(catalog);

        await host.StopAsync();

        Assert.Empty(catalog.Plugins);
        Assert.True(Unloads.WaitForCollection(loadContext), "the plugin's load context was not collected after the host stopped");
    }

    [Fact]
    public async Task Lease_Disposed_ExtensionsEmpty()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Good", TestPluginCompiler.Compile("Good", TestPlugins.Command("test.good")));
        var catalog = await host.StartAsync();
        var lease = catalog.Lease<IWorkerCommand>();

        lease.Dispose();
        lease.Dispose();

        Assert.Empty(lease.Extensions);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakLoadContextOfOnlyCommand(IPluginCatalog catalog)
    {
        using var lease = catalog.Lease<IWorkerCommand>();
        return new WeakReference(AssemblyLoadContext.GetLoadContext(lease.Extensions.Single().Instance.GetType().Assembly));
    }
}
