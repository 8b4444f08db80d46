using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests;

/// <summary>Loading a file: reading <c>JOB_TYPE</c>, checking <c>compileJob</c>, and reporting what is wrong where.</summary>
public sealed class JobTypeLoadTests
{
    private const string CompileJob = "\nfunction compileJob(job) {}";

    [Fact]
    public void Load_FullSettingDefinition_ReadsEveryMember()
    {
        var jobType = Scripts.Load("""
            const JOB_TYPE = {
              label: "Full", description: "All members", unknownTopLevel: 1,
              settings: [{
                key: "k", type: "string", subtype: "file_path", choices: ["a", "b"], propargs: {min: 0},
                description: "d", label: "L", default: "a", eval: "C.scene.name",
                evalInfo: {showLinkButton: true, description: "link"}, visible: "submission",
                required: false, editable: true, unknownSettingKey: "ignored"
              }]
            };
            """ + CompileJob, name: "full");

        var setting = Assert.Single(jobType.Info.Settings);
        Assert.Equal("full", jobType.Info.Name);
        Assert.Equal("Full", jobType.Info.Label);
        Assert.Equal("All members", jobType.Info.Description);
        Assert.Equal("k", setting.Key);
        Assert.Equal("string", setting.Type);
        Assert.Equal("file_path", setting.Subtype);
        Assert.Equal(["a", "b"], setting.Choices!);
        Assert.Equal("""{"min":0}""", setting.Propargs!.Value.GetRawText());
        Assert.Equal("\"d\"", setting.Description!.Value.GetRawText());
        Assert.Equal("\"L\"", setting.Label!.Value.GetRawText());
        Assert.Equal("\"a\"", setting.Default!.Value.GetRawText());
        Assert.Equal("C.scene.name", setting.Eval);
        Assert.Equal(new JobSettingEvalInfo(true, "link"), setting.EvalInfo);
        Assert.Equal("submission", setting.Visible);
        Assert.False(setting.Required);
        Assert.True(setting.Editable);
    }

    [Fact]
    public void Load_AbsentMembers_StayNull()
    {
        var jobType = Scripts.Load("""const JOB_TYPE = { label: "L", settings: [{ key: "k", type: "bool", default: null }] };""" + CompileJob);

        var setting = Assert.Single(jobType.Info.Settings);
        Assert.Null(setting.Required);
        Assert.Null(setting.Editable);
        Assert.Null(setting.Default);
        Assert.Null(setting.Subtype);
        Assert.Null(setting.Visible);
        Assert.Null(setting.EvalInfo);
        Assert.Null(jobType.Info.Description);
    }

    [Fact]
    public void Load_UnknownKeys_DoNotChangeEtag()
    {
        var plain = Scripts.Load("""const JOB_TYPE = { label: "L", settings: [{ key: "k", type: "int32", default: 1 }] };""" + CompileJob);
        var extra = Scripts.Load("""const JOB_TYPE = { label: "L", x: 1, settings: [{ key: "k", type: "int32", default: 1, y: [] }] };""" + CompileJob);

        Assert.Equal(plain.Info.Etag, extra.Info.Etag);
    }

    [Fact]
    public void Load_JobTypeDeclaredWithVarAndCompileJobAsArrow_Works()
    {
        var jobType = Scripts.Load("""var JOB_TYPE = { label: "L", settings: [] }; const compileJob = (job) => job.addTask(author.Task('a', 'b'));""");

        var job = jobType.Compile(Scripts.Job(), Scripts.Context());

        Assert.Equal("a", Assert.Single(job.Tasks).Name);
    }

