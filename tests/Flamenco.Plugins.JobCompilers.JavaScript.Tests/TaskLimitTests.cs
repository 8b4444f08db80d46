using System.Diagnostics;
using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests;

/// <summary>
/// <see cref="JobCompileContext.MaxTasks"/> holds inside host calls: the frame chunker refuses a range that makes too
/// many chunks before building any, and <c>author.Task</c> refuses the task past the limit; scripts cannot catch either.
/// </summary>
public sealed class TaskLimitTests
{
    [Fact]
    public void FrameChunker_RunawayRange_RefusedAtOnceNamingTheLimit()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("for (const c of frameChunker('1-100000000', 1)) { job.addTask(author.Task(c, 'misc')); }"));
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Equal("the frame range \"1-100000000\" in chunks of 1 makes 100,000,000 chunks, more than the limit of 1,000,000 tasks per job (max_tasks_per_job)", error.Message);
        Assert.Equal("test-type.js", Path.GetFileName(error.FilePath));
        // Generous: before the limit this took 30 s and more, building every chunk first.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void FrameChunker_LimitCaughtByTheScript_StillFails()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("try { frameChunker('1-20', 1); } catch (e) { job.addTask(author.Task('caught', 'misc')); }"));

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context() with { MaxTasks = 10 }));

        Assert.Contains("makes 20 chunks, more than the limit of 10 tasks per job", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthorTask_ExactlyTheLimit_CompilesAndOneMoreFails()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("for (let i = 0; i < job.settings.n; i++) job.addTask(author.Task('t' + i, 'misc'));"));
        var context = Scripts.Context() with { MaxTasks = 7 };

        var atLimit = jobType.Compile(Scripts.Job("""{"n": 7}"""), context);
        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job("""{"n": 8}"""), context));

        Assert.Equal(7, atLimit.Tasks.Count);
        Assert.Equal("job type test-type made more than 7 tasks, the limit of tasks per job (max_tasks_per_job)", error.Message);
    }

    [Fact]
    public void FrameChunker_ChunksUpToTheLimit_AllMade()
    {
        var job = Scripts.Load(Scripts.WithJobType("job.settings.chunks = frameChunker('1-10,20-29', 4);")).Compile(Scripts.Job(), Scripts.Context() with { MaxTasks = 5 });

        Scripts.AssertJson("""["1-4","5-8","9,10,20,21","22-25","26-29"]""", job.Settings.GetProperty("chunks"));
    }
}
