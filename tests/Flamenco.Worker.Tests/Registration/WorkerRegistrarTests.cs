using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Flamenco.Api;
using Flamenco.Worker.ManagerApi;
using Flamenco.Worker.Registration;
using Flamenco.Worker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Worker.Tests.Registration;

// File modes are what these tests are about; the worker runs them on Linux.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WorkerRegistrarTests : IDisposable
{
    private const string NewId = "6c1a3e7f-5b7e-4c59-9a43-3d2f0f7b2a10";
    private readonly string _home = Directory.CreateTempSubdirectory("flamenco-worker-home-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly FakeManager _manager;
    private readonly CredentialsFile _file;
    private readonly WorkerRegistrar _registrar;

    public WorkerRegistrarTests()
    {
        _manager = new FakeManager(_time);
        _file = new CredentialsFile(Path.Combine(_home, "flamenco-worker-credentials.yaml"), _time);
        _registrar = new WorkerRegistrar(_manager.Client, _manager.Credentials, _file, WorkerParts.Settings(_home, restartExitCode: 47),
            WorkerParts.Timings, _time, NullLogger<WorkerRegistrar>.Instance);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task RegisterOrSignOn_NoCredentials_RegistersSavesThemAndSignsOn()
    {
        _manager.On("POST", "/api/v3/worker/register-worker", HttpStatusCode.OK, WorkerParts.RegisteredWorker(NewId));
        _manager.On("POST", "/api/v3/worker/sign-on", HttpStatusCode.OK, WorkerParts.StatusRequested("awake"));

        var status = await _registrar.RegisterOrSignOnAsync(CancellationToken.None);

        var register = Json(_manager.To("/api/v3/worker/register-worker").Single());
        var secret = register.GetProperty("secret").GetString()!;
        var signOn = _manager.To("/api/v3/worker/sign-on").Single();
        Assert.Equal(WorkerStatus.Awake, status);
        Assert.Matches(new Regex("^[0-9a-f]{64}$"), secret);
        Assert.Equal(("test-worker", "linux"), (register.GetProperty("name").GetString(), register.GetProperty("platform").GetString()));
        Assert.Equal(["misc", "blender"], register.GetProperty("supported_task_types").EnumerateArray().Select(t => t.GetString()));
        Assert.Null(_manager.To("/api/v3/worker/register-worker").Single().Authorization);
        Assert.Equal(new WorkerCredentials(NewId, secret), _file.Load(out _));
        Assert.Equal(BasicAuth(NewId, secret), signOn.Authorization);
        Assert.True(Json(signOn).GetProperty("can_restart").GetBoolean());
        Assert.Equal("test-worker", Json(signOn).GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(Json(signOn).GetProperty("software_version").GetString()));
    }

    [Fact]
    public async Task RegisterOrSignOn_StoredCredentialsRejected_RegistersAgainOverwritesTheFileAndSignsOnAgain()
    {
        _file.Save(new WorkerCredentials("0f0f0f0f-0000-4000-8000-000000000001", "old-secret"));
        var oldAuth = BasicAuth("0f0f0f0f-0000-4000-8000-000000000001", "old-secret");
        _manager.On("POST", "/api/v3/worker/register-worker", HttpStatusCode.OK, WorkerParts.RegisteredWorker(NewId));
        _manager.On("POST", "/api/v3/worker/sign-on", r => r.Authorization == oldAuth
            ? FakeManager.Reply(HttpStatusCode.Forbidden, """{"code":403,"message":"unknown worker or wrong secret; register again"}""")
            : FakeManager.Reply(HttpStatusCode.OK, WorkerParts.StatusRequested("asleep")));

        var status = await _registrar.RegisterOrSignOnAsync(CancellationToken.None);

        var saved = _file.Load(out _)!;
        var signOns = _manager.To("/api/v3/worker/sign-on").ToList();
        Assert.Equal(WorkerStatus.Asleep, status);
        Assert.Equal(NewId, saved.WorkerId);
        Assert.Matches(new Regex("^[0-9a-f]{64}$"), saved.Secret);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_file.Path));
        Assert.Equal([oldAuth, BasicAuth(NewId, saved.Secret)], signOns.Select(r => r.Authorization));
        Assert.Equal(new WorkerCredentials(NewId, saved.Secret), _manager.Credentials.Current);
    }

    [Fact]
    public async Task RegisterOrSignOn_ManagerDown_BacksOffFromASecondUntilItAnswers()
    {
        _file.Save(new WorkerCredentials("0f0f0f0f-0000-4000-8000-000000000001", "secret"));
        var attempts = 0;
        _manager.On("POST", "/api/v3/worker/sign-on", _ => ++attempts < 3
            ? FakeManager.Unreachable()
            : FakeManager.Reply(HttpStatusCode.OK, WorkerParts.StatusRequested("awake")));
        var start = _time.GetUtcNow();

        var signingOn = _registrar.RegisterOrSignOnAsync(CancellationToken.None);
        await _time.AdvanceUntilAsync(() => signingOn.IsCompleted, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Awake, await signingOn);
        Clock.AssertSecondsAfter(start, _manager.To("/api/v3/worker/sign-on"), [0, 1, 3], lateBy: 0.5);
        Assert.Empty(_manager.To("/api/v3/worker/register-worker"));
    }

    [Fact]
    public async Task RegisterOrSignOn_ManagerFailsForAMoment_KeepsTheIdentity()
    {
        _file.Save(new WorkerCredentials("0f0f0f0f-0000-4000-8000-000000000001", "secret"));
        var attempts = 0;
        _manager.On("POST", "/api/v3/worker/sign-on", _ => ++attempts == 1
            ? FakeManager.Reply(HttpStatusCode.ServiceUnavailable)
            : FakeManager.Reply(HttpStatusCode.OK, WorkerParts.StatusRequested("awake")));

        var signingOn = _registrar.RegisterOrSignOnAsync(CancellationToken.None);
        await _time.AdvanceUntilAsync(() => signingOn.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Awake, await signingOn);
        Assert.Empty(_manager.To("/api/v3/worker/register-worker"));
        Assert.Equal("0f0f0f0f-0000-4000-8000-000000000001", _file.Load(out _)!.WorkerId);
    }

    [Fact]
    public async Task RegisterOrSignOn_RegistrationRefused_KeepsTryingUntilTheManagerTakesIt()
    {
        var attempts = 0;
        _manager.On("POST", "/api/v3/worker/register-worker", _ => ++attempts < 3
            ? FakeManager.Reply(HttpStatusCode.BadRequest, """{"code":400,"message":"supported_task_types: at least one"}""")
            : FakeManager.Reply(HttpStatusCode.OK, WorkerParts.RegisteredWorker(NewId)));
        _manager.On("POST", "/api/v3/worker/sign-on", HttpStatusCode.OK, WorkerParts.StatusRequested("awake"));

        var signingOn = _registrar.RegisterOrSignOnAsync(CancellationToken.None);
        await _time.AdvanceUntilAsync(() => signingOn.IsCompleted, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Awake, await signingOn);
        Assert.Equal(3, _manager.To("/api/v3/worker/register-worker").Count());
        Assert.Equal(NewId, _file.Load(out _)!.WorkerId);
    }

    [Fact]
    public async Task RegisterOrSignOn_SignOnAnsweredWithGarbage_TriesAgainInsteadOfStopping()
    {
        _file.Save(new WorkerCredentials("0f0f0f0f-0000-4000-8000-000000000001", "secret"));
        var attempts = 0;
        _manager.On("POST", "/api/v3/worker/sign-on", _ => FakeManager.Reply(HttpStatusCode.OK,
            ++attempts == 1 ? "<html>proxy</html>" : WorkerParts.StatusRequested("asleep")));

        var signingOn = _registrar.RegisterOrSignOnAsync(CancellationToken.None);
        await _time.AdvanceUntilAsync(() => signingOn.IsCompleted, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1));

        Assert.Equal(WorkerStatus.Asleep, await signingOn);
        Assert.Equal(2, attempts);
    }

    private static JsonElement Json(ManagerRequest request) => JsonDocument.Parse(request.Body).RootElement;

    private static string BasicAuth(string id, string secret) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}"));
}
