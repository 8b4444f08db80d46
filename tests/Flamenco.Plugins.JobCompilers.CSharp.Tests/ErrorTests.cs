using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests;

/// <summary>What goes wrong in a job-type file comes back with the file, the line and a message the author can act on.</summary>
public sealed class ErrorTests
{
    [Fact]
    public void Load_SyntaxError_FileLineAndCompilerMessage()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Load(TestJobTypes.WithJobType("var x = 1\n")));

        Assert.EndsWith("test-type.csx", error.FilePath);
        Assert.Equal(4, error.Line);
        Assert.Equal("error CS1002: ; expected", error.Message);
        Assert.Equal("test-type.csx:4: error CS1002: ; expected", error.MessageWithLocation);
    }

    [Fact]
    public void Load_TypeError_LineInTheAuthorsFile()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Load(TestJobTypes.WithJobType("""
            var task = Author.Task("a", "misc");
            job.AddTsk(task);
            job.Nope();
            """)));

        Assert.Equal(5, error.Line);
        Assert.Equal("error CS1061: 'Job' does not contain a definition for 'AddTsk' and no accessible extension method 'AddTsk' accepting a first argument of type 'Job' could be found (are you missing a using directive or an assembly reference?) (and 1 more error)", error.Message);
    }

    [Fact]
    public void Load_ErrorInAMethodAfterCompileJob_LineStillRight()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Load("""
            JobType = new() { Label = "Test" };
            void CompileJob(Job job) { }

            // A helper.
            int Helper() =>
                "not a number";
            """));

        Assert.Equal(6, error.Line);
        Assert.StartsWith("error CS0029:", error.Message);
    }

    [Fact]
    public void Load_NoCompileJob_SaysSo()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Load("""JobType = new() { Label = "Test" };"""));

        Assert.Equal("job type file (test-type.csx) does not define a CompileJob(Job job) method", error.Message);
    }

    [Fact]
    public void Load_NoJobType_SaysHowToSetIt()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Load("void CompileJob(Job job) { }"));

        Assert.StartsWith("job type file (test-type.csx) does not define a proper JobType: JobType is not set", error.Message);
    }

    [Theory]
    [InlineData("""new() { Key = "a", Type = "integer" }""", "setting \"a\": Type must be one of string, int32, float, bool, not \"integer\"")]
    [InlineData("""new() { Key = "", Type = "string" }""", "JobType.Settings[0].Key is required")]
    [InlineData("""new() { Key = "a", Type = "string", Propargs = 3 }""", "setting \"a\": Propargs must be an object")]
    public void Load_BadSetting_NamesIt(string setting, string expected)
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Load($$"""
            JobType = new() { Label = "Test", Settings = [{{setting}}] };
            void CompileJob(Job job) { }
            """));

        Assert.Equal($"job type file (test-type.csx) does not define a proper JobType: {expected}", error.Message);
    }

    [Fact]
    public void Load_Stackalloc_Refused()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Load(TestJobTypes.WithJobType("Span<byte> big = stackalloc byte[1000];")));

        Assert.Equal(4, error.Line);
        Assert.Equal("stackalloc is not allowed in job types", error.Message);
    }

    [Fact]
    public void Compile_ExceptionThrown_MessageAndLine()
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType("""
            if (job.Settings.GetString("frames") is not { } frames)
                throw new ArgumentException("no frames given");
            """));

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context()));

        Assert.Equal("test-type.csx:5: no frames given", error.MessageWithLocation);
    }

    [Fact]
    public void Compile_BugInTheJobType_KeepsTheExceptionType()
    {
        var jobType = TestJobTypes.Load(TestJobTypes.WithJobType("""
            string[] parts = [];
            Print(parts[3]);
            """));

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(TestJobTypes.Job(), TestJobTypes.Context()));

        Assert.Equal(5, error.Line);
        Assert.StartsWith("IndexOutOfRangeException: ", error.Message);
    }

    [Fact]
    public void Compile_HelperRefusesInput_HelperMessageAndAuthorsLine()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Compile("""
            var chunks = FrameChunker("1-10", 0);
            """));

        Assert.Equal(4, error.Line);
        Assert.Equal("invalid chunk size, must be positive number: 0", error.Message);
    }

    [Fact]
    public void Compile_DependencyNotInTheJob_Refused()
    {
        var error = Assert.Throws<JobTypeException>(() => TestJobTypes.Compile("""
            var first = Author.Task("first", "misc");
            var second = Author.Task("second", "misc");
            second.AddDependency(first);
            job.AddTask(second);
            """));

        Assert.Equal("task \"second\" depends on task \"first\", which is not part of this job", error.Message);
        Assert.EndsWith("test-type.csx", error.FilePath);
    }
}
