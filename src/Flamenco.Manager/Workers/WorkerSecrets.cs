using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Flamenco.Manager.Workers;

/// <summary>
/// Worker secrets, stored only as salted PBKDF2-SHA256 hashes (<c>pbkdf2-sha256$iterations$salt$hash</c>).
/// The real worker's secret is 32 random bytes (worker-and-shaman.md §1.3), so stretching matters only for
/// hand-made secrets; what the hash guarantees is that a copied database holds no usable credentials.
/// Upstream uses bcrypt at cost 4; this is in the same spirit, with more work.
/// </summary>
internal static class WorkerSecrets
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 20_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="secret"/> matches <paramref name="storedHash"/>; compares in constant time.</summary>
    public static bool Verify(string secret, string storedHash)
    {
        var parts = storedHash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations <= 0)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
