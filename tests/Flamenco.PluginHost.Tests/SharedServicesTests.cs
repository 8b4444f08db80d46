using Flamenco.PluginHost.Tests.Support;
using Flamenco.Plugins.Storage;
using Flamenco.Testing;

namespace Flamenco.PluginHost.Tests;

/// <summary>Objects the host shares with every plugin (<see cref="PluginHostOptions.SharedServices"/>), as the Manager shares its storage folders.</summary>
public sealed class SharedServicesTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Flamenco.Plugins;
        using Flamenco.Plugins.Storage;

        [assembly: FlamencoPlugin("test.shared")]

        namespace SharedTest;

        public sealed class RootReporter(StorageLocations locations) : IStorageBackend
        {
            public string Name => "root-reporter";
            public StorageCapabilities Capabilities => StorageCapabilities.None;
            public Task<StoredFileStatus> GetFileStatusAsync(string checksum, long size, CancellationToken ct) => Task.FromResult(StoredFileStatus.Unknown);
            public Task<StoreFileResult> StoreFileAsync(StoreFileRequest request, Stream content, CancellationToken ct) => Task.FromResult(StoreFileResult.Stored);
            public Task<IReadOnlyList<StorageFileRequirement>> CheckRequirementsAsync(IReadOnlyList<StorageFileSpec> files, CancellationToken ct) =>
                Task.FromResult<IReadOnlyList<StorageFileRequirement>>(new List<StorageFileRequirement>());
            public Task<string> CreateCheckoutAsync(string checkoutPath, IReadOnlyList<StorageFileSpec> files, CancellationToken ct) =>
                Task.FromResult(locations.CheckoutRoot);
        }
        """;

    [Fact]
    public async Task StartAsync_SharedService_InjectedIntoThePlugin()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Shared", TestPluginCompiler.Compile("SharedTest", Source));
        var locations = new StorageLocations { SharedStoragePath = "/srv/shared", CheckoutRoot = "/srv/shared/jobs" };

        var catalog = await host.StartAsync(sharedServices: [locations]);

        using var lease = catalog.Lease<IStorageBackend>();
        Assert.Equal("/srv/shared/jobs", await Assert.Single(lease.Extensions).Instance.CreateCheckoutAsync("x", [], CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_SharedServiceMissing_FailedNamingIt()
    {
        await using var host = new PluginHostHarness();
        host.WritePlugin("Shared", TestPluginCompiler.Compile("SharedTest", Source));

        await host.StartAsync();

        var status = host.Status("Shared");
        Assert.Equal(PluginState.Failed, status.State);
        Assert.Contains("StorageLocations", status.Error);
    }
}
