using System.Text.Json;
using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests;

/// <summary>The <c>job</c> object, the <c>author</c> module and what comes out of a compile.</summary>
public sealed class JobObjectTests
{
    [Fact]
    public void Job_Members_MatchSubmission()
    {
        var job = Scripts.Job(workerTag: "acce9983-e663-4210-b3cc-f7bfa629cb21") with { ShamanCheckoutId = "checkout/abc", Priority = 70 };
        var jobType = Scripts.Load(Scripts.WithJobType("""
            job.settings.seen = [job.jobID, job.name, job.jobType, job.priority, job.status, job.workerTagUUID,
                                 job.storage.shamanCheckoutID, job.tasks.length, job.created instanceof Date];
            """));

        var result = jobType.Compile(job, Scripts.Context()).Settings.GetProperty("seen");

        Scripts.AssertJson("""
            ["c3ef4f47-c8bd-4d9d-a5e1-0eaae4b2a0b5", "test job", "test-type", 70, "under-construction",
             "acce9983-e663-4210-b3cc-f7bfa629cb21", "checkout/abc", 0, true]
            """, result);
    }

    [Fact]
    public void Job_WithoutWorkerTag_SeesEmptyString()
    {
        var result = Scripts.Evaluate("job.workerTagUUID");

        Assert.Equal("", result.GetString());
    }

    [Fact]
    public void Settings_FromJson_AreRealJavaScriptValues()
    {
        var result = Scripts.Evaluate(
            "[Array.isArray(job.settings.list), job.settings.list.concat([3]), typeof job.settings.n, job.settings.n + 1, job.settings.nested.deep]",
            """{"list": [1, 2], "n": 20, "nested": {"deep": true}}""");

        Scripts.AssertJson("""[true, [1, 2, 3], "number", 21, true]""", result);
    }

    [Fact]
    public void Settings_WrittenByScript_ArePersisted()
    {
        var job = Scripts.Compile("job.settings.frames = '1-5'; job.settings.added = {x: [1]}; delete job.settings.gone;", """{"frames": "1-10", "gone": 1, "kept": "k"}""");

        Scripts.AssertJson("""{"frames": "1-5", "kept": "k", "added": {"x": [1]}}""", job.Settings);
    }

    [Fact]
    public void Metadata_WrittenByScript_IsPersisted()
    {
        var jobType = Scripts.Load(Scripts.WithJobType("job.metadata.added = 'yes'; job.metadata.count = 3; job.metadata.project += '!';"));

        var job = jobType.Compile(Scripts.Job(metadata: new Dictionary<string, string> { ["project"] = "Sprite Fright" }), Scripts.Context());

        Assert.Equal(new Dictionary<string, string> { ["project"] = "Sprite Fright!", ["added"] = "yes", ["count"] = "3" }, job.Metadata);
    }

    [Fact]
    public void Task_Defaults_MatchFlamenco()
    {
        var result = Scripts.Evaluate("(() => { const t = author.Task('  name ', ' type  '); return [t.name, t.type, t.priority, t.uUID, t.commands.length, t.dependencies.length]; })()");

        Assert.Equal("name", result[0].GetString());
        Assert.Equal("type", result[1].GetString());
        Assert.Equal(50, result[2].GetInt32());
        // A lower-case UUID like Flamenco's, version 7 (time-ordered) rather than 4: see AuthorModule.
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", result[3].GetString());
        Assert.Equal(0, result[4].GetInt32());
        Assert.Equal(0, result[5].GetInt32());
    }

