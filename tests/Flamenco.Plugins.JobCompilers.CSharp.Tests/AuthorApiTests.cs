using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Flamenco.Testing;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests;

/// <summary>The helpers a C# job type sees, each matching its JavaScript global.</summary>
public sealed class AuthorApiTests
{
    [Fact]
    public void Compile_Helpers_SameResultsAsTheJavaScriptGlobals()
    {
        var logger = new CapturingLogger();
        var job = TestJobTypes.Compile("""
            job.Settings.Set("chunks", FrameChunker("1..10,20..25,40", 4));
            job.Settings.Set("count", FrameCount("1-10,20..25"));
            job.Settings.Set("stamp", FormatTimestampLocal(job.Created));
            job.Settings.Set("words", ShellSplit("--python-expr 'print(1 + 1)'"));
            job.Settings.Set("path", new[] { CrossPath.Join("C:", "renders", "out"), CrossPath.Basename(@"C:\\dir\\file.txt"), CrossPath.Dirname("/a/b/c"), CrossPath.Stem("x.tar.gz") });
            job.Settings.Set("platform", Platform);
            job.Metadata["seen"] = job.Settings.GetString("given") ?? "none";
            Print("chunks", FrameChunker("1-3", 2), new { frames = 3 });
            Alert("careful");
            """, """{"given": "yes"}""", logger);

        TestJobTypes.AssertJson("""
            {"given": "yes", "chunks": ["1-4", "5-8", "9,10,20,21", "22-25", "40"], "count": 16, "stamp": "2006-01-02_150405",
             "words": ["--python-expr", "print(1 + 1)"], "path": ["C:/renders/out", "file.txt", "/a/b", "x.tar"], "platform": "linux"}
            """, job.Settings);
        Assert.Equal("yes", job.Metadata["seen"]);
        Assert.Equal([(LogLevel.Information, """Job type test-type: chunks ["1,2","3"] {"frames":3}"""), (LogLevel.Warning, "Job type test-type: careful")], logger.Entries);
    }

    [Fact]
    public void Compile_AddTaskTakesASnapshot_LaterChangesAreLost()
    {
        var job = TestJobTypes.Compile("""
            var render = Author.Task("render", "blender");
            render.Priority = 70;
            var merge = Author.Task("merge", "misc");
            merge.AddDependency(render);
            job.AddTask(merge);
            job.AddTask(render);
            render.AddCommand(Author.Command("echo", new { message = "too late" }));
            merge.AddCommand(Author.Command("echo"));
            """);

        Assert.Equal(["merge", "render"], job.Tasks.Select(t => t.Name));
        Assert.All(job.Tasks, t => Assert.Empty(t.Commands));
        Assert.Equal([job.Tasks[1].Id], job.Tasks[0].Dependencies);
        Assert.Equal(70, job.Tasks[1].Priority);
    }

    [Fact]
    public void Compile_CommandParameters_StoredAsJavaScriptWouldStoreThem()
    {
        var job = TestJobTypes.Compile("""
            var task = Author.Task("t", "misc");
            task.AddCommand(Author.Command("exec", new { whole = 24.0, half = 0.5, list = new List<int> { 1, 2 }, map = new Dictionary<string, object?> { ["k"] = null }, flag = true }, totalStepCount: 3));
            job.AddTask(task);
            """);

        var command = Assert.Single(Assert.Single(job.Tasks).Commands);
        Assert.Equal(3, command.TotalStepCount);
        Assert.Equal("""{"whole":24,"half":0.5,"list":[1,2],"map":{"k":null},"flag":true}""", command.Parameters.GetRawText());
    }
}
