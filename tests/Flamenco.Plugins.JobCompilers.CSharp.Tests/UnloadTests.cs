using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Flamenco.Testing;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests;

/// <summary>Each file version is compiled once into its own collectible load context, which goes away when the file changes.</summary>
public sealed class UnloadTests
{
    [Fact]
    public void Load_SameContentTwice_CompiledOnce()
    {
        var compiler = new CSharpJobCompiler(TestJobTypes.TestLimits);
        var source = TestJobTypes.Source(Version(1), "compiled-once");

        var first = compiler.Load(source);
        var second = compiler.Load(source with { });

        Assert.Same(first, second);
        Assert.Single(LoadContexts("compiled-once"));
    }

    [Fact]
    public void Load_200Edits_OldVersionsAreCollectedAndMemoryStaysFlat()
    {
        var compiler = new CSharpJobCompiler(TestJobTypes.TestLimits);
        var firstContext = LoadAndRun(compiler, 0);
        long? memoryAfterWarmUp = null;

        for (var edit = 1; edit < 200; edit++)
        {
            LoadAndRun(compiler, edit);
            if (edit == 20) memoryAfterWarmUp = SettledMemory();
        }
        var memoryAtEnd = SettledMemory();

        Assert.False(firstContext.IsAlive, "the first version's load context was never collected");
        Assert.InRange(LoadContexts("edited").Count, 1, 3);
        Assert.InRange(memoryAtEnd - memoryAfterWarmUp!.Value, long.MinValue, 16L * 1024 * 1024);
    }

    [Fact]
    public void Forget_FileDeleted_ItsLoadContextIsCollected()
    {
        var compiler = new CSharpJobCompiler(TestJobTypes.TestLimits);
        var context = LoadAndRun(compiler, 1, "deleted");

        compiler.Forget(TestJobTypes.Source("", "deleted").FilePath);

        Assert.True(Unloads.WaitForCollection(context), "the deleted file's load context was not collected");
        Assert.Empty(LoadContexts("deleted"));
    }

    /// <summary>Version <paramref name="edit"/> of a job type that exercises what could pin a context: anonymous types, lambdas, nested types.</summary>
    private static string Version(int edit) => $$"""
        JobType = new() { Label = "Edit {{edit}}", Settings = [new() { Key = "frames", Type = "string", Default = new { from = 1, to = {{edit}} } }] };
        record Chunk(string Frames);
        void CompileJob(Job job)
        {
            foreach (var chunk in FrameChunker("1-{{edit + 10}}", 4).Select(f => new Chunk(f)))
            {
                var task = Author.Task($"render-{chunk.Frames}", "misc");
                task.AddCommand(Author.Command("echo", new { message = chunk.Frames, edit = {{edit}} }));
                job.AddTask(task);
            }
            Print(new { edit = {{edit}} });
        }
        """;

    /// <summary>Loads and runs one version; returns a weak reference to its load context. Not inlined, so no local keeps it alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndRun(CSharpJobCompiler compiler, int edit, string name = "edited")
    {
        var jobType = compiler.Load(TestJobTypes.Source(Version(edit), name));
        var job = jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context());
        Assert.Equal((edit + 10 + 3) / 4, job.Tasks.Count); // one task per chunk of 4 frames
        return new WeakReference(LoadContexts(name).Last());
    }

    private static List<AssemblyLoadContext> LoadContexts(string jobTypeName) =>
        [.. AssemblyLoadContext.All.Where(c => c.Name?.StartsWith($"flamenco-jobtype-{jobTypeName}-", StringComparison.Ordinal) == true)];

    private static long SettledMemory()
    {
        for (var round = 0; round < 5; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
