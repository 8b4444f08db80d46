using System.Globalization;
using Flamenco.Api;

namespace Flamenco.Manager.Workers;

/// <summary>
/// The sleep-schedule arithmetic of manager.md §5.5, on plain values so it is testable without a clock or a host.
/// Times of day are local wall-clock times in the Manager's time zone.
/// Unlike Flamenco, a schedule may span midnight (start 22:00, end 06:00): Flamenco swaps such times and so sleeps
/// during the day instead (quirk Q11). The hours after midnight belong to the night that started the day before, so
/// with days <c>fr</c> and 22:00–06:00 the worker sleeps from Friday 22:00 until Saturday 06:00.
/// </summary>
public static class SleepScheduleCalculator
{
    private static readonly string[] DayNames = ["su", "mo", "tu", "we", "th", "fr", "sa"];

    private static readonly string[] FullDayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    /// <summary>The status the schedule asks for at <paramref name="now"/>: awake without an active schedule.</summary>
    public static WorkerStatus ScheduledStatus(SleepSchedule? schedule, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (schedule is not { IsActive: true }) return WorkerStatus.Awake;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var start = ParseStored(schedule.StartTime);
        var end = ParseStored(schedule.EndTime);

        bool asleep;
        if (start is { } s && end is { } e && e < s)
        {
            // Spans midnight: the evening part is today's night, the morning part yesterday's.
            if (time >= s) asleep = IsScheduledDay(schedule.DaysOfWeek, local.DayOfWeek);
            else if (time < e) asleep = IsScheduledDay(schedule.DaysOfWeek, Yesterday(local.DayOfWeek));
            else asleep = false;
        }
        else
        {
            var afterStart = start is not { } s2 || time >= s2;
            var beforeEnd = end is not { } e2 || time < e2;
            asleep = afterStart && beforeEnd && IsScheduledDay(schedule.DaysOfWeek, local.DayOfWeek);
        }
        return asleep ? WorkerStatus.Asleep : WorkerStatus.Awake;
    }

    /// <summary>
    /// When the schedule must be looked at again: the earliest of the next local midnight, the next start time and
    /// the next end time (each today when still ahead, else tomorrow).
    /// </summary>
    public static DateTimeOffset NextCheck(SleepSchedule schedule, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var candidates = new List<DateTimeOffset> { AtLocal(today.AddDays(1), TimeOnly.MinValue, zone) };
        foreach (var time in new[] { ParseStored(schedule.StartTime), ParseStored(schedule.EndTime) })
        {
            if (time is not { } t) continue;
            var next = AtLocal(today, t, zone);
            if (next <= now) next = AtLocal(today.AddDays(1), t, zone);
            candidates.Add(next);
        }
        return candidates.Min();
    }

    /// <summary>
    /// Checks a schedule as a client sent it and puts it in stored form: times as <c>HH:MM</c> (empty for none), days
    /// as space-separated lower-case two-letter names (<c>"Monday tuesday WED"</c> → <c>"mo tu we"</c>).
    /// </summary>
    public static bool TryNormalize(WorkerSleepSchedule input, out SleepSchedule schedule, out string problem)
    {
        schedule = new SleepSchedule();
        problem = "";
        if (input.IsActive is not { } isActive)
        {
            problem = "is_active: required, true or false";
            return false;
        }
        if (!TryParseTime(input.StartTime, "start_time", out var start, out problem)) return false;
        if (!TryParseTime(input.EndTime, "end_time", out var end, out problem)) return false;
        if (input.DaysOfWeek is null)
        {
            problem = "days_of_week: required, two-letter day names separated by spaces (\"mo tu we\"), or \"\" for every day";
            return false;
        }
        if (!TryCleanDays(input.DaysOfWeek, out var days, out problem)) return false;
        schedule = new SleepSchedule
        {
            IsActive = isActive,
            DaysOfWeek = days,
            StartTime = Format(start),
            EndTime = Format(end),
        };
        return true;
    }

    /// <summary>Day names cut to two lower-case letters; every one must name a day.</summary>
    public static bool TryCleanDays(string? daysOfWeek, out string cleaned, out string problem)
    {
        cleaned = "";
        problem = "";
        var names = new List<string>();
        foreach (var token in (daysOfWeek ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Like upstream, "monday" and "Mon" are "mo"; unlike upstream, "m" or "weekend" are refused, not cut.
            var lower = token.ToLowerInvariant();
            var day = Array.FindIndex(FullDayNames, d => lower.Length >= 2 && d.StartsWith(lower, StringComparison.Ordinal));
            if (day < 0)
            {
                problem = $"days_of_week: \"{token}\" is not a day; use two-letter names separated by spaces, e.g. \"mo tu we th fr\" (empty means every day)";
                return false;
            }
            names.Add(DayNames[day]);
        }
        cleaned = string.Join(' ', names);
        return true;
    }

    private static bool TryParseTime(string? text, string field, out TimeOnly? time, out string problem)
    {
        time = null;
        problem = "";
        if (text is null)
        {
            problem = $"{field}: required, a time as HH:MM (24-hour), or \"\" for none";
            return false;
        }
        if (text.Trim().Length == 0) return true;
        if (ParseStored(text.Trim()) is not { } parsed)
        {
            problem = $"{field}: \"{text}\" is not a time of day; use HH:MM in 24-hour notation, from 00:00 to 23:59";
            return false;
        }
        time = parsed;
        return true;
    }

    /// <summary>A stored or submitted <c>HH:MM</c> (one-digit hours accepted), or null.</summary>
    private static TimeOnly? ParseStored(string? text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static string Format(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "";

    private static bool IsScheduledDay(string daysOfWeek, DayOfWeek day) =>
        string.IsNullOrWhiteSpace(daysOfWeek) || daysOfWeek.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(DayNames[(int)day]);

    private static DayOfWeek Yesterday(DayOfWeek day) => (DayOfWeek)(((int)day + 6) % 7);

    /// <summary>A local wall-clock time as an instant; a time skipped by a DST change counts as the moment after the jump.</summary>
    private static DateTimeOffset AtLocal(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var wall = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall)) wall = wall.AddMinutes(1);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
