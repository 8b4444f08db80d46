using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Flamenco.Plugins.JobCompilers.CSharp.Compilation;
using Flamenco.Plugins.JobTypes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.JobCompilers.CSharp.Caching;

/// <summary>
/// Compiled job types on disk, so a restarted Manager loads them in milliseconds instead of compiling them again
/// (seconds each with Roslyn). One file per job-type version, named by the hash of what the output depends on from
/// the job type (name, file name, text), in a folder named by the hash of everything else it depends on: this
/// plugin's build (wrapper, budget checks, author API), Roslyn's, the contracts' and the runtime's. A new build of any
/// of them uses a new folder, and the old folders are deleted.
/// </summary>
/// <remarks>
/// An entry is written to a temporary file and renamed into place, so a crash leaves either the old entry or the new
/// one; each entry ends with a SHA-256 of its content, so a truncated or damaged one is noticed, deleted and compiled
/// again. Nothing here ever fails a load: a cache that cannot be read or written is only a slower start.
/// </remarks>
internal sealed class CompiledAssemblyCache
{
    private const string EntryExtension = ".jobtype";
    private const string TemporaryExtension = ".tmp";

    /// <summary>Larger than any compiled job type could be; a length field beyond it means the entry is damaged.</summary>
    private const int MaximumSectionBytes = 64 * 1024 * 1024;

    /// <summary>Entries of job types that were removed or edited while the Manager was down go after this long unused.</summary>
    private static readonly TimeSpan UnusedEntryLifetime = TimeSpan.FromDays(30);

    private static readonly byte[] Magic = "flamenco-jobtype-cache 1\n"u8.ToArray();

    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private CompiledAssemblyCache(string directory, TimeProvider time, ILogger logger)
    {
        Directory = directory;
        _time = time;
        _logger = logger;
    }

    /// <summary>The folder of this compiler build's entries.</summary>
    public string Directory { get; }

    /// <summary>
    /// Hash of every build whose change changes the compiled output for the same job-type text. Module version ids
    /// change with each different build (deterministic builds keep them for identical input).
    /// </summary>
    public static string CompilerFingerprint { get; } = Fingerprint(
        typeof(CompiledAssemblyCache).Assembly,
        typeof(CSharpCompilation).Assembly,
        typeof(Microsoft.CodeAnalysis.Compilation).Assembly,
        typeof(JobTypeException).Assembly,
        typeof(object).Assembly);

    /// <summary>The cache in <paramref name="root"/> for this compiler build; deletes what earlier builds and crashes left there.</summary>
    public static CompiledAssemblyCache Open(string root, TimeProvider time, ILogger logger)
    {
        var cache = new CompiledAssemblyCache(Path.Combine(root, CompilerFingerprint), time, logger);
        cache.RemoveStale(root);
        return cache;
    }

    /// <summary>The entry's file for <paramref name="source"/> (whether it exists or not).</summary>
    public string EntryPath(JobTypeSource source)
    {
        var key = Encoding.UTF8.GetBytes($"{source.Name}\n{Path.GetFileName(source.FilePath)}\n{source.Text}");
        return Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(key)) + EntryExtension);
    }

    /// <summary>The compiled assembly for this exact source, or null when there is none or it cannot be trusted.</summary>
    public CompiledAssembly? TryRead(JobTypeSource source)
    {
        var path = EntryPath(source);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Cannot read the cached compile of job type {JobType} ({Path}), compiling it again: {Error}", source.Name, path, e.Message);
            return null;
        }

        if (Parse(content) is not { } compiled)
        {
            _logger.LogWarning("The cached compile of job type {JobType} ({Path}) is damaged; compiling it again", source.Name, path);
            Delete(source);
            return null;
        }
        // Used entries stay young: only those nobody loads any more age out.
        TryIo(() => File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime), "mark as used", path);
        return compiled;
    }

    /// <summary>Stores <paramref name="compiled"/> for <paramref name="source"/>, replacing any entry atomically.</summary>
    public void Write(JobTypeSource source, CompiledAssembly compiled)
    {
        var path = EntryPath(source);
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporaryExtension}";
        var written = TryIo(() =>
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(Serialize(compiled));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }, "write", path);
        if (!written) TryIo(() => File.Delete(temporary), "delete", temporary);
    }

    /// <summary>Deletes the entry of <paramref name="source"/>, if any: a version that was replaced or deleted.</summary>
    public void Delete(JobTypeSource source)
    {
        var path = EntryPath(source);
        TryIo(() => File.Delete(path), "delete", path);
    }

    /// <summary>Other builds' folders, temporary files a crash left behind, and entries unused for a long time.</summary>
    private void RemoveStale(string root)
    {
        if (!System.IO.Directory.Exists(root)) return;
        foreach (var other in System.IO.Directory.EnumerateDirectories(root).Where(d => d != Directory))
        {
            TryIo(() => System.IO.Directory.Delete(other, recursive: true), "delete", other);
        }
        if (!System.IO.Directory.Exists(Directory)) return;
        var unusedSince = (_time.GetUtcNow() - UnusedEntryLifetime).UtcDateTime;
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles())
        {
            // A temporary file is only ever written under the plugin's lock, by the process owning the data folder.
            var stale = file.Name.EndsWith(TemporaryExtension, StringComparison.Ordinal) || file.LastWriteTimeUtc < unusedSince;
            if (stale) TryIo(file.Delete, "delete", file.FullName);
        }
    }

    /// <summary>Magic, then name, image and symbols each with its length, then the SHA-256 of everything before it.</summary>
    private static byte[] Serialize(CompiledAssembly compiled)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            WriteSection(writer, Encoding.UTF8.GetBytes(compiled.Name));
            WriteSection(writer, compiled.Image);
            WriteSection(writer, compiled.Symbols);
        }
        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        return buffer.ToArray();
    }

    private static void WriteSection(BinaryWriter writer, byte[] section)
    {
        writer.Write(section.Length);
        writer.Write(section);
    }

    private static CompiledAssembly? Parse(byte[] content)
    {
        const int hashLength = SHA256.HashSizeInBytes;
        if (content.Length < Magic.Length + hashLength || !content.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return null;
        var body = content.AsSpan(0, content.Length - hashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(content.AsSpan(body.Length))) return null;

        var position = Magic.Length;
        if (ReadSection(body, ref position) is not { } name
            || ReadSection(body, ref position) is not { } image
            || ReadSection(body, ref position) is not { } symbols
            || position != body.Length)
        {
            return null;
        }
        return new CompiledAssembly(Encoding.UTF8.GetString(name), image, symbols);
    }

    private static byte[]? ReadSection(ReadOnlySpan<byte> body, ref int position)
    {
        if (body.Length - position < sizeof(int)) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(body.Slice(position, sizeof(int)));
        position += sizeof(int);
        if (length < 0 || length > MaximumSectionBytes || length > body.Length - position) return null;
        var section = body.Slice(position, length).ToArray();
        position += length;
        return section;
    }

    private bool TryIo(Action action, string what, string path)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Cannot {Action} the job-type cache file {Path}: {Error}", what, path, e.Message);
            return false;
        }
    }

    private static string Fingerprint(params Assembly[] assemblies)
    {
        var identity = string.Join("\n", assemblies.Select(a => $"{a.GetName().Name} {a.ManifestModule.ModuleVersionId}"))
            + "\n" + RuntimeInformation.FrameworkDescription;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
    }
}
