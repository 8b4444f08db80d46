using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Flamenco.Api;
using Flamenco.Manager.Features.Configuration;
using Flamenco.Manager.Tests.Support;

namespace Flamenco.Manager.Tests.Configuration;

/// <summary>
/// POST /api/v3/configuration/check/shared-storage and GET/POST /api/v3/configuration/check/blender, with Debian's
/// real Blender (tests/run-tests.sh installs it) and fake ones.
/// </summary>
public sealed class PathCheckApiTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>, IDisposable
{
    private readonly HttpClient _client = factory.CreateClient();
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-path-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<HttpResponseMessage> PostAsync(string route, string json) =>
        _client.PostAsync($"/api/v3/configuration/check/{route}", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<PathCheckResult> CheckStorageAsync(string path)
    {
        var response = await PostAsync("shared-storage", $$"""{"path":{{System.Text.Json.JsonSerializer.Serialize(path)}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PathCheckResult>(ManagerAppFactory.Json))!;
    }

    private async Task<BlenderPathCheckResult> CheckBlenderAsync(string path)
    {
        var response = await PostAsync("blender", $$"""{"path":{{System.Text.Json.JsonSerializer.Serialize(path)}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BlenderPathCheckResult>(ManagerAppFactory.Json))!;
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task SharedStorage_WritableFolder_IsUsable_AndLeavesNoProbeFile()
    {
        var result = await CheckStorageAsync(_folder);

        Assert.True(result.IsUsable, result.Cause);
        Assert.Equal(_folder, result.Path);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("", "an empty path")]
    [InlineData("relative/folder", "the path must be absolute")]
    [InlineData(@"\\server\share", "UNC notation")]
    [InlineData("/", "/ is a system folder")]
    [InlineData("/usr", "/usr is a system folder")]
    [InlineData("/etc/", "/etc is a system folder")]
    [InlineData("FOLDER/../FOLDER", "the path must not contain \"..\"")]
    [InlineData("FOLDER/missing", "the folder does not exist")]
    [InlineData("FOLDER/a-file", "this is a file, not a folder")]
    [InlineData("FOLDER/link-to-etc", "/etc is a system folder")]
    public async Task SharedStorage_UnusablePath_IsNotUsable_WithTheCause(string path, string cause)
    {
        File.WriteAllText(Path.Combine(_folder, "a-file"), "x");
        Directory.CreateSymbolicLink(Path.Combine(_folder, "link-to-etc"), "/etc");

        var result = await CheckStorageAsync(path.Replace("FOLDER", _folder));

        Assert.False(result.IsUsable);
        Assert.Contains(cause, result.Cause);
    }

    [Theory]
    [InlineData("shared-storage", "{}")]
    [InlineData("shared-storage", """{"path":5}""")]
    [InlineData("blender", "{}")]
    [InlineData("blender", """{"path":["blender"]}""")]
    public async Task Check_WithoutAStringPath_Answers400(string route, string body)
    {
        var response = await PostAsync(route, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(ManagerAppFactory.Json);
        Assert.Equal(400, error!.Code);
        Assert.Contains("path", error.Message);
    }

    [Fact]
    public async Task Blender_CommandOnPath_IsFoundAndRecognised()
    {
        var result = await CheckBlenderAsync("blender");

        Assert.True(result.IsUsable, result.Cause);
        Assert.Equal(("blender", "/usr/bin/blender", BlenderPathSource.PathEnvvar), (result.Input, result.Path, result.Source));
        Assert.StartsWith("Found Blender ", result.Cause);
    }

    [Fact]
    public async Task Blender_AbsolutePath_IsRecognised()
    {
        var result = await CheckBlenderAsync("/usr/bin/blender");

        Assert.True(result.IsUsable, result.Cause);
        Assert.Equal(BlenderPathSource.InputPath, result.Source);
    }

    [Fact]
    public async Task Blender_Find_ReportsTheBlenderOnPath()
    {
        var found = await _client.GetFromJsonAsync<List<BlenderPathCheckResult>>("/api/v3/configuration/check/blender", ManagerAppFactory.Json);

        var onPath = Assert.Single(found!, f => f.Source == BlenderPathSource.PathEnvvar);
        Assert.True(onPath.IsUsable, onPath.Cause);
        Assert.Equal("/usr/bin/blender", onPath.Path);
    }

    [Fact]
    public async Task Blender_ProgramThatIsNotBlender_IsNotUsable()
    {
        var fake = Script("not-blender", "echo 'GIMP 2.10'");

        var result = await CheckBlenderAsync(fake);

        Assert.False(result.IsUsable);
        Assert.Equal($"this is not Blender: \"{fake} --version\" exited with 0 and printed GIMP 2.10", result.Cause);
    }

    [Theory]
    [InlineData("FOLDER/missing", "there is no file at this path")]
    [InlineData("FOLDER", "this is a folder, not a program")]
    [InlineData("bin/blender", "give the absolute path of Blender")]
    [InlineData("../../usr/bin/blender", "give the absolute path of Blender")]
    [InlineData("no-such-blender-command", "\"no-such-blender-command\" is not found on the Manager's PATH")]
    [InlineData("FOLDER/not-executable", "could not be started")]
    public async Task Blender_PathThatCannotRun_IsNotUsable(string path, string cause)
    {
        File.WriteAllText(Path.Combine(_folder, "not-executable"), "Blender 4.2");

        var result = await CheckBlenderAsync(path.Replace("FOLDER", _folder));

        Assert.False(result.IsUsable);
        Assert.Contains(cause, result.Cause);
    }

    [Fact]
    public async Task Blender_ThatHangs_IsStoppedAtTheTimeLimit_WithWhatItStarted()
    {
        var marker = Path.Combine(_folder, "child.pid");
        var hanging = Script("hanging-blender", $"sleep 300 &\necho $! > {marker}\nwait");
        var probe = new BlenderProbe { TimeLimit = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();

        var result = await probe.CheckAsync(hanging, CancellationToken.None);

        Assert.False(result.IsUsable);
        Assert.Contains("did not finish within 1 s and was stopped", result.Cause);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        var child = int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Flamenco.Testing.Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists($"/proc/{child}")), "the hanging Blender's child to be killed");
    }
}
