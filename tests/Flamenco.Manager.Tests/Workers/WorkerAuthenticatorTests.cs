using System.Text;
using Flamenco.Api;

namespace Flamenco.Manager.Tests.Workers;

public sealed class WorkerAuthenticatorTests : IDisposable
{
    private readonly WorkerFixture _farm = new();

    public void Dispose() => _farm.Dispose();

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Fact]
    public void Authenticate_RightSecret_TheWorkerMarkedSeen()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake, seenAgo: TimeSpan.FromMinutes(5));

        var result = _farm.Authenticator.Authenticate(Basic($"{worker.Id}:secret"));

        Assert.Equal(worker.Id, result.Worker?.Id);
        Assert.Equal(_farm.Time.GetUtcNow(), _farm.Stored(worker).LastSeen);
    }

    [Fact]
    public void Authenticate_Repeatedly_StoresLastSeenAtMostEveryTenSeconds()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake, seenAgo: TimeSpan.FromMinutes(5));
        _farm.Authenticator.Authenticate(Basic($"{worker.Id}:secret"));
        var first = _farm.Time.GetUtcNow();

        _farm.Time.Advance(TimeSpan.FromSeconds(9));
        var second = _farm.Authenticator.Authenticate(Basic($"{worker.Id}:secret"));

        Assert.Equal(first, _farm.Stored(worker).LastSeen);
        Assert.Equal(_farm.Time.GetUtcNow(), _farm.Presence.LastSeen(_farm.Stored(worker)));
        Assert.Equal(_farm.Time.GetUtcNow(), second.Worker!.LastSeen);

        _farm.Time.Advance(TimeSpan.FromSeconds(1));
        _farm.Authenticator.Authenticate(Basic($"{worker.Id}:secret"));

        Assert.Equal(_farm.Time.GetUtcNow(), _farm.Stored(worker).LastSeen);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic Og==")]
    [InlineData("Basic not-base64!")]
    [InlineData("Basic bm8tY29sb24=")]
    public void Authenticate_MissingOrMalformed_Refused(string? header)
    {
        var result = _farm.Authenticator.Authenticate(header);

        Assert.Null(result.Worker);
        Assert.NotEmpty(result.Failure);
    }

    [Fact]
    public void Authenticate_WrongSecretUnknownOrDeletedWorker_RefusedAlikeAndNotSeen()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake, seenAgo: TimeSpan.FromMinutes(5));
        var deleted = _farm.AddWorker(WorkerStatus.Offline);
        _farm.Authenticator.Authenticate(Basic($"{deleted.Id}:secret"));
        _farm.Service.Delete(deleted.Id);

        var wrong = _farm.Authenticator.Authenticate(Basic($"{worker.Id}:Secret"));
        var unknown = _farm.Authenticator.Authenticate(Basic($"{Guid.NewGuid()}:secret"));
        var gone = _farm.Authenticator.Authenticate(Basic($"{deleted.Id}:secret"));
        var notUuid = _farm.Authenticator.Authenticate(Basic("worker:secret"));

        Assert.All(new[] { wrong, unknown, gone, notUuid }, r => Assert.Null(r.Worker));
        Assert.Equal(wrong.Failure, unknown.Failure);
        Assert.Equal(wrong.Failure, gone.Failure);
        Assert.Equal(worker.LastSeen, _farm.Stored(worker).LastSeen);
    }

    [Fact]
    public void Authenticate_AfterACachedSuccess_WrongSecretStillRefused()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake);
        Assert.NotNull(_farm.Authenticator.Authenticate(Basic($"{worker.Id}:secret")).Worker);

        Assert.Null(_farm.Authenticator.Authenticate(Basic($"{worker.Id}:secreT")).Worker);
        Assert.NotNull(_farm.Authenticator.Authenticate(Basic($"{worker.Id}:secret")).Worker);
    }

    [Fact]
    public void Authenticate_SecretWithColon_Accepted()
    {
        var worker = _farm.AddWorker(WorkerStatus.Awake);
        var stored = _farm.Stored(worker);
        stored.SecretHash = Manager.Workers.WorkerSecrets.Hash("a:b");
        _farm.Store.Save(stored);

        Assert.NotNull(_farm.Authenticator.Authenticate(Basic($"{worker.Id}:a:b")).Worker);
    }
}
