using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests.JobTypes;

/// <summary>The shipped <c>jobtypes/echo-sleep-test.js</c>.</summary>
public sealed class EchoSleepTestTests
{
    private static readonly IJobType JobType = Scripts.LoadShipped("echo-sleep-test");

    [Fact]
    public void Info_ShippedFile_HasFlamencosEtag()
    {
        var info = JobType.Info;

        Assert.Equal("echo-sleep-test", info.Name);
        Assert.Equal("Echo Sleep Test", info.Label);
        Assert.Null(info.Description);
        Assert.Equal("eba586e16d6b55baaa43e32f9e78ae514b457fee", info.Etag);
    }

    [Fact]
    public void Compile_OnlyMessage_GivesOnlyTheEchoTask()
    {
        var job = JobType.Compile(Scripts.Job("""{"message": "hey"}""", "echo-sleep-test"), Scripts.Context());

        var echo = Assert.Single(job.Tasks);
        Assert.Equal("echo", echo.Name);
        Assert.Equal("misc", echo.Type);
        Assert.Equal(50, echo.Priority);
        var command = Assert.Single(echo.Commands);
        Assert.Equal("echo", command.Name);
        Scripts.AssertJson("""{"message": "hey"}""", command.Parameters);
    }

    [Fact]
    public void Compile_TwoRepeats_GivesSleepTasksDependingOnEcho()
    {
        var job = JobType.Compile(Scripts.Job("""{"message": "m", "sleep_duration_seconds": 3, "sleep_repeats": 2}""", "echo-sleep-test"), Scripts.Context());

        Assert.Equal(["echo", "sleep", "sleep"], job.Tasks.Select(t => t.Name));
        Assert.All(job.Tasks, t => Assert.Equal("misc", t.Type));
        Assert.All(job.Tasks, t => Assert.Equal(0, Assert.Single(t.Commands).TotalStepCount));
        foreach (var sleep in job.Tasks.Skip(1))
        {
            Assert.Equal("sleep", sleep.Commands[0].Name);
            Scripts.AssertJson("""{"duration_in_seconds": 3}""", sleep.Commands[0].Parameters);
            Assert.Equal([job.Tasks[0].Id], sleep.Dependencies);
        }
        Assert.NotEqual(job.Tasks[1].Id, job.Tasks[2].Id);
    }
}
