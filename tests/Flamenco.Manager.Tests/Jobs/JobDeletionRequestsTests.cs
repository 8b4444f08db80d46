using Flamenco.Manager.Jobs.Deletion;

namespace Flamenco.Manager.Tests.Jobs;

public sealed class JobDeletionRequestsTests
{
    [Theory]
    [InlineData("2023-12-01T09:17:34.275+02:00", "2023-12-01T07:17:35Z")] // manager.md case 29
    [InlineData("2023-12-01T07:17:34Z", "2023-12-01T07:17:34Z")]
    [InlineData("2023-12-31T23:59:59.0001Z", "2024-01-01T00:00:00Z")]
    public void RoundUpToSecond_UtcAndUpToTheNextWholeSecond(string given, string expected)
    {
        var rounded = JobDeletionRequests.RoundUpToSecond(DateTimeOffset.Parse(given, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rounded);
        Assert.Equal(TimeSpan.Zero, rounded.Offset);
    }
}
