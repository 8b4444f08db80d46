using Flamenco.Worker.Configuration;
using Microsoft.Extensions.Logging;

namespace Flamenco.Worker.Tests.Configuration;

public sealed class WorkerCommandLineTests
{
    [Theory]
    [InlineData("jemoeder:1234", "http://jemoeder:1234")]
    [InlineData("jemoeder", "http://jemoeder/")]
    [InlineData("opjehoofd://jemoeder:4213/xxx", "opjehoofd://jemoeder:4213/xxx")]
    [InlineData("http://192.168.1.2:8080/", "http://192.168.1.2:8080/")]
    public void Parse_Manager_IsReadLeniently(string given, string expected)
    {
        var parsed = WorkerCommandLine.Parse(["-manager", given]);

        Assert.Equal(expected, parsed.Overrides["manager_url"]);
    }

    [Fact]
    public void Parse_ManagerWithoutHost_Fails()
    {
        Assert.Throws<FormatException>(() => WorkerCommandLine.Parse(["-manager", "http://"]));
    }

    [Theory]
    [InlineData(new[] { "-quiet" }, LogLevel.Warning)]
    [InlineData(new[] { "-quiet", "-debug" }, LogLevel.Debug)]
    [InlineData(new[] { "--debug", "-trace" }, LogLevel.Trace)]
    [InlineData(new string[0], LogLevel.Information)]
    public void Parse_LogLevel_TraceBeatsDebugBeatsQuiet(string[] args, LogLevel expected)
    {
        Assert.Equal(expected, WorkerCommandLine.Parse(args).LogLevel);
    }

    [Fact]
    public void Parse_FlamencoFlags_InBothSpellings()
    {
        var parsed = WorkerCommandLine.Parse(["--flush", "-version=true", "-register", "-restart-exit-code=47", "-find-manager"]);

        Assert.True(parsed.FlushOnly);
        Assert.True(parsed.ShowVersion);
        Assert.True(parsed.FindManager);
        Assert.Equal("47", parsed.Overrides["restart_exit_code"]);
    }

    [Theory]
    [InlineData("-bogus")]
    [InlineData("-restart-exit-code")]
    [InlineData("stray")]
    public void Parse_BadArguments_Fail(string argument)
    {
        Assert.Throws<FormatException>(() => WorkerCommandLine.Parse([argument]));
    }
}
