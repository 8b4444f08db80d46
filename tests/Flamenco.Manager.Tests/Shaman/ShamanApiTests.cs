using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Flamenco.Api;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Shaman;

/// <summary>
/// The four Shaman operations on a Manager with the Shaman plugin, as the Blender add-on uses them
/// (worker-and-shaman.md §5.2 and §6.7, api-contract.md §3.4), and their answers to bad input.
/// </summary>
public sealed class ShamanApiTests(ShamanHost host) : IClassFixture<ShamanHost>
{
    private readonly HttpClient _client = host.Factory.CreateClient();

    [Fact]
    public async Task UploadSession_AsTheAddOnRunsIt_EndsInACheckoutOfLinksToTheUploadedFiles()
    {
        var scene = Encoding.UTF8.GetBytes($"blend file {Guid.NewGuid()}");
        var texture = Encoding.UTF8.GetBytes($"texture {Guid.NewGuid()}");
        var files = new[] { Spec(scene, "scenes/shot.blend"), Spec(texture, "textures/ü.png") };

        var before = await RequirementsAsync(files);
        var status = await _client.GetFromJsonAsync<ShamanSingleFileStatus>($"/api/v3/shaman/files/{ShamanHost.Sha(scene)}/{scene.Length}", ManagerAppFactory.Json);
        var stored = await _client.SendAsync(ShamanHost.Upload(scene, canDefer: "True", originalFileName: "scenes/shot.blend"));
        var storedTexture = await _client.SendAsync(ShamanHost.Upload(texture, canDefer: "False", originalFileName: "=?utf-8?b?dGV4dHVyZXMvw7wucG5n?="));
        var again = await _client.SendAsync(ShamanHost.Upload(scene));
        var after = await RequirementsAsync(files);
        var checkout = await CheckoutAsync("project/shot/job-1", files);

        Assert.Equal(["scenes/shot.blend", "textures/ü.png"], before.Files.Select(f => f.Path));
        Assert.All(before.Files, f => Assert.Equal(ShamanFileStatus.Unknown, f.Status));
        Assert.Equal(ShamanFileStatus.Unknown, status!.Status);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (stored.StatusCode, storedTexture.StatusCode));
        Assert.Null(stored.Content.Headers.ContentType);
        Assert.Equal(HttpStatusCode.AlreadyReported, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Null(again.Content.Headers.ContentType);
        Assert.Empty(after.Files);
        Assert.Equal(HttpStatusCode.OK, checkout.StatusCode);
        var checkoutPath = (await checkout.Content.ReadFromJsonAsync<ShamanCheckoutResult>(ManagerAppFactory.Json))!.CheckoutPath;
        Assert.Equal("project/shot/job-1", checkoutPath);
        Assert.Equal(scene, await File.ReadAllBytesAsync(Path.Combine(host.Jobs, checkoutPath, "scenes", "shot.blend")));
        Assert.Equal(texture, await File.ReadAllBytesAsync(Path.Combine(host.Jobs, checkoutPath, "textures", "ü.png")));
        Assert.NotNull(new FileInfo(Path.Combine(host.Jobs, checkoutPath, "scenes", "shot.blend")).LinkTarget);
    }

    [Fact]
    public async Task ShamanInUse_OfferedToClientsAndJobsVariableIsTheCheckoutFolder()
    {
        var configuration = await _client.GetFromJsonAsync<ManagerConfiguration>("/api/v3/configuration", ManagerAppFactory.Json);
        var variables = await _client.GetFromJsonAsync<Dictionary<string, ManagerVariable>>("/api/v3/configuration/variables/workers/linux", ManagerAppFactory.Json);

        Assert.True(configuration!.ShamanEnabled);
        Assert.Equal(host.Jobs, variables!["jobs"].Value);
    }

    [Fact]
    public async Task StoreFile_SizeMismatch_417NamingBothSizes()
    {
        var content = Encoding.UTF8.GetBytes("hähähä");

        var response = await _client.SendAsync(ShamanHost.Upload(content, size: "10"));

        await AssertErrorAsync(response, 417, "file size mismatched, declared 10 but received 9 bytes");
    }