    [Theory]
    [InlineData("author.Task('', 'misc')", "author.Task(name, type): name is required")]
    [InlineData("author.Task('   ', 'misc')", "author.Task(name, type): name is required")]
    [InlineData("author.Task('x', ' ')", "author.Task(name, type): type is required")]
    [InlineData("author.Task('x')", "author.Task(name, type): type is required")]
    public void Task_MissingNameOrType_ThrowsFlamencosMessage(string call, string expectedMessage)
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Compile($"\n{call};"));

        Assert.Equal(expectedMessage, error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Task_Output_KeepsIdNamePriorityAndOrder()
    {
        var job = Scripts.Compile("""
            const a = author.Task('a', 'misc'); a.priority = 10; job.addTask(a);
            const b = author.Task('b', 'other'); job.addTask(b);
            job.settings.ids = [a.uUID, b.uUID];
            """);

        Assert.Equal(["a", "b"], job.Tasks.Select(t => t.Name));
        Assert.Equal(["misc", "other"], job.Tasks.Select(t => t.Type));
        Assert.Equal([10, 50], job.Tasks.Select(t => t.Priority));
        Assert.Equal(job.Settings.GetProperty("ids").EnumerateArray().Select(i => Guid.Parse(i.GetString()!)), job.Tasks.Select(t => t.Id));
    }

    [Fact]
    public void Command_Parameters_ConvertedAsFlamencoExportsThem()
    {
        var job = Scripts.Compile("""
            const t = author.Task('t', 'misc');
            t.addCommand(author.Command('c', {
                whole: 24.0, fraction: 1.5, negative: -3, text: 'x', yes: true, nothing: null, missing: undefined,
                list: [1, 'two', [3.0, {four: 4}]], object: {a: {b: 'c'}}, fromSettings: job.settings.fps
            }, 7));
            t.addCommand(author.Command('empty'));
            job.addTask(t);
            """, """{"fps": 23.976}""");

        var commands = job.Tasks[0].Commands;
        Scripts.AssertJson("""
            {"whole": 24, "fraction": 1.5, "negative": -3, "text": "x", "yes": true, "nothing": null, "missing": null,
             "list": [1, "two", [3, {"four": 4}]], "object": {"a": {"b": "c"}}, "fromSettings": 23.976}
            """, commands[0].Parameters);
        Assert.Equal("24", commands[0].Parameters.GetProperty("whole").GetRawText());
        Assert.Equal("3", commands[0].Parameters.GetProperty("list")[2][0].GetRawText());
        Assert.Equal(7, commands[0].TotalStepCount);
        Assert.Equal("empty", commands[1].Name);
        Assert.Equal(JsonValueKind.Object, commands[1].Parameters.ValueKind);
        Assert.Equal(0, commands[1].TotalStepCount);
    }

    [Theory]
    [InlineData("{f: () => 1}", "parameter f is a function")]
    [InlineData("{n: {x: NaN}}", "parameter n.x is NaN")]
    [InlineData("(() => { const o = {}; o.self = o; return o; })()", "nested more than 64 levels")]
    [InlineData("[1, 2]", "parameters must be an object")]
    public void Command_UnstorableParameters_Throws(string parameters, string expectedMessagePart)
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Compile($"author.Command('c', {parameters});"));

        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_ParametersRead_GivesCopy()
    {
        var result = Scripts.Evaluate("(() => { const c = author.Command('c', {a: [1]}); return [c.name, c.parameters.a, c.totalStepCount]; })()");

        Scripts.AssertJson("""["c", [1], 0]""", result);
    }

    [Fact]
    public void AddTask_NotATask_Throws()
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Compile("job.addTask({name: 'fake'});"));

        Assert.Equal("job.addTask(task): task must be made with author.Task(name, type)", error.Message);
    }

    [Fact]
    public void AddTask_SameTaskTwice_Throws()
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Compile("const t = author.Task('t', 'misc'); job.addTask(t); job.addTask(t);"));

        Assert.Contains("task \"t\" was added to the job more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dependency_OnTaskNotInJob_ThrowsFlamencosMessage()
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Compile("""
            const orphan = author.Task('orphan', 'misc');
            const t = author.Task('t', 'misc'); t.addDependency(orphan); job.addTask(t);
            """));

        Assert.Equal("a task depends on a task that is not part of this job", error.Message);
    }

    [Fact]
    public void Dependency_OnTaskAddedLater_IsResolved()
    {
        var job = Scripts.Compile("""
            const later = author.Task('later', 'misc');
            const first = author.Task('first', 'misc'); first.addDependency(later); job.addTask(first);
            job.addTask(later);
            """);

        Assert.Equal([job.Tasks[1].Id], job.Tasks[0].Dependencies);
    }
}
