using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;
using Flamenco.PluginHost;
using Flamenco.Plugins.Storage;
using Flamenco.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Plugins;

/// <summary>
/// A storage backend plugin replaced on a running Manager: an upload streaming through version 1 while version 2 is
/// dropped in finishes on version 1, new requests go to version 2 at once, and version 1 is unloaded afterwards. A
/// half-written DLL leaves the running version serving and is reported; a DLL copied slowly is picked up whole.
/// </summary>
public sealed class StorageBackendSwapTests : IDisposable
{
    private const string PluginName = "StorageSwapTest";
    private readonly string _plugins = Directory.CreateTempSubdirectory("flamenco-storage-swap-").FullName;

    [Fact]
    public async Task ReplacedStorageBackend_InFlightUploadFinishesOnV1_NewRequestsUseV2_BrokenDllReported_SlowCopyPickedUp()
    {
        TestPluginCompiler.Install(_plugins, PluginName, StoragePlugin("1.0.0"));
        using var factory = new ManagerAppFactory { Settings = [("plugins_directory", _plugins)] };
        var client = factory.CreateClient();
        var shared = Path.Combine(factory.DataFolder, "shared-storage");

        Assert.Equal("job-v1.0.0", await CheckoutAsync(client));
        var v1Context = WeakLoadContextOfStorageBackend(factory);
        var content = RandomNumberGenerator.GetBytes(64 * 1024);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The test server's own client: CreateClient's redirect handler reads a request body whole before sending it.
        using var streaming = factory.Server.CreateClient();
        var inFlight = streaming.PostAsync($"/api/v3/shaman/files/{sha}/{content.Length}", new GatedContent(content, half: content.Length / 2, gate.Task));
        var partial = Path.Combine(shared, "v1.0.0", sha + ".partial");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(partial) && new FileInfo(partial).Length > 0), "v1 to receive the first half of the upload");

        // Replaced by rename, as a deployment should.
        TestPluginCompiler.Install(_plugins, PluginName, StoragePlugin("2.0.0"));
        await Eventually.TrueAsync(async () => await PluginAsync(client) is { } p && (string?)p["version"] == "2.0.0" && (int)p["generation"]! == 2,
            "version 2.0.0 in GET /api/v3/plugins");

        Assert.Equal("job-v2.0.0", await CheckoutAsync(client));
        Assert.False(inFlight.IsCompleted, "the in-flight upload must still wait for its second half");
        Assert.False(Unloads.WaitForCollection(v1Context), "v1 must stay loaded while an upload streams through it");
        gate.SetResult();
        var uploaded = await inFlight;
        Assert.Equal(HttpStatusCode.NoContent, uploaded.StatusCode);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(shared, "v1.0.0", sha)));
        Assert.False(File.Exists(Path.Combine(shared, "v2.0.0", sha)), "v2 must not have seen the upload that started on v1");
        Assert.Equal(ShamanFileStatus.Unknown, (await StatusAsync(client, sha, content.Length)).Status);
        Assert.True(Unloads.WaitForCollection(v1Context), "v1's load context was not collected after its last request finished");

        // A copy that stops half-way: the host waits for it to complete, then reports it and keeps v2.
        var v3 = StoragePlugin("3.0.0");
        await File.WriteAllBytesAsync(PluginDll, v3[..(v3.Length / 2)]);
        await Eventually.TrueAsync(async () => await PluginAsync(client) is { } p && (string?)p["state"] == "failed", "the half-written DLL to be reported");
        var failed = (await PluginAsync(client))!;
        Assert.Equal(("2.0.0", 2), ((string?)failed["version"], (int)failed["generation"]!));
        Assert.Contains("version 2.0.0 (generation 2) keeps running", (string?)failed["error"]);
        Assert.Equal("job-v2.0.0", await CheckoutAsync(client));

        // A slow copy straight over the DLL, pausing longer than the host's quiet period half-way: while it is being
        // written the listing must not change (no new failure, no partial load).
        var reported = new List<string>();
        await using (var dll = new FileStream(PluginDll, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            var chunk = v3.Length / 8 + 1;
            for (var offset = 0; offset < v3.Length; offset += chunk)
            {
                if (offset > 0)
                {
                    await Task.Delay(offset == 4 * chunk ? 800 : 150);
                    reported.Add(Describe(await PluginAsync(client)));
                }
                await dll.WriteAsync(v3.AsMemory(offset, Math.Min(chunk, v3.Length - offset)));
                await dll.FlushAsync();
            }
        }
        await Eventually.TrueAsync(async () => await PluginAsync(client) is { } p && (string?)p["version"] == "3.0.0", "version 3.0.0 in GET /api/v3/plugins");
        var loaded = (await PluginAsync(client))!;

        Assert.Equal(("loaded", 3, null), ((string?)loaded["state"], (int)loaded["generation"]!, (string?)loaded["error"]));
        Assert.All(reported, r => Assert.Equal(Describe(failed), r));
        Assert.Equal("job-v3.0.0", await CheckoutAsync(client));
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);

    private string PluginDll => Path.Combine(_plugins, PluginName, PluginName + ".dll");

    private static string Describe(JsonNode? plugin) =>
        plugin is null ? "(none)" : $"{plugin["version"]} {plugin["state"]} {plugin["generation"]} {plugin["updated_at"]} {plugin["error"]}";

    private static async Task<string> CheckoutAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v3/shaman/checkout/create",
            new ShamanCheckout { CheckoutPath = "job", Files = [] }, ManagerAppFactory.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ShamanCheckoutResult>(ManagerAppFactory.Json))!.CheckoutPath;
    }

    private static async Task<ShamanSingleFileStatus> StatusAsync(HttpClient client, string sha, long size) =>
        (await client.GetFromJsonAsync<ShamanSingleFileStatus>($"/api/v3/shaman/files/{sha}/{size}", ManagerAppFactory.Json))!;

    private static async Task<JsonNode?> PluginAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("/api/v3/plugins"))!["plugins"]!.AsArray()
            .SingleOrDefault(p => (string?)p!["id"] == "test.storage");

    /// <summary>Outside the async test method, so no hoisted local keeps the backend (and with it v1) reachable.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakLoadContextOfStorageBackend(ManagerAppFactory factory)
    {
        using var lease = factory.Services.GetRequiredService<IPluginCatalog>().Lease<IStorageBackend>();
        return new WeakReference(AssemblyLoadContext.GetLoadContext(Assert.Single(lease.Extensions).Instance.GetType().Assembly));
    }

    /// <summary>An upload body that sends its first part, then waits for the gate before sending the rest.</summary>
    private sealed class GatedContent : HttpContent
    {
        private readonly byte[] _content;
        private readonly int _half;
        private readonly Task _gate;

        public GatedContent(byte[] content, int half, Task gate)
        {
            (_content, _half, _gate) = (content, half, gate);
            Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_content.AsMemory(0, _half));
            await stream.FlushAsync();
            await _gate;
            await stream.WriteAsync(_content.AsMemory(_half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _content.Length;
            return true;
        }
    }

    /// <summary>
    /// A storage backend that keeps each upload in a folder named after its version (written to <c>.partial</c> first,
    /// so a test sees it receiving) and answers a checkout with the requested path plus its version.
    /// </summary>
    private static byte[] StoragePlugin(string version)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Flamenco.Plugins;
            using Flamenco.Plugins.Storage;

            [assembly: FlamencoPlugin("test.storage")]
            [assembly: System.Reflection.AssemblyInformationalVersion("{{version}}")]

            namespace StorageSwapTest;

            public sealed class VersionedStorage(StorageLocations locations) : IStorageBackend
            {
                private readonly string _folder = Path.Combine(locations.SharedStoragePath, "v{{version}}");

                public string Name => "swap-test";

                public StorageCapabilities Capabilities => StorageCapabilities.None;

                public Task<StoredFileStatus> GetFileStatusAsync(string checksum, long size, CancellationToken cancellationToken) =>
                    Task.FromResult(File.Exists(Path.Combine(_folder, checksum)) ? StoredFileStatus.Stored : StoredFileStatus.Unknown);

                public async Task<StoreFileResult> StoreFileAsync(StoreFileRequest request, Stream content, CancellationToken cancellationToken)
                {
                    Directory.CreateDirectory(_folder);
                    var path = Path.Combine(_folder, request.Checksum);
                    await using (var file = new FileStream(path + ".partial", FileMode.Create, FileAccess.Write, FileShare.ReadWrite, 1))
                    {
                        var buffer = new byte[4096];
                        int read;
                        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                        {
                            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                            await file.FlushAsync(cancellationToken);
                        }
                    }
                    File.Move(path + ".partial", path, true);
                    return StoreFileResult.Stored;
                }

                public Task<IReadOnlyList<StorageFileRequirement>> CheckRequirementsAsync(IReadOnlyList<StorageFileSpec> files, CancellationToken cancellationToken) =>
                    Task.FromResult<IReadOnlyList<StorageFileRequirement>>(Array.Empty<StorageFileRequirement>());

                public Task<string> CreateCheckoutAsync(string checkoutPath, IReadOnlyList<StorageFileSpec> files, CancellationToken cancellationToken) =>
                    Task.FromResult(checkoutPath + "-v{{version}}");
            }
            """;
        return TestPluginCompiler.Compile($"{PluginName}{version}", source);
    }
}