    [Theory]
    [InlineData("function compileJob(job) {}")]
    [InlineData("const JOB_TYPE = 5; function compileJob(job) {}")]
    [InlineData("const JOB_TYPE = null; function compileJob(job) {}")]
    [InlineData("const JOB_TYPE = [1]; function compileJob(job) {}")]
    public void Load_NoJobTypeObject_ThrowsFlamencosMessage(string text)
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Load(text, name: "broken"));

        Assert.Equal("script (broken.js) does not define a JOB_TYPE object", error.Message);
        Assert.EndsWith("broken.js", error.FilePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ settings: [] }""", "JOB_TYPE.label is required")]
    [InlineData("""{ label: 3, settings: [] }""", "JOB_TYPE.label must be a string")]
    [InlineData("""{ label: "L", description: {}, settings: [] }""", "JOB_TYPE.description must be a string")]
    [InlineData("""{ label: "L" }""", "JOB_TYPE.settings must be an array")]
    [InlineData("""{ label: "L", settings: {} }""", "JOB_TYPE.settings must be an array")]
    [InlineData("""{ label: "L", settings: ["x"] }""", "JOB_TYPE.settings[0] must be an object")]
    [InlineData("""{ label: "L", settings: [{ type: "string" }] }""", "JOB_TYPE.settings[0].key is required")]
    [InlineData("""{ label: "L", settings: [{ key: 1, type: "string" }] }""", "JOB_TYPE.settings[0].key must be a string")]
    [InlineData("""{ label: "L", settings: [{ key: "", type: "string" }] }""", "JOB_TYPE.settings[0].key must not be empty")]
    [InlineData("""{ label: "L", settings: [{ key: "k" }] }""", "setting \"k\".type is required")]
    [InlineData("""{ label: "L", settings: [{ key: "k", type: "int" }] }""", "setting \"k\": type must be one of string, int32, float, bool, not \"int\"")]
    [InlineData("""{ label: "L", settings: [{ key: "k", type: "string", subtype: "path" }] }""", "setting \"k\": subtype must be one of file_path, dir_path, file_name, hashed_file_path, not \"path\"")]
    [InlineData("""{ label: "L", settings: [{ key: "k", type: "string", visible: "never" }] }""", "setting \"k\": visible must be one of visible, hidden, submission, web, not \"never\"")]
    [InlineData("""{ label: "L", settings: [{ key: "k", type: "string", required: "yes" }] }""", "setting \"k\".required must be true or false")]
    [InlineData("""{ label: "L", settings: [{ key: "k", type: "string", choices: [1] }] }""", "setting \"k\": choices must be an array of strings")]
    [InlineData("""{ label: "L", settings: [{ key: "k", type: "string", propargs: 1 }] }""", "setting \"k\": propargs must be an object")]
    [InlineData("""{ label: "L", settings: [{ key: "k", type: "string", evalInfo: true }] }""", "setting \"k\": evalInfo must be an object")]
    public void Load_ImproperJobType_ThrowsFlamencosMessageWithCause(string jobType, string cause)
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Load($"const JOB_TYPE = {jobType};" + CompileJob, name: "improper"));

        Assert.Equal($"script (improper.js) does not define a proper JOB_TYPE object: {cause}", error.Message);
    }

    [Theory]
    [InlineData("const JOB_TYPE = { label: 'L', settings: [] };")]
    [InlineData("const JOB_TYPE = { label: 'L', settings: [] }; const compileJob = 3;")]
    public void Load_NoCompileJobFunction_ThrowsFlamencosMessage(string text)
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Load(text, name: "nocompile"));

        Assert.Equal("script (nocompile.js) does not define a compileJob(job) function", error.Message);
    }

    [Fact]
    public void Load_SyntaxError_ReportsFileAndLine()
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Load("const JOB_TYPE = { label: 'L', settings: [] };\n\nfunction compileJob(job) {\n  let x = ;\n}", name: "syntax"));

        Assert.StartsWith("syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
        Assert.EndsWith("syntax.js", error.FilePath, StringComparison.Ordinal);
        Assert.StartsWith("syntax.js:4: syntax error", error.MessageWithLocation, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TopLevelThrow_ReportsFileAndLine()
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Load("const JOB_TYPE = { label: 'L', settings: [] };\nthrow 'not today';", name: "toplevel"));

        Assert.Equal("not today", error.Message);
        Assert.Equal(2, error.Line);
        Assert.Equal("toplevel.js:2: not today", error.MessageWithLocation);
    }

    [Fact]
    public void Compile_ThrowString_ReportsMessageFileAndLine()
    {
        var jobType = Scripts.Load("const JOB_TYPE = { label: 'L', settings: [] };\nfunction compileJob(job) {\n  if (true) {\n    throw 'no frames given';\n  }\n}", name: "thrower");

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Equal("no frames given", error.Message);
        Assert.Equal(4, error.Line);
        Assert.Equal("thrower.js:4: no frames given", error.MessageWithLocation);
    }

    [Fact]
    public void Compile_RuntimeTypeError_ReportsKindAndLine()
    {
        var jobType = Scripts.Load("const JOB_TYPE = { label: 'L', settings: [] };\nfunction compileJob(job) {\n  return job.settings.missing.foo;\n}", name: "typo");

        var error = Assert.Throws<JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Equal("TypeError: Cannot read properties of undefined (reading 'foo')", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Compile_ThrowError_ReportsMessageWithoutKind()
    {
        var error = Assert.Throws<JobTypeException>(() => Scripts.Compile("throw new Error('plain error');"));

        Assert.Equal("plain error", error.Message);
    }

    [Fact]
    public void Compile_HostErrorCaughtByScript_Continues()
    {
        var job = Scripts.Compile("try { author.Task('', 'x'); } catch (e) { job.settings.caught = e.message; }");

        Assert.Equal("author.Task(name, type): name is required", job.Settings.GetProperty("caught").GetString());
    }

    [Fact]
    public void Compiler_FileExtensions_IsJs()
    {
        var compiler = new JintJobCompiler(new JavaScriptLimits());

        Assert.Equal([".js"], compiler.FileExtensions);
    }
}
