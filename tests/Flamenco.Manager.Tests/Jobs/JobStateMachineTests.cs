using Flamenco.Api;
using Job = Flamenco.Manager.Jobs.Job;
using Flamenco.Manager.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Flamenco.Manager.Tests.Jobs;

/// <summary>The status ripple of reference/manager.md §4, cases §8.4 47–58.</summary>
public sealed class JobStateMachineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly JobStateMachine _machine;

    public JobStateMachineTests() => _machine = new JobStateMachine(_time);

    [Fact]
    public void ChangeTaskStatus_QueuedToActive_JobBecomesActive()
    {
        var (job, tasks) = Job(JobStatus.Queued, TaskStatus.Queued);

        _machine.ChangeTaskStatus(job, tasks, tasks[0], TaskStatus.Active);

        Assert.Equal(TaskStatus.Active, tasks[0].Status);
        Assert.Equal(JobStatus.Active, job.Status);
        Assert.Equal("Changed to status \"active\": task became active", job.Activity);
    }

    [Fact]
    public void ChangeTaskStatus_LastTaskCompletes_JobCompletesAndStepsAreFull()
    {
        var (job, tasks) = Job(JobStatus.Active, TaskStatus.Active, TaskStatus.Active, TaskStatus.Active);

        _machine.ChangeTaskStatus(job, tasks, tasks[0], TaskStatus.Completed);
        Assert.Equal((JobStatus.Active, 1), (job.Status, tasks[0].StepsCompleted));
        _machine.ChangeTaskStatus(job, tasks, tasks[1], TaskStatus.SoftFailed);
        Assert.Equal(JobStatus.Active, job.Status);
        _machine.ChangeTaskStatus(job, tasks, tasks[1], TaskStatus.Completed);
        _machine.ChangeTaskStatus(job, tasks, tasks[2], TaskStatus.Completed);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal((3, 3), (job.StepsCompleted, job.StepsTotal));
    }

    [Fact]
    public void ChangeTaskStatus_OnePercentFailed_QueuedJobBecomesActive()
    {
        var (job, tasks) = Job(JobStatus.Queued, Enumerable.Repeat(TaskStatus.Queued, 100).ToArray());

        _machine.ChangeTaskStatus(job, tasks, tasks[0], TaskStatus.Failed);

        Assert.Equal(JobStatus.Active, job.Status);
    }

    [Fact]
    public void ChangeTaskStatus_TenPercentFailed_JobFailsAndRunnableTasksAreCanceled()
    {
        var statuses = Enumerable.Repeat(TaskStatus.Failed, 9).Concat(Enumerable.Repeat(TaskStatus.Queued, 90)).Append(TaskStatus.Active).ToArray();
        var (job, tasks) = Job(JobStatus.Active, statuses);

        var changes = _machine.ChangeTaskStatus(job, tasks, tasks[^1], TaskStatus.Failed);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.All(tasks.Skip(9).Take(90), t => Assert.Equal(TaskStatus.Canceled, t.Status));
        Assert.Equal("Manager cancelled this task because the job got status \"failed\".", tasks[50].Activity);
        Assert.Equal(91, changes.Tasks.Count);
    }

    [Fact]
    public void ChangeTaskStatus_RequeueOneTaskOfCompletedJob_OnlyThatTaskIsQueued()
    {
        var (job, tasks) = Job(JobStatus.Completed, TaskStatus.Completed, TaskStatus.Completed);

        _machine.ChangeTaskStatus(job, tasks, tasks[0], TaskStatus.Queued);

        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(TaskStatus.Completed, tasks[1].Status);
        Assert.Equal((0, 1), (tasks[0].StepsCompleted, job.StepsCompleted));
    }

    [Fact]
    public void ChangeTaskStatus_CancelRunnableTasksOneByOne_JobCanceledWithTheLast()
    {
        var (job, tasks) = Job(JobStatus.Active, TaskStatus.Active, TaskStatus.Queued, TaskStatus.Failed, TaskStatus.Paused);

        _machine.ChangeTaskStatus(job, tasks, tasks[0], TaskStatus.Canceled);
        Assert.Equal(JobStatus.Active, job.Status);
        _machine.ChangeTaskStatus(job, tasks, tasks[1], TaskStatus.Canceled);

        Assert.Equal(JobStatus.Canceled, job.Status);
        Assert.Equal((TaskStatus.Failed, TaskStatus.Paused), (tasks[2].Status, tasks[3].Status));
    }

    [Fact]
    public void ChangeTaskStatus_SoftFailWhilePauseRequested_PauseRequestIsKept()
    {
        var (job, tasks) = Job(JobStatus.PauseRequested, TaskStatus.Active, TaskStatus.Paused);

        _machine.ChangeTaskStatus(job, tasks, tasks[0], TaskStatus.SoftFailed);

        Assert.Equal(JobStatus.PauseRequested, job.Status);
    }

    [Fact]
    public void ChangeTaskStatus_LastActiveTaskCompletesWhilePauseRequested_JobPaused()
    {
        var (job, tasks) = Job(JobStatus.PauseRequested, TaskStatus.Active, TaskStatus.Paused);

        _machine.ChangeTaskStatus(job, tasks, tasks[0], TaskStatus.Completed);

        Assert.Equal(JobStatus.Paused, job.Status);
    }

    [Fact]
    public void ChangeJobStatus_RequeueingActiveJob_RequeuesUnfinishedTasksAndKeepsCompleted()
    {
        var (job, tasks) = Job(JobStatus.Active, TaskStatus.Completed, TaskStatus.Canceled, TaskStatus.Failed, TaskStatus.Paused, TaskStatus.SoftFailed, TaskStatus.Active);

        _machine.ChangeJobStatus(job, tasks, JobStatus.Requeueing, "someone pushed a button");

        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(TaskStatus.Completed, tasks[0].Status);
        Assert.All(tasks.Skip(1).Take(4), t => Assert.Equal(TaskStatus.Queued, t.Status));
        Assert.Equal(TaskStatus.Active, tasks[5].Status);
        Assert.Equal("Queued because job transitioned status from \"active\" to \"requeueing\"", tasks[1].Activity);
        Assert.Equal((1, 6), (job.StepsCompleted, job.StepsTotal));
    }

    [Fact]
    public void ChangeJobStatus_RequeueingCompletedJob_AllTasksQueuedAndJobQueued()
    {
        var (job, tasks) = Job(JobStatus.Completed, TaskStatus.Completed, TaskStatus.Completed);

        _machine.ChangeJobStatus(job, tasks, JobStatus.Requeueing, "again");

        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.All(tasks, t => Assert.Equal(TaskStatus.Queued, t.Status));
    }

    [Fact]
    public void ChangeJobStatus_CancelRequested_CancelsRunnableTasksAndEndsCanceled()
    {
        var (job, tasks) = Job(JobStatus.Active, TaskStatus.Completed, TaskStatus.Active, TaskStatus.Queued, TaskStatus.SoftFailed);

        _machine.ChangeJobStatus(job, tasks, JobStatus.CancelRequested, "user asked");

        Assert.Equal(JobStatus.Canceled, job.Status);
        Assert.Equal(TaskStatus.Completed, tasks[0].Status);
        Assert.All(tasks.Skip(1), t => Assert.Equal(TaskStatus.Canceled, t.Status));
        Assert.Equal("Manager cancelled this task because the job got status \"cancel-requested\".", tasks[1].Activity);
    }

    [Theory]
    [InlineData(false, JobStatus.Paused)]
    [InlineData(true, JobStatus.PauseRequested)]
    public void ChangeJobStatus_PauseRequested_PausesQueuedTasksAndWaitsForActiveOnes(bool oneActive, JobStatus expected)
    {
        var (job, tasks) = Job(JobStatus.Active, TaskStatus.Completed, oneActive ? TaskStatus.Active : TaskStatus.Queued, TaskStatus.Queued, TaskStatus.SoftFailed);

        _machine.ChangeJobStatus(job, tasks, JobStatus.PauseRequested, "lunch");

        Assert.Equal(expected, job.Status);
        Assert.Equal(TaskStatus.Paused, tasks[2].Status);
        Assert.Equal(TaskStatus.Paused, tasks[3].Status);
        Assert.Equal("Manager paused this task because the job got status \"pause-requested\".", tasks[2].Activity);
    }

    [Fact]
    public void ChangeJobStatus_CancelWhilePauseRequested_EndsCanceled()
    {
        var (job, tasks) = Job(JobStatus.PauseRequested, TaskStatus.Active, TaskStatus.Paused);

        _machine.ChangeJobStatus(job, tasks, JobStatus.CancelRequested, "never mind");

        Assert.Equal(JobStatus.Canceled, job.Status);
        Assert.Equal(TaskStatus.Canceled, tasks[0].Status);
    }

    private static (Job, List<JobTask>) Job(JobStatus status, params TaskStatus[] taskStatuses)
    {
        var job = new Job { Id = Guid.NewGuid(), Status = status };
        var tasks = taskStatuses.Select((s, i) => new JobTask
        {
            Id = Guid.NewGuid(), JobId = job.Id, IndexInJob = i + 1, Status = s, StepsTotal = 1,
            StepsCompleted = s == TaskStatus.Completed ? 1 : 0,
        }).ToList();
        job.TaskCounts = TaskStatusCounts.Of(tasks);
        job.StepsCompleted = tasks.Sum(t => t.StepsCompleted);
        job.StepsTotal = tasks.Sum(t => t.StepsTotal);
        return (job, tasks);
    }
}