    [Fact]
    public async Task StoreFile_ChecksumMismatch_417NamingBothChecksums()
    {
        var content = Encoding.UTF8.GetBytes($"content {Guid.NewGuid()}");
        var declared = new string('0', 64);

        var response = await _client.SendAsync(ShamanHost.Upload(content, sha: declared));

        await AssertErrorAsync(response, 417, $"file SHA256 mismatched, declared {declared} but received {ShamanHost.Sha(content)}");
        Assert.Equal(ShamanFileStatus.Unknown, (await StatusAsync(declared, content.Length)).Status);
    }

    [Theory]
    [InlineData("not-a-checksum", "9", "checksum: expected a SHA-256 checksum as 64 lower-case hex digits, got \"not-a-checksum\"")]
    [InlineData("05B373F2AB421A112C779258EA456C17160FCC1D0FE0BB8282DE26122873F6E2", "9", "checksum: expected a SHA-256 checksum as 64 lower-case hex digits, got \"05B373F2AB421A112C779258EA456C17160FCC1D0FE0BB8282DE26122873F6E2\"")]
    [InlineData("05b373f2ab421a112c779258ea456c17160fcc1d0fe0bb8282de26122873f6e2", "-1", "filesize: expected a size in bytes from 0 to 1099511627776 (shaman.maxFileSize), got -1")]
    [InlineData("05b373f2ab421a112c779258ea456c17160fcc1d0fe0bb8282de26122873f6e2", "9223372036854775807", "filesize: expected a size in bytes from 0 to 1099511627776 (shaman.maxFileSize), got 9223372036854775807")]
    [InlineData("05b373f2ab421a112c779258ea456c17160fcc1d0fe0bb8282de26122873f6e2", "nine", "filesize: expected a whole number of bytes from 0 to 1099511627776, got \"nine\"")]
    public async Task FileEndpoints_MalformedChecksumOrSize_400NamingTheField(string checksum, string size, string message)
    {
        var get = await _client.GetAsync($"/api/v3/shaman/files/{checksum}/{size}");
        var post = await _client.SendAsync(ShamanHost.Upload("hähähä"u8.ToArray(), checksum, size));

        await AssertErrorAsync(get, 400, message);
        await AssertErrorAsync(post, 400, message);
    }

    [Fact]
    public async Task StoreFile_OtherUploadInProgressAndClientCanDefer_425ThenStoredWithoutDeferring()
    {
        var content = Encoding.UTF8.GetBytes($"deferred {Guid.NewGuid()}");
        var sha = ShamanHost.Sha(content);
        var uploading = Path.Combine(host.Shared, "file-store", "uploading", sha[..2], sha[2..]);
        Directory.CreateDirectory(uploading);
        await File.WriteAllTextAsync(Path.Combine(uploading, $"{content.Length}-000000001.tmp"), "someone else's partial upload");

        var status = await StatusAsync(sha, content.Length);
        var deferred = await _client.SendAsync(ShamanHost.Upload(content, canDefer: "true"));
        var uploaded = await _client.SendAsync(ShamanHost.Upload(content, canDefer: "false"));

        Assert.Equal(ShamanFileStatus.Uploading, status.Status);
        Assert.Equal((HttpStatusCode)425, deferred.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, uploaded.StatusCode);
    }

    [Theory]
    [InlineData("yes", "X-Shaman-Can-Defer-Upload: expected true or false, got \"yes\"")]
    [InlineData("true, false", "X-Shaman-Can-Defer-Upload: expected true or false, got \"true, false\"")]
    public async Task StoreFile_CanDeferNotABoolean_400(string header, string message)
    {
        var response = await _client.SendAsync(ShamanHost.Upload("x"u8.ToArray(), canDefer: header));

        await AssertErrorAsync(response, 400, message);
    }

    [Fact]
    public async Task StoreFile_OriginalFileNameInAnUnknownCharset_400WithFlamencosMessage()
    {
        var response = await _client.SendAsync(ShamanHost.Upload("x"u8.ToArray(), originalFileName: "=?x-unknown?Q?abc?="));

        await AssertErrorAsync(response, 400, "invalid X-Shaman-Original-Filename header: \"=?x-unknown?Q?abc?=\"");
    }

