using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests;

/// <summary><c>require</c> of helper modules: found only inside the job-type folders, run once per compile.</summary>
public sealed class RequireTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("jint-require-").FullName;
    private readonly string _userFolder;
    private readonly string _shippedFolder;

    public RequireTests()
    {
        _userFolder = Directory.CreateDirectory(Path.Combine(_root, "user")).FullName;
        _shippedFolder = Directory.CreateDirectory(Path.Combine(_root, "shipped")).FullName;
        Write(_shippedFolder, "lib/naming.js", """
            const counter = require('./counter');
            exports.taskName = (chunk) => `render-${chunk}`;
            exports.count = counter.next();
            """);
        Write(_shippedFolder, "lib/counter.js", "let n = 0; module.exports = { next: () => ++n };");
        Write(_shippedFolder, "shared.js", "module.exports = 'shipped';");
        Write(_userFolder, "shared.js", "module.exports = 'user';");
        Write(_shippedFolder, "node_modules/pad.js", "module.exports = (s) => '[' + s + ']';");
        Write(_shippedFolder, "lib/broken.js", "exports.x = 1;\n\nthrow 'helper failed';");
        Write(_shippedFolder, "lib/syntax.js", "exports.x = ;");
        File.WriteAllText(Path.Combine(_root, "secret.js"), "module.exports = 'outside';");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Require_HelperInSubfolder_LoadsItAndItsRelativeRequires()
    {
        var result = Evaluate("[require('./lib/naming').taskName('1-3'), require('lib/naming.js').count]");

        Scripts.AssertJson("""["render-1-3", 1]""", result);
    }

    [Fact]
    public void Require_SameModuleTwice_RunsItOnce()
    {
        var result = Evaluate("[require('./lib/counter').next(), require('./lib/counter.js').next(), require('lib/counter').next()]");

        Scripts.AssertJson("[1, 2, 3]", result);
    }

    [Fact]
    public void Require_ModuleInTwoFolders_TakesHighestPriorityFolder()
    {
        var result = Evaluate("require('./shared')");

        Assert.Equal("user", result.GetString());
    }

    [Fact]
    public void Require_BareName_FallsBackToNodeModules()
    {
        var result = Evaluate("require('pad')('x')");

        Assert.Equal("[x]", result.GetString());
    }

    [Theory]
    [InlineData("../secret", "require('../secret'): the module path leaves the job-type folder")]
    [InlineData("./lib/../../secret", "require('./lib/../../secret'): the module path leaves the job-type folder")]
    [InlineData("/etc/passwd", "require('/etc/passwd'): absolute paths are not allowed; name helper modules relative to the job-type folder")]
    [InlineData("C:\\\\Windows\\\\x", "require('C:\\Windows\\x'): absolute paths are not allowed; name helper modules relative to the job-type folder")]
    [InlineData("./nope", "require('./nope'): no module nope.js in the job-type folders (built-in modules: author, path, process)")]
    public void Require_OutsideOrMissing_Refused(string id, string expectedMessage)
    {
        var result = Evaluate($"(() => {{ try {{ require('{id}'); return 'loaded'; }} catch (e) {{ return e.message; }} }})()");

        Assert.Equal(expectedMessage, result.GetString());
    }

    [Fact]
    public void Require_HelperThrows_ReportsHelperFileAndLine()
    {
        var error = Assert.Throws<JobTypeException>(() => Evaluate("require('./lib/broken')"));

        Assert.Equal("helper failed", error.Message);
        Assert.Equal(Path.Combine(_shippedFolder, "lib", "broken.js"), error.FilePath);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Require_HelperThrowsTwice_FailsAgainWithoutRerunning()
    {
        var result = Evaluate("[1, 2].map(() => { try { require('./lib/broken'); } catch (e) { return e; } })");

        Scripts.AssertJson("""["helper failed", "helper failed"]""", result);
    }

    [Fact]
    public void Require_HelperWithSyntaxError_ReportsHelperFileAndLine()
    {
        var error = Assert.Throws<JobTypeException>(() => Evaluate("require('./lib/syntax')"));

        Assert.StartsWith("syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_shippedFolder, "lib", "syntax.js"), error.FilePath);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Require_HelperEditedBetweenCompiles_UsesNewText()
    {
        var jobType = Load("job.settings.v = require('./lib/version');");
        Write(_shippedFolder, "lib/version.js", "module.exports = 1;");
        var first = jobType.Compile(Scripts.Job(), Scripts.Context()).Settings.GetProperty("v").GetInt32();
        Write(_shippedFolder, "lib/version.js", "module.exports = 2;");

        var second = jobType.Compile(Scripts.Job(), Scripts.Context()).Settings.GetProperty("v").GetInt32();

        Assert.Equal(1, first);
        Assert.Equal(2, second);
    }

    private IJobType Load(string compileJobBody) =>
        Scripts.Load(Scripts.WithJobType(compileJobBody), moduleDirectories: [_userFolder, _shippedFolder], filePath: Path.Combine(_shippedFolder, "test-type.js"));

    private System.Text.Json.JsonElement Evaluate(string expression) =>
        Load($"job.settings.__result = ({expression});").Compile(Scripts.Job(), Scripts.Context()).Settings.GetProperty("__result");

    private static void Write(string folder, string relativePath, string text)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
