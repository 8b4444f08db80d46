using Flamenco.Api;
using Flamenco.Manager.Workers;

namespace Flamenco.Manager.Tests.Workers;

/// <summary>reference/manager.md §5.5 and §8.8 cases 92–94, plus schedules that span midnight (Q11, fixed).</summary>
public sealed class SleepScheduleCalculatorTests
{
    /// <summary>A fixed-offset zone, so "local" differs from UTC and the tests do not depend on the machine.</summary>
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("test+02", TimeSpan.FromHours(2), "test+02", "test+02");

    /// <summary>2026-11-24 is a Tuesday; 2026-11-27 a Friday.</summary>
    private static DateTimeOffset Local(int day, int hour, int minute, int second = 0) => new(2026, 11, day, hour, minute, second, TimeSpan.FromHours(2));

    private static SleepSchedule Schedule(string start, string end, string days = "", bool active = true) =>
        new() { IsActive = active, DaysOfWeek = days, StartTime = start, EndTime = end };

    [Theory]
    [InlineData("09:00", "18:00", 11, 16, 24, 18, 0)]
    [InlineData("09:00", "18:00", 19, 16, 25, 0, 0)]
    [InlineData("09:00", "18:00", 8, 47, 24, 9, 0)]
    [InlineData("", "", 11, 16, 25, 0, 0)]
    [InlineData("09:00", "", 10, 47, 25, 0, 0)]
    [InlineData("", "18:00", 7, 47, 24, 18, 0)]
    [InlineData("22:00", "06:00", 23, 30, 25, 0, 0)]
    [InlineData("22:00", "06:00", 3, 0, 24, 6, 0)]
    [InlineData("22:00", "06:00", 12, 0, 24, 22, 0)]
    public void NextCheck_Case92_EarliestOfMidnightStartAndEnd(string start, string end, int hour, int minute, int expectedDay, int expectedHour, int expectedMinute)
    {
        var next = SleepScheduleCalculator.NextCheck(Schedule(start, end), Local(24, hour, minute), Zone);

        Assert.Equal(Local(expectedDay, expectedHour, expectedMinute), next);
    }

    [Fact]
    public void NextCheck_ExactlyAtTheEndTime_IsTheNextOneNotNow()
    {
        var next = SleepScheduleCalculator.NextCheck(Schedule("09:00", "18:00"), Local(24, 18, 0), Zone);

        Assert.Equal(Local(25, 0, 0), next);
    }

    [Fact]
    public void ScheduledStatus_NoSchedule_Awake()
    {
        Assert.Equal(WorkerStatus.Awake, SleepScheduleCalculator.ScheduledStatus(null, Local(24, 11, 16), Zone));
    }

    [Theory]
    [InlineData("09:00", "18:00", "", 11, 16, WorkerStatus.Asleep)]
    [InlineData("09:00", "18:00", "", 19, 16, WorkerStatus.Awake)]
    [InlineData("09:00", "18:00", "", 8, 47, WorkerStatus.Awake)]
    [InlineData("09:00", "18:00", "", 9, 0, WorkerStatus.Asleep)]
    [InlineData("09:00", "18:00", "", 18, 0, WorkerStatus.Awake)]
    [InlineData("", "", "", 11, 16, WorkerStatus.Asleep)]
    [InlineData("09:00", "18:00", "mo we", 11, 16, WorkerStatus.Awake)]
    [InlineData("09:00", "18:00", "tu th fr", 11, 16, WorkerStatus.Asleep)]
    [InlineData("09:00", "", "", 23, 59, WorkerStatus.Asleep)]
    [InlineData("", "18:00", "", 0, 0, WorkerStatus.Asleep)]
    public void ScheduledStatus_Case93_OnATuesday(string start, string end, string days, int hour, int minute, WorkerStatus expected)
    {
        Assert.Equal(expected, SleepScheduleCalculator.ScheduledStatus(Schedule(start, end, days), Local(24, hour, minute), Zone));
    }

    [Fact]
    public void ScheduledStatus_InactiveSchedule_Awake()
    {
        Assert.Equal(WorkerStatus.Awake, SleepScheduleCalculator.ScheduledStatus(Schedule("", "", active: false), Local(24, 11, 16), Zone));
    }

