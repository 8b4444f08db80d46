using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Flamenco.Plugins.JobCompilers.JavaScript;
using Flamenco.Plugins.JobTypes;
using Flamenco.Testing;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests.JobTypes;

/// <summary>echo-sleep-test-cs.csx is the C# twin of echo-sleep-test.js: the same settings give the same job.</summary>
public sealed class EchoSleepTestTwinTests
{
    [Theory]
    [InlineData("""{"message": "hello", "sleep_duration_seconds": 2, "sleep_repeats": 3}""")]
    [InlineData("""{"message": "just once", "sleep_duration_seconds": 1, "sleep_repeats": 1}""")]
    [InlineData("""{"message": "no sleeping"}""")]
    [InlineData("""{"message": "<quoted & \"escaped\"> ünïcode", "sleep_duration_seconds": 0, "sleep_repeats": 0}""")]
    public void Compile_SameSettings_SameTasksAndCommandsAsJavaScript(string settings)
    {
        var csharp = new CSharpJobCompiler(TestJobTypes.TestLimits).Load(TestJobTypes.ShippedSource("echo-sleep-test-cs.csx"));
        var javaScript = new JintJobCompiler(new JavaScriptLimits()).Load(TestJobTypes.ShippedSource("echo-sleep-test.js"));

        var fromCSharp = csharp.Compile(TestJobTypes.Job(settings), TestJobTypes.Context());
        var fromJavaScript = javaScript.Compile(TestJobTypes.Job(settings), TestJobTypes.Context());

        AuthoredJobs.AssertSame(fromJavaScript, fromCSharp);
    }

    [Fact]
    public void Load_SameDefinitionAsJavaScript_SameSettingsAndEtag()
    {
        var csharp = new CSharpJobCompiler(TestJobTypes.TestLimits).Load(TestJobTypes.ShippedSource("echo-sleep-test-cs.csx"));
        var javaScriptText = File.ReadAllText(Path.Combine(RepoPaths.JobTypes, "echo-sleep-test.js"))
            .Replace("label: \"Echo Sleep Test\"", "label: \"Echo Sleep Test (C#)\"", StringComparison.Ordinal);
        var javaScript = new JintJobCompiler(new JavaScriptLimits()).Load(new JobTypeSource
        {
            Name = "echo-sleep-test-cs",
            FilePath = "echo-sleep-test-cs.js",
            Text = javaScriptText,
        });

        Assert.Equal("echo-sleep-test-cs", csharp.Info.Name);
        Assert.Equal("Echo Sleep Test (C#)", csharp.Info.Label);
        Assert.Equal(javaScript.Info.Settings, csharp.Info.Settings, JobSettingComparer.Instance);
        Assert.Equal(javaScript.Info.Etag, csharp.Info.Etag);
    }
}
