using System.Text.Json;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.Abstractions.Tests.JobTypes;

public sealed class JobTypeInfoTests
{
    [Fact]
    public void Create_EchoSleepTest_GivesFlamencosEtag()
    {
        JobSettingDefinition[] settings =
        [
            new() { Key = "message", Type = "string", Required = true },
            new() { Key = "sleep_duration_seconds", Type = "int32", Default = Json("1") },
            new() { Key = "sleep_repeats", Type = "int32", Default = Json("1") },
        ];

        var info = JobTypeInfo.Create("echo-sleep-test", "Echo Sleep Test", null, settings);

        Assert.Equal("eba586e16d6b55baaa43e32f9e78ae514b457fee", info.Etag);
    }

    [Fact]
    public void Create_DefaultWrittenAsFloat_GivesSameEtagAsInteger()
    {
        JobSettingDefinition[] asFloat = [new() { Key = "fps", Type = "float", Default = Json("24.0") }];
        JobSettingDefinition[] asInteger = [new() { Key = "fps", Type = "float", Default = Json("24") }];

        var first = JobTypeInfo.Create("t", "T", null, asFloat);
        var second = JobTypeInfo.Create("t", "T", null, asInteger);

        Assert.Equal(first.Etag, second.Etag);
    }

    [Fact]
    public void Create_RequiredFalseVersusAbsent_GivesDifferentEtags()
    {
        JobSettingDefinition[] explicitFalse = [new() { Key = "k", Type = "bool", Required = false }];
        JobSettingDefinition[] absent = [new() { Key = "k", Type = "bool" }];

        var first = JobTypeInfo.Create("t", "T", null, explicitFalse);
        var second = JobTypeInfo.Create("t", "T", null, absent);

        Assert.NotEqual(first.Etag, second.Etag);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
