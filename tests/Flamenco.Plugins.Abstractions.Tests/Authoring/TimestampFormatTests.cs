using Flamenco.Plugins.Authoring;

namespace Flamenco.Plugins.Abstractions.Tests.Authoring;

public sealed class TimestampFormatTests
{
    private static readonly TimeZoneInfo MountainStandard =
        TimeZoneInfo.CreateCustomTimeZone("Test/Minus7", TimeSpan.FromHours(-7), "UTC-7", "UTC-7");

    private static readonly TimeZoneInfo PlusTwo =
        TimeZoneInfo.CreateCustomTimeZone("Test/Plus2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");

    [Fact]
    public void FormatLocal_GoReferenceTime_GivesGoLayout()
    {
        var created = new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.FromHours(-7));

        var text = TimestampFormat.FormatLocal(created, MountainStandard);

        Assert.Equal("2006-01-02_150405", text);
    }

    [Fact]
    public void FormatLocal_OtherZone_ConvertsBeforeFormatting()
    {
        var created = new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.FromHours(-7));

        var text = TimestampFormat.FormatLocal(created, PlusTwo);

        Assert.Equal("2006-01-03_000405", text);
    }
}
