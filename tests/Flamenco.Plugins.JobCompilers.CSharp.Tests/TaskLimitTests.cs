using System.Diagnostics;
using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests;

/// <summary>
/// <see cref="JobCompileContext.MaxTasks"/> holds inside the helpers a C# job type calls: <c>FrameChunker</c> refuses
/// a range that makes too many chunks before building any, and <c>Author.Task</c> refuses the task past the limit.
/// </summary>
public sealed class TaskLimitTests
{
    [Fact]
    public void FrameChunker_RunawayRange_RefusedAtOnceNamingTheLimitAndTheLine()
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType("""
            foreach (var chunk in FrameChunker("1-60000000", 1)) job.AddTask(Author.Task(chunk, "misc"));
            """));
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context()));

        Assert.Equal("the frame range \"1-60000000\" in chunks of 1 makes 60,000,000 chunks, more than the limit of 1,000,000 tasks per job (max_tasks_per_job)", error.Message);
        Assert.Equal(4, error.Line);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AuthorTask_ExactlyTheLimit_CompilesAndOneMoreFails()
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType("""
            for (var i = 0; i < job.Settings.GetInt("n"); i++) job.AddTask(Author.Task($"t{i}", "misc"));
            """));
        var context = TestJobTypes.Context() with { MaxTasks = 7 };

        var atLimit = jobType.Compile(TestJobTypes.Job("""{"n": 7}"""), context);
        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job("""{"n": 8}"""), context));

        Assert.Equal(7, atLimit.Tasks.Count);
        Assert.Equal("job type test-type made more than 7 tasks, the limit of tasks per job (max_tasks_per_job)", error.Message);
    }
}
