using System.Text.Json;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;

/// <summary>Compares jobs made by different compilers: task ids differ, so dependencies are compared by task position.</summary>
internal static class AuthoredJobs
{
    public static void AssertSame(AuthoredJob expected, AuthoredJob actual)
    {
        Assert.Equal(Describe(expected), Describe(actual));
        Assert.True(JsonElement.DeepEquals(expected.Settings, actual.Settings), $"settings {expected.Settings} != {actual.Settings}");
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key), actual.Metadata.OrderBy(p => p.Key));
    }

    /// <summary>One line per task: name, type, priority, dependencies (as positions) and each command with its canonical JSON.</summary>
    public static IReadOnlyList<string> Describe(AuthoredJob job)
    {
        var positions = job.Tasks.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i);
        return [.. job.Tasks.Select(task =>
            $"{task.Name} [{task.Type}] p{task.Priority} after({string.Join(",", task.Dependencies.Select(d => positions[d]))}): " +
            string.Join(" | ", task.Commands.Select(c => $"{c.Name}/{c.TotalStepCount} {Canonical(c.Parameters)}")))];
    }

    /// <summary>JSON with sorted keys and one escaping, so equal values compare equal whatever wrote them.</summary>
    private static string Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.String => JsonSerializer.Serialize(element.GetString()),
        _ => element.GetRawText(),
    };
}

/// <summary>Setting definitions compared by value, JSON members included.</summary>
internal sealed class JobSettingComparer : IEqualityComparer<JobSettingDefinition>
{
    public static readonly JobSettingComparer Instance = new();

    public bool Equals(JobSettingDefinition? x, JobSettingDefinition? y) => x is not null && y is not null && Text(x) == Text(y);

    public int GetHashCode(JobSettingDefinition obj) => Text(obj).GetHashCode(StringComparison.Ordinal);

    private static string Text(JobSettingDefinition s) =>
        $"{s.Key}|{s.Type}|{s.Subtype}|{string.Join(",", s.Choices ?? [])}|{s.Propargs?.GetRawText()}|{s.Description?.GetRawText()}|{s.Label?.GetRawText()}|{s.Default?.GetRawText()}|{s.Eval}|{s.EvalInfo}|{s.Visible}|{s.Required}|{s.Editable}";
}
