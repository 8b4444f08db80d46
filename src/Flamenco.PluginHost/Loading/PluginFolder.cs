using System.Security.Cryptography;
using System.Text;

namespace Flamenco.PluginHost.Loading;

/// <summary>
/// A sub-folder of the plugins folder. McMaster's convention: <c>&lt;plugins&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c> is the
/// plugin's main assembly; the folder also holds its private dependencies.
/// </summary>
internal sealed record PluginFolder(string Directory)
{
    public string Name => Path.GetFileName(Directory);

    public string AssemblyPath => Path.Combine(Directory, Name + ".dll");

    /// <summary>Whether the folder (still) is a plugin: it exists and holds its main assembly.</summary>
    public bool IsPlugin => File.Exists(AssemblyPath);

    /// <summary>
    /// A hash of every file in the folder (names and contents), or null when the files cannot all be read right now.
    /// Lets a refresh skip folders whose files were rewritten unchanged (a deployment copying the whole plugins tree).
    /// </summary>
    public string? Fingerprint()
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Directory, file) + "\0"));
                hash.AppendData(File.ReadAllBytes(file));
            }
            return Convert.ToHexString(hash.GetHashAndReset());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The plugin folders under <paramref name="root"/>, in name order so loading (and duplicate-id reports) are deterministic.</summary>
    public static IReadOnlyList<PluginFolder> Discover(string root) =>
        !System.IO.Directory.Exists(root)
            ? []
            : [.. System.IO.Directory.EnumerateDirectories(root)
                .Order(StringComparer.Ordinal)
                .Select(d => new PluginFolder(d))
                .Where(f => f.IsPlugin)];
}
