using Flamenco.Plugins.JobCompilers.CSharp.Caching;
using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;
using Flamenco.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests;

/// <summary>
/// Compiled job types kept in the host's cache folder: a new compiler (a restarted Manager) loads them instead of
/// compiling; a damaged entry is compiled again; replaced, deleted and stale entries go away.
/// </summary>
public sealed class CacheTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("flamenco-csx-cache-").FullName;
    private readonly string _jobTypes = Directory.CreateTempSubdirectory("flamenco-csx-files-").FullName;

    [Fact]
    public void Load_WithCacheFolder_WritesOneEntry_WhichANewCompilerLoadsInsteadOfCompiling()
    {
        var first = Source("cached", "Label A");
        new CSharpJobCompiler(TestJobTypes.TestLimits).Load(first);
        var entry = Assert.Single(Entries());

        // Another job type's key pointing at this entry: a compiler that loads it from the cache gets label A, one
        // that compiled the text would get label B.
        var other = Source("other", "Label B");
        File.Copy(entry, OpenCache().EntryPath(other));
        var fromCache = new CSharpJobCompiler(TestJobTypes.TestLimits).Load(other);

        Assert.Equal("Label A", fromCache.Info.Label);
        Assert.Equal(2, Entries().Count);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped byte")]
    [InlineData("empty")]
    public void Load_DamagedEntry_IsCompiledAgainAndRewritten(string damage)
    {
        var source = Source("damaged", "Intact");
        new CSharpJobCompiler(TestJobTypes.TestLimits).Load(source);
        var entry = Assert.Single(Entries());
        var intact = File.ReadAllBytes(entry);
        var damaged = damage switch
        {
            "truncated" => intact[..(intact.Length / 2)],
            "flipped byte" => [.. intact[..^100], (byte)(intact[^100] ^ 0xff), .. intact[^99..]],
            _ => [],
        };
        File.WriteAllBytes(entry, damaged);
        var logger = new CapturingLogger();

        var reloaded = new CSharpJobCompiler(TestJobTypes.TestLimits, logger).Load(source);

        Assert.Equal("Intact", reloaded.Info.Label);
        Assert.Equal(intact, File.ReadAllBytes(entry)); // deterministic compile: the same bytes again
        Assert.Contains(logger.Entries, e => e.Message.Contains("is damaged; compiling it again", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_EditedFile_WritesANewEntryAndDeletesTheReplacedOne()
    {
        var compiler = new CSharpJobCompiler(TestJobTypes.TestLimits);
        var version1 = Source("edited", "Version 1");
        compiler.Load(version1);
        var entry1 = Assert.Single(Entries());

        var version2 = version1 with { Text = JobType("Version 2") };
        var loaded = compiler.Load(version2);

        Assert.Equal("Version 2", loaded.Info.Label);
        var entry2 = Assert.Single(Entries());
        Assert.NotEqual(entry1, entry2);
        Assert.Equal(OpenCache().EntryPath(version2), entry2);
    }

    [Fact]
    public void Forget_DeletesTheFilesEntry()
    {
        var compiler = new CSharpJobCompiler(TestJobTypes.TestLimits);
        var source = Source("deleted", "Gone soon");
        compiler.Load(source);
        Assert.Single(Entries());

        compiler.Forget(source.FilePath);

        Assert.Empty(Entries());
    }

    [Fact]
    public void Load_FirstUse_RemovesOtherBuildsLeftoverTemporaryFilesAndLongUnusedEntries()
    {
        var current = OpenCache().Directory;
        var otherBuild = Directory.CreateDirectory(Path.Combine(_cache, "0123456789abcdef")).FullName;
        File.WriteAllText(Path.Combine(otherBuild, "old.jobtype"), "from an earlier build");
        Directory.CreateDirectory(current);
        var leftover = Path.Combine(current, "crashed.jobtype.0a1b.tmp");
        File.WriteAllText(leftover, "half written");
        var unused = Path.Combine(current, "unused.jobtype");
        File.WriteAllText(unused, "a job type deleted while the Manager was down");
        File.SetLastWriteTimeUtc(unused, (TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(31)).UtcDateTime);
        var recent = Path.Combine(current, "recent.jobtype");
        File.WriteAllText(recent, "used last week");
        File.SetLastWriteTimeUtc(recent, (TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(7)).UtcDateTime);

        new CSharpJobCompiler(TestJobTypes.TestLimits).Load(Source("fresh", "Fresh"));

        Assert.False(Directory.Exists(otherBuild));
        Assert.False(File.Exists(leftover));
        Assert.False(File.Exists(unused));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void Load_WithoutCacheFolder_WritesNothing()
    {
        var source = Source("uncached", "No cache") with { CacheDirectory = null };

        new CSharpJobCompiler(TestJobTypes.TestLimits).Load(source);

        Assert.Empty(Directory.EnumerateFileSystemEntries(_cache));
    }

    public void Dispose()
    {
        Directory.Delete(_cache, recursive: true);
        Directory.Delete(_jobTypes, recursive: true);
    }

    private JobTypeSource Source(string name, string label) => new()
    {
        Name = name,
        FilePath = Path.Combine(_jobTypes, name + ".csx"),
        Text = JobType(label),
        CacheDirectory = _cache,
    };

    private static string JobType(string label) => $$"""
        JobType = new() { Label = "{{label}}" };
        void CompileJob(Job job)
        {
        }
        """;

    private CompiledAssemblyCache OpenCache() => CompiledAssemblyCache.Open(_cache, TimeProvider.System, NullLogger.Instance);

    private List<string> Entries()
    {
        var directory = Path.Combine(_cache, CompiledAssemblyCache.CompilerFingerprint);
        return Directory.Exists(directory) ? [.. Directory.EnumerateFiles(directory, "*.jobtype")] : [];
    }
}
