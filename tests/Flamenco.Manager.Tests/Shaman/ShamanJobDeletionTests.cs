using System.Net;
using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Persistence;
using Flamenco.Manager.Features.Shaman;
using Flamenco.Manager.Tests.Support;
using Flamenco.Plugins.Storage;
using Flamenco.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Shaman;

/// <summary>
/// Deleting a job submitted through Shaman removes its checkout, only inside the checkout root and never through a
/// symlink out of it; garbage collection then frees the files only that checkout used.
/// </summary>
public sealed class ShamanJobDeletionTests : IDisposable
{
    private readonly ShamanHost _host = new();
    private readonly HttpClient _client;
    private readonly string _outside = Directory.CreateTempSubdirectory("flamenco-outside-").FullName;

    public ShamanJobDeletionTests() => _client = _host.Factory.CreateClient();

    [Fact]
    public async Task DeleteJob_WithCheckout_RemovesTheCheckoutAndItsEmptyFolders_GcThenFreesOnlyItsOwnFiles()
    {
        var own = await UploadAsync("only the deleted job uses this");
        var shared = await UploadAsync("both jobs use this");
        var deleted = await CheckoutAsync("project/shot/deleted", (own, "scene.blend"), (shared, "textures/wood.png"));
        var kept = await CheckoutAsync("project/other/kept", (shared, "wood.png"));
        var job = await SubmitAsync(deleted);
        var keptJob = await SubmitAsync(kept);

        var before = await WhatWouldDeleteDoAsync(job.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v3/jobs/{job.Id}")).StatusCode);
        await WaitUntilGoneAsync(job.Id);

        Assert.True(before);
        Assert.False(Directory.Exists(Path.Combine(_host.Jobs, "project", "shot")));
        Assert.True(Directory.Exists(Path.Combine(_host.Jobs, "project", "other", "kept")));
        Assert.True(File.Exists(BlobPath(own)), "the stored file stays until garbage collection");
        Assert.True(await WhatWouldDeleteDoAsync(keptJob.Id));

        var report = await CollectGarbageAsync();

        Assert.False(File.Exists(BlobPath(own)));
        Assert.True(File.Exists(BlobPath(shared)));
        Assert.Equal(1, report.Deleted);
    }

    [Fact]
    public async Task DeleteJob_CheckoutIsASymlinkOutOfTheRoot_NotFollowed_TargetUntouched()
    {
        var file = await UploadAsync("a file");
        await CheckoutAsync("real", (file, "scene.blend"));
        var precious = Path.Combine(_outside, "precious.txt");
        await File.WriteAllTextAsync(precious, "not the Manager's");
        Directory.CreateSymbolicLink(Path.Combine(_host.Jobs, "evil"), _outside);
        var job = await SubmitAsync("evil");

        var wouldRemove = await WhatWouldDeleteDoAsync(job.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v3/jobs/{job.Id}")).StatusCode);
        await WaitUntilGoneAsync(job.Id);

        Assert.False(wouldRemove);
        Assert.Equal("not the Manager's", await File.ReadAllTextAsync(precious));
        Assert.NotNull(new DirectoryInfo(Path.Combine(_host.Jobs, "evil")).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(_host.Jobs, "real")));
    }

    [Fact]
    public async Task DeleteJob_CheckoutReachedThroughASymlinkedFolder_NotFollowed()
    {
        var inside = Directory.CreateDirectory(Path.Combine(_outside, "job")).FullName;
        var precious = Path.Combine(inside, "precious.txt");
        await File.WriteAllTextAsync(precious, "not the Manager's");
        Directory.CreateDirectory(_host.Jobs);
        Directory.CreateSymbolicLink(Path.Combine(_host.Jobs, "linked"), _outside);
        var job = await SubmitAsync("linked/job");

        Assert.False(await WhatWouldDeleteDoAsync(job.Id));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v3/jobs/{job.Id}")).StatusCode);
        await WaitUntilGoneAsync(job.Id);

        Assert.Equal("not the Manager's", await File.ReadAllTextAsync(precious));
    }

    [Theory]
    [InlineData("../../outside")]
    [InlineData("a/../../../outside")]
    [InlineData("{absolute}")]
    public async Task DeleteJob_CheckoutIdLeavingTheRoot_NothingOutsideRemoved(string checkoutId)
    {
        var outside = Directory.CreateDirectory(Path.Combine(_host.Factory.DataFolder, "outside")).FullName;
        await File.WriteAllTextAsync(Path.Combine(outside, "keep.txt"), "not the Manager's");
        Directory.CreateDirectory(_host.Jobs);
        // Submissions refuse such ids now; a job stored by an earlier version may still carry one.
        var job = await SubmitAsync("legit");
        var store = _host.Factory.Services.GetRequiredService<IJobStore>();
        var stored = store.FindJob(Guid.Parse(job.Id))!;
        stored.ShamanCheckoutId = checkoutId.Replace("{absolute}", outside, StringComparison.Ordinal);
        store.Save(stored, []);

        Assert.False(await WhatWouldDeleteDoAsync(job.Id));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v3/jobs/{job.Id}")).StatusCode);
        await WaitUntilGoneAsync(job.Id);

        Assert.Equal("not the Manager's", await File.ReadAllTextAsync(Path.Combine(outside, "keep.txt")));
        Assert.True(Directory.Exists(_host.Jobs));
    }

    private async Task<(string Sha, long Size)> UploadAsync(string text)
    {
        var content = System.Text.Encoding.UTF8.GetBytes($"{text} {Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(ShamanHost.Upload(content))).StatusCode);
        return (ShamanHost.Sha(content), content.Length);
    }

    private async Task<string> CheckoutAsync(string path, params ((string Sha, long Size) File, string Path)[] files)
    {
        var response = await _client.PostAsJsonAsync("/api/v3/shaman/checkout/create", new ShamanCheckout
        {
            CheckoutPath = path,
            Files = [.. files.Select(f => new ShamanFileSpec { Sha = f.File.Sha, Size = f.File.Size, Path = f.Path })],
        }, ManagerAppFactory.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ShamanCheckoutResult>(ManagerAppFactory.Json))!.CheckoutPath;
    }

    private Task<Job> SubmitAsync(string checkoutId) => _host.Factory.SubmitAsync(_client, new
    {
        name = "shaman job", type = "echo-sleep-test", priority = 50, submitter_platform = "linux",
        settings = new { message = "hi" }, storage = new { shaman_checkout_id = checkoutId },
    });

    private async Task<bool> WhatWouldDeleteDoAsync(string jobId) =>
        (await _client.GetFromJsonAsync<JobDeletionInfo>($"/api/v3/jobs/{jobId}/what-would-delete-do", ManagerAppFactory.Json))!.ShamanCheckout;

    private Task WaitUntilGoneAsync(string jobId) =>
        Eventually.TrueAsync(async () => (await _client.GetAsync($"/api/v3/jobs/{jobId}")).StatusCode == HttpStatusCode.NotFound, "the job to be deleted");

    /// <summary>A collection that finds every stored file old enough: only links keep one.</summary>
    private async Task<StorageGarbageReport> CollectGarbageAsync()
    {
        using var storage = _host.Factory.Services.GetRequiredService<ShamanBackend>().Lease();
        return await ((IStorageGarbageCollector)storage!.Backend).CollectGarbageAsync(TimeProvider.System.GetUtcNow().AddDays(1), CancellationToken.None);
    }

    private string BlobPath((string Sha, long Size) file) =>
        Path.Combine(_host.Shared, "file-store", "stored", file.Sha[..2], file.Sha[2..], $"{file.Size}.blob");

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_outside, recursive: true);
    }
}
