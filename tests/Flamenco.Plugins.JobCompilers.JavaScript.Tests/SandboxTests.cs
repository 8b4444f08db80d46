using System.Diagnostics;
using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;
using Flamenco.Testing;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests;

/// <summary>
/// Runaway scripts stop within the configured limits with a clear error, and the compiler (and the process) carries on.
/// </summary>
public sealed class SandboxTests
{
    private static readonly JavaScriptLimits Generous = new()
    {
        Timeout = TimeSpan.FromSeconds(30),
        MaxStatements = 1_000_000_000,
        MemoryLimitBytes = 2L * 1024 * 1024 * 1024,
        MaxRecursionDepth = 256,
    };

    [Fact]
    public void Compile_InfiniteLoop_StopsAtTimeLimit()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("while (true) {}"), name: "echo-sleep-test", limits: Generous with { Timeout = TimeSpan.FromSeconds(1) });
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Equal("job type echo-sleep-test exceeded its time limit of 1 s", error.Message);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        AssertStillCompiles(jobType);
    }

    [Fact]
    public void Load_InfiniteLoopAtTopLevel_StopsAtTimeLimit()
    {
        var error = Assert.Throws<JobTypeException>(() =>
            Scripts.Load("for (;;) {}\n" + Scripts.WithJobType(""), limits: Generous with { Timeout = TimeSpan.FromMilliseconds(500) }));

        Assert.Equal("job type test-type exceeded its time limit of 0.5 s", error.Message);
    }

    [Fact]
    public void Compile_InfiniteLoopInsideHostCalls_StopsAtTimeLimit()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("for (;;) { frameChunker('1-100', 1); path.join('a', 'b'); }"), limits: Generous with { Timeout = TimeSpan.FromSeconds(1) });

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Contains("exceeded its time limit of 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TooManyStatements_StopsAtStatementLimit()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("let i = 0; while (true) { i++; }"), limits: Generous with { MaxStatements = 100_000 });

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Equal("job type test-type exceeded its limit of 100,000 statements", error.Message);
        AssertStillCompiles(jobType);
    }

    [Fact]
    public void Compile_HugeAllocation_StopsAtMemoryLimit()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("const a = []; while (true) { a.push('x'.repeat(1000) + a.length); }"), limits: Generous with { MemoryLimitBytes = 64L * 1024 * 1024 });
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Equal("job type test-type exceeded its memory limit of 64 MB", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        AssertStillCompiles(jobType);
    }

    [Fact]
    public void Compile_HugeArrayAtOnce_StopsWithError()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("const a = new Array(2e9).fill(1);"), limits: Generous with { MemoryLimitBytes = 64L * 1024 * 1024 });

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Equal("job type test-type exceeded its memory limit of 64 MB", error.Message);
        AssertStillCompiles(jobType);
    }

    [Fact]
    public void Compile_DeepRecursion_StopsAtRecursionLimit()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("function down(n) { return down(n + 1) + 1; }\ndown(0);"), limits: Generous with { MaxRecursionDepth = 100 });

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.StartsWith("job type test-type exceeded its recursion depth limit of 100 nested calls", error.Message, StringComparison.Ordinal);
        AssertStillCompiles(jobType);
    }

    [Fact]
    public void Compile_DeepRecursionThroughGetter_Stops()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("const o = { get x() { return this.x; } }; o.x;"), limits: Generous);

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Contains("recursion", error.Message, StringComparison.OrdinalIgnoreCase);
        AssertStillCompiles(jobType);
    }

    [Fact]
    public void Compile_DeepRecursionOnSmallStack_StopsWithoutCrashing()
    {
        // A thread with a small stack: the recursion limit and Jint's stack guard must stop the script first.
        var jobType = Scripts.Load(Scripts.WithJobType("function down(n) { return [down(n + 1)]; }\ndown(0);"), limits: Generous with { MaxRecursionDepth = 100_000 });
        Exception? caught = null;
        var thread = new Thread(() => caught = Record(() => jobType.Compile(Scripts.Job(), Scripts.Context())), 512 * 1024);

        thread.Start();
        thread.Join();

        var error = Assert.IsType<JobTypeException>(caught);
        Assert.Contains("call stack", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Compile_Canceled_StopsPromptly()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("while (true) {}"), limits: Generous);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context(cancellationToken: cancellation.Token)));

        Assert.Equal("compiling with job type test-type was canceled", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        AssertStillCompiles(jobType);
    }

    [Fact]
    public void Compile_AlreadyCanceled_DoesNotRun()
    {
        var logger = new CapturingLogger();
        var jobType = Scripts.Load("print('ran');\n" + Scripts.WithJobType(""), limits: Generous);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context(logger, cancellation.Token)));

        Assert.Equal("compiling with job type test-type was canceled", error.Message);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void Compile_LimitErrorCaughtByScript_StillStops()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("while (true) { try { while (true) {} } catch (e) { } }"), limits: Generous with { Timeout = TimeSpan.FromMilliseconds(500) });

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Contains("exceeded its time limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Concurrently_GivesIndependentResults()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("for (const c of frameChunker(job.settings.frames, 1)) job.addTask(author.Task('render-' + c, 'blender'));"));

        var counts = Enumerable.Range(1, 16).AsParallel().WithDegreeOfParallelism(4)
            .Select(n => (n, jobType.Compile(Scripts.Job($$"""{"frames": "1-{{n * 10}}"}"""), Scripts.Context()).Tasks.Count))
            .ToList();

        Assert.All(counts, c => Assert.Equal(c.n * 10, c.Count));
    }

    [Fact]
    public void Engine_ClrAccess_IsNotAvailable()
    {
        var result = Scripts.Evaluate("[typeof System, typeof importNamespace, typeof author.Task('a', 'b').getType]");

        Scripts.AssertJson("""["undefined", "undefined", "undefined"]""", result);
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static void AssertStillCompiles(IJobType jobType)
    {
        var healthy = Scripts.Load(Scripts.WithJobType("job.addTask(author.Task('ok', 'misc'));"));
        Assert.Single(healthy.Compile(Scripts.Job(), Scripts.Context()).Tasks);
        Assert.NotNull(jobType.Info);
    }
}
