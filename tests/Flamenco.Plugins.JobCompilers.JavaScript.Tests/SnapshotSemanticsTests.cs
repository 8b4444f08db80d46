using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests;

/// <summary>
/// <c>job.addTask(task)</c> stores a copy of the task as it is at that moment, like Flamenco's copy of the Go struct:
/// later changes to the task are lost, dependencies stay references resolved at the end.
/// </summary>
public sealed class SnapshotSemanticsTests
{
    [Fact]
    public void AddCommand_AfterAddTask_IsLost()
    {
        var job = Scripts.Compile("""
            const t = author.Task('t', 'misc');
            t.addCommand(author.Command('before', {}));
            job.addTask(t);
            t.addCommand(author.Command('after', {}));
            """);

        Assert.Equal(["before"], job.Tasks[0].Commands.Select(c => c.Name));
    }

    [Fact]
    public void AddDependency_AfterAddTask_IsLost()
    {
        var job = Scripts.Compile("""
            const a = author.Task('a', 'misc'); job.addTask(a);
            const b = author.Task('b', 'misc'); job.addTask(b);
            b.addDependency(a);
            """);

        Assert.Empty(job.Tasks[1].Dependencies);
    }

    [Fact]
    public void FieldChanges_AfterAddTask_AreLost()
    {
        var job = Scripts.Compile("""
            const t = author.Task('t', 'misc'); job.addTask(t);
            t.name = 'renamed'; t.type = 'other'; t.priority = 99;
            """);

        Assert.Equal("t", job.Tasks[0].Name);
        Assert.Equal("misc", job.Tasks[0].Type);
        Assert.Equal(50, job.Tasks[0].Priority);
    }

    [Fact]
    public void DependencyOnAddedTask_AddedAfterThatTaskWasAdded_Works()
    {
        var job = Scripts.Compile("""
            const render = author.Task('render', 'blender'); job.addTask(render);
            const video = author.Task('video', 'ffmpeg'); video.addDependency(render); job.addTask(video);
            """);

        Assert.Equal([job.Tasks[0].Id], job.Tasks[1].Dependencies);
    }

    [Fact]
    public void AddCommand_ThenChangingCommand_DoesNotChangeTask()
    {
        var job = Scripts.Compile("""
            const c = author.Command('original', {a: 1});
            const t = author.Task('t', 'misc'); t.addCommand(c); job.addTask(t);
            c.name = 'changed';
            """);

        Assert.Equal("original", job.Tasks[0].Commands[0].Name);
    }

    [Fact]
    public void ParametersObject_ChangedAfterCommand_DoesNotChangeCommand()
    {
        var job = Scripts.Compile("""
            const params = {frames: '1-3', list: [1]};
            const t = author.Task('t', 'misc'); t.addCommand(author.Command('c', params)); job.addTask(t);
            params.frames = '4-6'; params.list.push(2);
            """);

        Scripts.AssertJson("""{"frames": "1-3", "list": [1]}""", job.Tasks[0].Commands[0].Parameters);
    }

    [Fact]
    public void SameTaskObject_ReusedWithNewIdentity_GivesTwoTasks()
    {
        var job = Scripts.Compile("""
            const t = author.Task('chunk', 'misc');
            t.addCommand(author.Command('c', {n: 1})); job.addTask(t);
            t.uUID = '0d7c7b1c-1a44-4fc9-8a3c-6d0bb5b8e7a1'; t.name = 'chunk-2'; job.addTask(t);
            """);

        Assert.Equal(["chunk", "chunk-2"], job.Tasks.Select(x => x.Name));
        Assert.Equal(Guid.Parse("0d7c7b1c-1a44-4fc9-8a3c-6d0bb5b8e7a1"), job.Tasks[1].Id);
    }
}
