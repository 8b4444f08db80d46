using System.Diagnostics;
using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests;

/// <summary>A job type that runs away is stopped within its limits, the submission fails with a clear error, and the process lives on.</summary>
public sealed class RunawayTests
{
    private static readonly CSharpLimits Tight = new() { Timeout = TimeSpan.FromSeconds(1), MemoryLimitBytes = 64L * 1024 * 1024 };

    [Theory]
    [InlineData("while (true) { }")]
    [InlineData("for (;;) ;")]
    [InlineData("do { } while (job.Priority > 0);")]
    [InlineData("foreach (var i in Forever()) { }\n}\nIEnumerable<int> Forever() { while (true) yield return 1;")]
    [InlineData("again: if (job.Priority > 0) goto again;")]
    [InlineData("var words = new List<string>(); while (true) { try { words.Add(string.Concat(words.Take(2))); } finally { words.Clear(); } }")]
    public void Compile_InfiniteLoop_StoppedAtTheTimeLimit(string body)
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType(body), limits: Tight with { MemoryLimitBytes = long.MaxValue / 2 });
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context()));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Contains("exceeded its time limit of 1 s", error.Message);
        Assert.EndsWith("test-type.csx", error.FilePath);
    }

    [Fact]
    public void Compile_LoopSwallowsTheBudgetException_StillFails()
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType("""
            var spins = 0;
            try { while (true) spins++; } catch (Exception) { }
            job.AddTask(Author.Task("escaped", "misc"));
            """), limits: Tight);

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context()));

        Assert.Contains("exceeded its time limit", error.Message);
    }

    [Fact]
    public void Compile_UnboundedAllocation_StoppedAtTheMemoryLimit()
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType("""
            var hoard = new List<byte[]>();
            while (true) hoard.Add(new byte[1024 * 1024]);
            """), limits: Tight with { Timeout = TimeSpan.FromSeconds(60) });

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context()));

        Assert.Equal("job type test-type exceeded its memory limit of 64 MB", error.Message);
        Assert.Equal(5, error.Line);
    }

    [Theory]
    [InlineData("Deeper(1);\n}\nint Deeper(int depth) => Deeper(depth + 1) + 1;\nvoid Unused() {")]
    [InlineData("Deeper(1);\n}\nint Deeper(int depth) { return Deeper(depth + 1) + 1; }\nvoid Unused() {")]
    [InlineData("Func<int, int> down = null!; down = depth => down(depth + 1) + 1; down(1);")]
    [InlineData("Func<int, int> down = null!; down = depth => down(depth + 1) + 1; while (true) { try { down(1); } catch { } }")]
    [InlineData("_ = new Nested().Value;\n}\nclass Nested { public int Value => Value + 1; }\nvoid Unused() {")]
    public void Compile_RunawayRecursion_StoppedBeforeTheStackOverflows(string body)
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType(body), limits: Tight with { Timeout = TimeSpan.FromSeconds(60) });

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context()));

        Assert.Contains("exceeded its recursion depth limit", error.Message);
    }

    [Fact]
    public void Compile_RunawayInTheTopLevel_LoadFails()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Load("""
            while (true) { }
            JobType = new() { Label = "never" };
            void CompileJob(Job job) { }
            """, limits: Tight));

        Assert.Contains("exceeded its time limit", error.Message);
    }

    [Fact]
    public void Compile_SubmissionCanceled_StopsWithCanceledError()
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType("while (true) { }"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context(cancellationToken: cancellation.Token)));

        Assert.Equal("compiling with job type test-type was canceled", error.Message);
    }

    [Fact]
    public void Compile_AfterARunaway_TheSameJobTypeStillWorks()
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType("""
            if (job.Settings.GetBool("spin") == true) while (true) { }
            job.AddTask(Author.Task("fine", "misc"));
            """), limits: Tight);

        Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job("""{"spin": true}"""), TestJobTypes.Context()));
        var job = jobType.Compile(TestJobTypes.Job("""{"spin": false}"""), TestJobTypes.Context());

        Assert.Equal("fine", Assert.Single(job.Tasks).Name);
    }
}