    [Theory]
    [InlineData(27, 23, 0, WorkerStatus.Asleep)]
    [InlineData(28, 3, 0, WorkerStatus.Asleep)]
    [InlineData(28, 6, 0, WorkerStatus.Awake)]
    [InlineData(28, 23, 0, WorkerStatus.Awake)]
    [InlineData(27, 3, 0, WorkerStatus.Awake)]
    [InlineData(27, 12, 0, WorkerStatus.Awake)]
    [InlineData(27, 22, 0, WorkerStatus.Asleep)]
    public void ScheduledStatus_FridayNightAcrossMidnight_SleepsFromFridayEveningUntilSaturdayMorning(int day, int hour, int minute, WorkerStatus expected)
    {
        var fridayNights = Schedule("22:00", "06:00", "fr");

        Assert.Equal(expected, SleepScheduleCalculator.ScheduledStatus(fridayNights, Local(day, hour, minute), Zone));
    }

    [Fact]
    public void ScheduledStatus_UsesTheZonesWallClockNotUtc()
    {
        var nineToSix = Schedule("09:00", "18:00");
        var tenUtcIsNoonLocal = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var sevenUtcIsNineLocal = new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);
        var sixUtcIsEightLocal = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

        Assert.Equal(WorkerStatus.Asleep, SleepScheduleCalculator.ScheduledStatus(nineToSix, tenUtcIsNoonLocal, Zone));
        Assert.Equal(WorkerStatus.Asleep, SleepScheduleCalculator.ScheduledStatus(nineToSix, sevenUtcIsNineLocal, Zone));
        Assert.Equal(WorkerStatus.Awake, SleepScheduleCalculator.ScheduledStatus(nineToSix, sixUtcIsEightLocal, Zone));
    }

    [Theory]
    [InlineData(" mo  tu  we", "mo tu we")]
    [InlineData("monday tuesday wed", "mo tu we")]
    [InlineData("MO Fr su", "mo fr su")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void TryCleanDays_Case94_CutsToTwoLowerCaseLetters(string days, string expected)
    {
        Assert.True(SleepScheduleCalculator.TryCleanDays(days, out var cleaned, out _));
        Assert.Equal(expected, cleaned);
    }

    [Theory]
    [InlineData("m")]
    [InlineData("mo xx")]
    [InlineData("weekend")]
    public void TryCleanDays_NotADay_RefusedNamingTheToken(string days)
    {
        Assert.False(SleepScheduleCalculator.TryCleanDays(days, out _, out var problem));
        Assert.StartsWith("days_of_week: \"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryNormalize_EndBeforeStart_KeptAsAScheduleAcrossMidnight()
    {
        var input = new WorkerSleepSchedule { IsActive = true, DaysOfWeek = " mo  tu  we", StartTime = "18:00", EndTime = "9:00" };

        Assert.True(SleepScheduleCalculator.TryNormalize(input, out var schedule, out _));

        Assert.Equal(("mo tu we", "18:00", "09:00"), (schedule.DaysOfWeek, schedule.StartTime, schedule.EndTime));
        Assert.Equal(Local(24, 18, 0), SleepScheduleCalculator.NextCheck(schedule, Local(24, 11, 14, 47), Zone));
    }

    [Theory]
    [InlineData("24:00", "", "start_time: \"24:00\" is not a time of day")]
    [InlineData("9", "", "start_time: \"9\" is not a time of day")]
    [InlineData("09:00:00", "", "start_time: \"09:00:00\" is not a time of day")]
    [InlineData("", "18:60", "end_time: \"18:60\" is not a time of day")]
    [InlineData("", "six", "end_time: \"six\" is not a time of day")]
    [InlineData(null, "", "start_time: required")]
    public void TryNormalize_BadTime_RefusedNamingTheField(string? start, string end, string expected)
    {
        var input = new WorkerSleepSchedule { IsActive = true, DaysOfWeek = "", StartTime = start, EndTime = end };

        Assert.False(SleepScheduleCalculator.TryNormalize(input, out _, out var problem));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryNormalize_NoIsActive_Refused()
    {
        var input = new WorkerSleepSchedule { DaysOfWeek = "", StartTime = "", EndTime = "" };

        Assert.False(SleepScheduleCalculator.TryNormalize(input, out _, out var problem));

        Assert.StartsWith("is_active: required", problem, StringComparison.Ordinal);
    }
}
