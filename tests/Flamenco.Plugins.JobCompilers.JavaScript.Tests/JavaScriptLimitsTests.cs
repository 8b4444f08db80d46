using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests;

public sealed class JavaScriptLimitsTests
{
    [Fact]
    public void FromConfiguration_AllKeys_ReadsThem()
    {
        var configuration = Configuration(("TimeoutSeconds", "2.5"), ("MaxStatements", "1000"), ("MemoryLimitMegabytes", "64"), ("MaxRecursionDepth", "50"));

        var limits = JavaScriptLimits.FromConfiguration(configuration);

        Assert.Equal(new JavaScriptLimits { Timeout = TimeSpan.FromSeconds(2.5), MaxStatements = 1000, MemoryLimitBytes = 64L * 1024 * 1024, MaxRecursionDepth = 50 }, limits);
    }

    [Fact]
    public void FromConfiguration_NoKeys_KeepsDefaults()
    {
        var limits = JavaScriptLimits.FromConfiguration(Configuration());

        Assert.Equal(new JavaScriptLimits(), limits);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.Timeout);
    }

    [Theory]
    [InlineData("TimeoutSeconds", "ten")]
    [InlineData("MaxStatements", "0")]
    [InlineData("MaxRecursionDepth", "-1")]
    public void FromConfiguration_InvalidValue_ThrowsNamingKey(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => JavaScriptLimits.FromConfiguration(Configuration((key, value))));

        Assert.Equal($"JavaScript job compiler setting {key} must be a positive number, not \"{value}\"", error.Message);
    }

    [Fact]
    public void Constructor_PluginContext_UsesConfiguredLimits()
    {
        var configuration = Configuration(("MaxStatements", "50000"));
        var context = Substitute.For<IPluginContext>();
        context.Configuration.Returns(configuration);
        var compiler = new JintJobCompiler(context, NullLogger<JintJobCompiler>.Instance);
        var jobType = compiler.Load(new Flamenco.Plugins.JobTypes.JobTypeSource { Name = "loop", FilePath = "/tmp/loop.js", Text = Scripts.WithJobType("for (;;) {}") });

        var error = Assert.Throws<Flamenco.Plugins.JobTypes.JobTypeException>(() => jobType.Compile(Scripts.Job(), Scripts.Context()));

        Assert.Equal("job type loop exceeded its limit of 50,000 statements", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
    {
        var configuration = Substitute.For<IConfiguration>();
        foreach (var (key, value) in values) configuration[key].Returns(value);
        return configuration;
    }
}
