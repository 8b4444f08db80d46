using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Flamenco.Manager.Persistence;

namespace Flamenco.Manager.Workers;

/// <summary>
/// Checks a worker's HTTP Basic credentials (<c>worker_uuid:secret</c>) and marks the worker seen.
/// A full hash check happens once per worker and secret; after that a poll costs a SHA-256 and one read of the worker,
/// compared in constant time against the digest of the secret that last passed the check.
/// </summary>
public sealed class WorkerAuthenticator(IWorkerStore store, WorkerPresence presence)
{
    private readonly ConcurrentDictionary<Guid, VerifiedCredential> _verified = new();

    /// <summary>The worker the header authenticates, or why it does not.</summary>
    public AuthenticationResult Authenticate(string? authorizationHeader)
    {
        if (!TryParseBasic(authorizationHeader, out var user, out var secret, out var problem)) return AuthenticationResult.Fail(problem);
        if (!Guid.TryParse(user, out var workerId)) return AuthenticationResult.Fail("the user name must be the worker's UUID");

        var worker = store.Find(workerId);
        if (worker is null || worker.DeletedAt is not null || !SecretMatches(worker, secret))
        {
            // One message for all three, so the answer does not reveal which worker IDs exist.
            return AuthenticationResult.Fail("unknown worker or wrong secret; register again");
        }
        presence.Seen(worker);
        return AuthenticationResult.Success(worker);
    }

    /// <summary>Forgets a worker's verified secret (it was deleted or re-registered).</summary>
    public void Forget(Guid workerId) => _verified.TryRemove(workerId, out _);

    private bool SecretMatches(Worker worker, string secret)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        if (_verified.TryGetValue(worker.Id, out var known) && known.SecretHash == worker.SecretHash)
        {
            return CryptographicOperations.FixedTimeEquals(known.Digest, digest);
        }
        if (!WorkerSecrets.Verify(secret, worker.SecretHash)) return false;
        _verified[worker.Id] = new VerifiedCredential(worker.SecretHash, digest);
        return true;
    }

    private static bool TryParseBasic(string? header, out string user, out string secret, out string problem)
    {
        user = secret = "";
        problem = "";
        if (string.IsNullOrWhiteSpace(header))
        {
            problem = "authentication required: send HTTP Basic credentials worker_uuid:secret";
            return false;
        }
        const string prefix = "Basic ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            problem = "authentication must be HTTP Basic (worker_uuid:secret)";
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[prefix.Length..].Trim()));
        }
        catch (FormatException)
        {
            problem = "the Basic credentials are not valid base64";
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1)
        {
            problem = "the Basic credentials must be worker_uuid:secret, both non-empty";
            return false;
        }
        user = decoded[..colon];
        secret = decoded[(colon + 1)..];
        return true;
    }

    private sealed record VerifiedCredential(string SecretHash, byte[] Digest);
}

/// <summary>The outcome of <see cref="WorkerAuthenticator.Authenticate"/>: a worker, or a failure message.</summary>
public sealed record AuthenticationResult(Worker? Worker, string Failure)
{
    public static AuthenticationResult Success(Worker worker) => new(worker, "");

    public static AuthenticationResult Fail(string failure) => new(null, failure);
}
