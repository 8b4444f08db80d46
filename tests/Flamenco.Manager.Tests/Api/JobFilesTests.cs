using System.Net;
using System.Net.Sockets;
using System.Text;
using Flamenco.Manager.TaskLogs;
using Flamenco.Manager.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Flamenco.Manager.Tests.Api;

/// <summary>
/// Manager-local storage served read-only at /job-files/ (manager.md §1.5). Traversal attempts go to a real Kestrel
/// over a raw socket, since HttpClient and the test server would clean the path before the Manager sees it.
/// </summary>
public sealed class JobFilesTests(JobFilesTests.KestrelManager manager) : IClassFixture<JobFilesTests.KestrelManager>
{
    private const string Secret = "the data folder is not for clients";
    private static readonly Guid JobId = Guid.Parse("0193a4e4-7a5b-7c6e-9d2f-1e0a3b4c5d6e");
    private static readonly Guid TaskId = Guid.Parse("9fc1c2c6-2d7a-4b4b-8a5e-5f6a7b8c9d0e");

    private readonly ManagerAppFactory _factory = manager.Factory;
    private readonly Uri _server = manager.Server;

    /// <summary>One Manager on a real Kestrel, with a task log in its storage and a secret next to the storage.</summary>
    public sealed class KestrelManager : IDisposable
    {
        public KestrelManager()
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
            Server = new Uri(Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            File.WriteAllText(Path.Combine(Factory.DataFolder, "secret.txt"), Secret);
            Factory.Services.GetRequiredService<ITaskLogStore>().Append(JobId, TaskId, "a log line");
        }

        public ManagerAppFactory Factory { get; } = new() { Settings = [("listen", "127.0.0.1:0")] };

        public Uri Server { get; }

        public void Dispose() => Factory.Dispose();
    }

    private static string LogPath => $"/job-files/job-0193/{JobId}/task-{TaskId}.txt";

    [Fact]
    public async Task Get_ATaskLog_IsServedAsUtf8Text()
    {
        var response = await RawGetAsync(LogPath);

        Assert.Equal(200, response.Status);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("a log line\n", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/job-files/../secret.txt")]
    [InlineData("/job-files/%2e%2e/secret.txt")]
    [InlineData("/job-files/%2E%2E/secret.txt")]
    [InlineData("/job-files/..%2fsecret.txt")]
    [InlineData("/job-files/..%2Fsecret.txt")]
    [InlineData("/job-files/%2e%2e%2fsecret.txt")]
    [InlineData("/job-files/..%5csecret.txt")]
    [InlineData("/job-files/..\\secret.txt")]
    [InlineData("/job-files/job-0193/../../secret.txt")]
    [InlineData("/job-files/job-0193/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/job-files/./../secret.txt")]
    [InlineData("/job-files/%252e%252e/secret.txt")]
    [InlineData("/job-files//secret.txt")]
    [InlineData("/job-files/../flamenco-manager.db")]
    [InlineData("/job-files/%2e%2e/flamenco-manager.db")]
    public async Task Get_PathLeavingTheStorage_IsNotServed(string path)
    {
        var response = await RawGetAsync(path);

        Assert.NotEqual(200, response.Status);
        Assert.DoesNotContain(Secret, response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("LiteDB", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AbsolutePathToTheSecret_IsNotServed()
    {
        var response = await RawGetAsync("/job-files/" + Path.Combine(_factory.DataFolder, "secret.txt").TrimStart('/'));

        Assert.Equal(404, response.Status);
    }

    [Theory]
    [InlineData("/job-files/")]
    [InlineData("/job-files/job-0193/")]
    [InlineData("/job-files/job-0193/0193a4e4-7a5b-7c6e-9d2f-1e0a3b4c5d6e")]
    public async Task Get_Folder_IsNotListed(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(".last-rendered.jpg.0123.tmp")]
    [InlineData("notes.db")]
    [InlineData("script.html")]
    public async Task Get_FilesTheManagerDoesNotServe_Are404(string name)
    {
        var folder = Path.Combine(_factory.DataFolder, "manager-storage", "job-0193", JobId.ToString());
        await File.WriteAllTextAsync(Path.Combine(folder, name), "x");

        var response = await _factory.CreateClient().GetAsync($"/job-files/job-0193/{JobId}/{name}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task WriteMethods_ChangeNothing(string method)
    {
        var response = await _factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), LogPath) { Content = new StringContent("overwritten") });

        Assert.False(response.IsSuccessStatusCode);
        Assert.EndsWith("a log line\n", (await RawGetAsync(LogPath)).Text, StringComparison.Ordinal);
    }

    private async Task<(int Status, string Text)> RawGetAsync(string rawPath)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.Host, _server.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {rawPath} HTTP/1.1\r\nHost: {_server.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return (int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture), text);
    }
}
