using Flamenco.Api;
using Flamenco.Manager.Farm;

namespace Flamenco.Manager.Tests.Jobs;

/// <summary>reference/manager.md §5.6.</summary>
public sealed class FarmStatusCalculatorTests
{
    [Theory]
    [InlineData(new WorkerStatus[0], new JobStatus[] { JobStatus.Active }, FarmStatus.Inoperative)]
    [InlineData(new[] { WorkerStatus.Offline, WorkerStatus.Error }, new[] { JobStatus.Active }, FarmStatus.Inoperative)]
    [InlineData(new[] { WorkerStatus.Awake, WorkerStatus.Offline }, new[] { JobStatus.Active }, FarmStatus.Active)]
    [InlineData(new[] { WorkerStatus.Asleep }, new[] { JobStatus.Active }, FarmStatus.Waiting)]
    [InlineData(new[] { WorkerStatus.Awake }, new[] { JobStatus.Queued, JobStatus.Completed }, FarmStatus.Waiting)]
    [InlineData(new[] { WorkerStatus.Asleep, WorkerStatus.Offline }, new[] { JobStatus.Completed }, FarmStatus.Asleep)]
    [InlineData(new[] { WorkerStatus.Awake, WorkerStatus.Asleep }, new[] { JobStatus.Completed }, FarmStatus.Idle)]
    public void Compute_FollowsFlamencosRules(WorkerStatus[] workers, JobStatus[] jobs, FarmStatus expected)
    {
        Assert.Equal(expected, FarmStatusCalculator.Compute(workers, () => jobs));
    }
}
