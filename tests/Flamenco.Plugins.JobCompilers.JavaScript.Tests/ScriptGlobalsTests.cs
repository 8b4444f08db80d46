using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;
using Microsoft.Extensions.Logging;
using Flamenco.Testing;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests;

/// <summary>The globals a job-type script sees, as Flamenco defines them.</summary>
public sealed class ScriptGlobalsTests
{
    [Fact]
    public void FrameChunker_FlamencoVector_GivesRealArrayOfChunks()
    {
        var result = Scripts.Evaluate("[Array.isArray(frameChunker('1..10,20..25,40,3..8', 4)), frameChunker('1..10,20..25,40,3..8', 4)]");

        Scripts.AssertJson("""[true, ["1-4", "5-8", "9,10,20,21", "22-25", "40"]]""", result);
    }

    [Fact]
    public void FrameChunker_ChunkSizeFromSettings_AcceptsJsonNumber()
    {
        var result = Scripts.Evaluate("frameChunker(job.settings.frames, job.settings.chunk_size)", """{"frames": "1-3", "chunk_size": 2.0}""");

        Scripts.AssertJson("""["1,2", "3"]""", result);
    }

    [Theory]
    [InlineData("frameChunker('   ', 4)", "invalid range \"\": empty range")]
    [InlineData("frameChunker('1-10', 0)", "invalid chunk size, must be positive number: 0")]
    [InlineData("frameCount('1-x')", "invalid range \"1-x\":  1-x (strconv.ParseInt: parsing \"x\": invalid syntax)")]
    [InlineData("shellSplit(\"--python-expr invalid_quoting(1 + 1)'\")", "EOF found when expecting closing quote")]
    public void Helper_InvalidInput_ThrowsCatchableErrorWithFlamencosMessage(string call, string expectedMessage)
    {
        var result = Scripts.Evaluate($"(() => {{ try {{ {call}; return 'no error'; }} catch (e) {{ return e.message; }} }})()");

        Assert.Equal(expectedMessage, result.GetString());
    }

    [Fact]
    public void FrameCount_Ranges_GivesNumbers()
    {
        var result = Scripts.Evaluate("[frameCount('1-3'), frameCount('0-12,34-40'), frameCount('5,5,5'), typeof frameCount('1')]");

        Scripts.AssertJson("""[3, 20, 1, "number"]""", result);
    }

    [Fact]
    public void ShellSplit_QuotedArgument_GivesWords()
    {
        var result = Scripts.Evaluate("shellSplit(\"--python-expr 'print(1 + 1)'\")");

        Scripts.AssertJson("""["--python-expr", "print(1 + 1)"]""", result);
    }

    [Fact]
    public void Path_Functions_FollowCrossPathRules()
    {
        var result = Scripts.Evaluate("""
            [path.basename('C:\\ünicode\\is\\awésom.tar.gz'), path.dirname('\\\\SERVER\\ünicode\\is\\awésom.tar.gz'),
             path.join('C:', 'file-at-root'), path.join(), path.join('', 'a', '', 'b'), path.stem('stem.tar.gz')]
            """);

        Scripts.AssertJson("""["awésom.tar.gz", "//SERVER/ünicode/is", "C:/file-at-root", "", "a/b", "stem.tar"]""", result);
    }

    [Fact]
    public void Process_Platform_ComesFromContext()
    {
        var result = Scripts.Evaluate("[process.platform, typeof process.cwd(), process.cwd()]", platform: "windows");

        Scripts.AssertJson($$"""["windows", "string", {{System.Text.Json.JsonSerializer.Serialize(Environment.CurrentDirectory)}}]""", result);
    }

    [Fact]
    public void FormatTimestampLocal_JobCreated_UsesContextTimeZone()
    {
        var result = Scripts.Evaluate("formatTimestampLocal(job.created)");

        Assert.Equal("2006-01-02_150405", result.GetString());
    }

    [Fact]
    public void FormatTimestampLocal_NotADate_Throws()
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Evaluate("formatTimestampLocal('yesterday')"));

        Assert.Contains("formatTimestampLocal(t): t must be a Date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintAndAlert_ManyArguments_LogAtInformationAndWarning()
    {
        var logger = new CapturingLogger();

        Scripts.Compile("print('hello', 42, {a: [1]}); alert('careful', true); console.log('also');", logger: logger);

        Assert.Contains((LogLevel.Information, "Job type test-type: hello 42 {\"a\":[1]}"), logger.Entries);
        Assert.Contains((LogLevel.Warning, "Job type test-type: careful true"), logger.Entries);
        Assert.Contains((LogLevel.Information, "Job type test-type: also"), logger.Entries);
    }

    [Fact]
    public void Print_AtTopLevel_RunsOnLoadAndOnEveryCompile()
    {
        var logger = new CapturingLogger();
        var jobType = Scripts.Load("print('top level');\n" + Scripts.WithJobType(""));

        jobType.Compile(Scripts.Job(), Scripts.Context(logger));
        jobType.Compile(Scripts.Job(), Scripts.Context(logger));

        Assert.Equal(2, logger.Entries.Count(e => e.Message.EndsWith("top level", StringComparison.Ordinal)));
    }

    [Fact]
    public void Require_BuiltInModules_AreTheGlobals()
    {
        var result = Scripts.Evaluate("[require('author') === author, require('path') === path, require('process') === process]");

        Scripts.AssertJson("[true, true, true]", result);
    }

    [Fact]
    public void Globals_LanguageFeaturesFlamencoScriptsUse_Work()
    {
        var result = Scripts.Evaluate("""
            (() => {
                const s = new Set(['a', 'b']); let out = [];
                for (const x of s) out.push(`${x}!`);
                out = out.concat(['a-b-c'.replaceAll('-', '..'), 'x1y2'.replace(/\d/g, d => String(d * 2))]);
                return [...out, [1, 2, 3].slice(1).indexOf(3)];
            })()
            """);

        Scripts.AssertJson("""["a!", "b!", "a..b..c", "x2y4", 1]""", result);
    }
}