    [Fact]
    public async Task StoreFile_OriginalFileNameWithAnIncompleteEncodedWord_Accepted()
    {
        var response = await _client.SendAsync(ShamanHost.Upload(Encoding.UTF8.GetBytes($"{Guid.NewGuid()}"), originalFileName: "=?UTF-8?Q?bad"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task StoreFile_BodyNotOctetStream_415()
    {
        var content = Encoding.UTF8.GetBytes($"{Guid.NewGuid()}");

        var response = await _client.PostAsync($"/api/v3/shaman/files/{ShamanHost.Sha(content)}/{content.Length}", new StringContent("x", Encoding.UTF8, "text/plain"));

        await AssertErrorAsync(response, 415, $"/api/v3/shaman/files/{ShamanHost.Sha(content)}/{content.Length} does not take a body of type \"text/plain; charset=utf-8\"");
    }

    [Fact]
    public async Task StoreFile_EmptyFile_Stored()
    {
        var response = await _client.SendAsync(ShamanHost.Upload([]));

        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.AlreadyReported, response.StatusCode.ToString());
        Assert.Equal(ShamanFileStatus.Stored, (await StatusAsync(ShamanHost.Sha([]), 0)).Status);
    }

    [Fact]
    public async Task Requirements_BadEntries_400NamingEachField()
    {
        var response = await _client.PostAsync("/api/v3/shaman/checkout/requirements", Json("""
            {"files": [{"sha": "abc", "size": 1, "path": "a"}, {"sha": "0000000000000000000000000000000000000000000000000000000000000000", "size": -5, "path": "b"}, {"sha": "0000000000000000000000000000000000000000000000000000000000000000", "size": 1}]}
            """));

        await AssertErrorAsync(response, 400,
            "files[0].sha: expected a SHA-256 checksum as 64 lower-case hex digits, got \"abc\"; "
            + "files[1].size: expected a size in bytes from 0 to 1099511627776 (shaman.maxFileSize), got -5; "
            + "files[2].path: required, the file's path in the checkout");
    }

    [Theory]
    [InlineData("..", "checkoutPath: \"..\" is not allowed")]
    [InlineData("/etc", "checkoutPath: \"/etc\" is not allowed")]
    [InlineData("jobs/../../..", "checkoutPath: \"jobs/../../..\" is not allowed")]
    public async Task Checkout_PathOutsideTheCheckoutRoot_400AndNothingCreated(string checkoutPath, string message)
    {
        var content = await UploadAsync($"checkout path {Guid.NewGuid()}");

        var response = await CheckoutAsync(checkoutPath, Spec(content, "scene.blend"));

        await AssertErrorAsync(response, 400, message, prefixOnly: true);
        Assert.False(Directory.Exists(Path.Combine(host.Shared, "etc")));
    }

    [Fact]
    public async Task Checkout_PathOf5000Characters_400NamingTheMaximumAndNothingCreated()
    {
        var content = await UploadAsync($"long path {Guid.NewGuid()}");
        var checkoutPath = string.Join('/', Enumerable.Repeat(new string('p', 99), 50));

        var response = await CheckoutAsync(checkoutPath, Spec(content, "scene.blend"));

        await AssertErrorAsync(response, 400, "checkoutPath: expected a path of at most 1024 bytes (UTF-8), got 4999 bytes");
        Assert.False(Directory.Exists(Path.Combine(host.Jobs, new string('p', 99))));
    }

    [Fact]
    public async Task CheckoutAndRequirements_FilePathOf5000Characters_400NamingTheEntry()
    {
        var content = await UploadAsync($"long file path {Guid.NewGuid()}");
        var longName = new string('f', 5000);

        var checkout = await CheckoutAsync($"long-{Guid.NewGuid():N}", Spec(content, "ok.blend"), Spec(content, longName));
        var requirements = await _client.PostAsJsonAsync("/api/v3/shaman/checkout/requirements",
            new ShamanRequirementsRequest { Files = [Spec(content, longName)] }, ManagerAppFactory.Json);
        var longSegment = await CheckoutAsync($"long-{Guid.NewGuid():N}", Spec(content, "textures/" + new string('n', 201)));

        await AssertErrorAsync(checkout, 400, "files[1].path: expected a path of at most 1024 bytes (UTF-8), got 5000 bytes");
        await AssertErrorAsync(requirements, 400, "files[0].path: expected a path of at most 1024 bytes (UTF-8), got 5000 bytes");
        await AssertErrorAsync(longSegment, 400, "files[0].path: \"textures/nnn", prefixOnly: true);
        Assert.Contains("expected folder and file names of at most 200 bytes (UTF-8)", await longSegment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_FilePathTraversal_400NamingTheEntryAndNothingWrittenOutside()
    {
        var content = await UploadAsync($"traversal {Guid.NewGuid()}");
        var checkoutPath = $"traversal-{Guid.NewGuid():N}";

        var response = await CheckoutAsync(checkoutPath, Spec(content, "ok.blend"), Spec(content, "../../../planted"));

        await AssertErrorAsync(response, 400, "files[1].path: \"../../../planted\" is not allowed", prefixOnly: true);
        Assert.False(Directory.Exists(Path.Combine(host.Jobs, checkoutPath)));
        Assert.False(File.Exists(Path.Combine(host.Factory.DataFolder, "planted")));
    }

    [Fact]
    public async Task Checkout_FileNotUploaded_424()
    {
        var missing = Encoding.UTF8.GetBytes($"never uploaded {Guid.NewGuid()}");

        var response = await CheckoutAsync($"missing-{Guid.NewGuid():N}", Spec(missing, "missing.blend"));

        await AssertErrorAsync(response, 424, "unknown files requested in checkout: missing.blend", prefixOnly: true);
    }

    [Fact]
    public async Task Checkout_PathTaken_SecondGetsAUniquePath()
    {
        var content = await UploadAsync($"unique {Guid.NewGuid()}");
        var checkoutPath = $"unique-{Guid.NewGuid():N}";

        var first = await (await CheckoutAsync(checkoutPath, Spec(content, "a"))).Content.ReadFromJsonAsync<ShamanCheckoutResult>(ManagerAppFactory.Json);
        var second = await (await CheckoutAsync(checkoutPath, Spec(content, "a"))).Content.ReadFromJsonAsync<ShamanCheckoutResult>(ManagerAppFactory.Json);

        Assert.Equal(checkoutPath, first!.CheckoutPath);
        Assert.Matches($"^{checkoutPath}-[a-z0-9]{{4}}$", second!.CheckoutPath);
    }

    [Fact]
    public async Task Checkout_MissingCheckoutPath_400()
    {
        var response = await _client.PostAsync("/api/v3/shaman/checkout/create", Json("""{"files": []}"""));

        await AssertErrorAsync(response, 400, "checkoutPath: required, a relative path like \"project/scene/job\"");
    }

    private static ShamanFileSpec Spec(byte[] content, string path) => new() { Sha = ShamanHost.Sha(content), Size = content.Length, Path = path };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<byte[]> UploadAsync(string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(ShamanHost.Upload(content))).StatusCode);
        return content;
    }

    private async Task<ShamanRequirementsResponse> RequirementsAsync(ShamanFileSpec[] files)
    {
        var response = await _client.PostAsJsonAsync("/api/v3/shaman/checkout/requirements", new ShamanRequirementsRequest { Files = files }, ManagerAppFactory.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ShamanRequirementsResponse>(ManagerAppFactory.Json))!;
    }

    private Task<HttpResponseMessage> CheckoutAsync(string checkoutPath, params ShamanFileSpec[] files) =>
        _client.PostAsJsonAsync("/api/v3/shaman/checkout/create", new ShamanCheckout { CheckoutPath = checkoutPath, Files = files }, ManagerAppFactory.Json);

    private async Task<ShamanSingleFileStatus> StatusAsync(string sha, long size) =>
        (await _client.GetFromJsonAsync<ShamanSingleFileStatus>($"/api/v3/shaman/files/{sha}/{size}", ManagerAppFactory.Json))!;

    internal static async Task AssertErrorAsync(HttpResponseMessage response, int status, string message, bool prefixOnly = false)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(body)!;
        Assert.Equal(status, (int)error["code"]!);
        if (prefixOnly) Assert.StartsWith(message, (string)error["message"]!);
        else Assert.Equal(message, (string)error["message"]!);
    }
}
