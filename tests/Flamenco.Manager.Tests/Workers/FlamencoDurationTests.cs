using Flamenco.Manager.Hosting;
using Microsoft.Extensions.Configuration;

namespace Flamenco.Manager.Tests.Workers;

public sealed class FlamencoDurationTests
{
    [Theory]
    [InlineData("1m", 60)]
    [InlineData("10m", 600)]
    [InlineData("1m30s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("2h45m", 9900)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData(" 45s ", 45)]
    public void Parse_GoNotation_GivesTheDuration(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), FlamencoDuration.Parse(text).Value);
    }

    [Fact]
    public void Parse_Milliseconds_GivesTheDuration()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), FlamencoDuration.Parse("1s500ms").Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("m")]
    [InlineData("10 minutes")]
    [InlineData("1d")]
    public void TryParse_NotADuration_Refused(string text)
    {
        Assert.False(FlamencoDuration.TryParse(text, out _, out var problem));
        Assert.NotEmpty(problem);
    }

    [Theory]
    [InlineData(90, "1m30s")]
    [InlineData(600, "10m0s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(0, "0s")]
    public void ToString_GoNotation(int seconds, string expected)
    {
        Assert.Equal(expected, new FlamencoDuration(TimeSpan.FromSeconds(seconds)).ToString());
    }

    [Fact]
    public void Options_BindFromConfigurationText()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["worker_timeout"] = "1m30s", ["task_timeout"] = "0" })
            .Build();

        var options = configuration.Get<ManagerOptions>()!;

        Assert.Equal(TimeSpan.FromSeconds(90), options.WorkerTimeout.Value);
        Assert.Equal(TimeSpan.Zero, options.TaskTimeout.Value);
    }

    [Fact]
    public void Options_Defaults_AsFlamenco()
    {
        var options = new ManagerOptions();

        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)), (options.WorkerTimeout.Value, options.TaskTimeout.Value));
    }

    [Fact]
    public void Options_BadDuration_FailsBindingNamingTheValue()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["worker_timeout"] = "ten minutes" })
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => configuration.Get<ManagerOptions>());

        Assert.Contains("worker_timeout", error.Message, StringComparison.Ordinal);
    }
}
