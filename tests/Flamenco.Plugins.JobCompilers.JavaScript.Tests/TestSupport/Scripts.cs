using System.Text.Json;
using Flamenco.Plugins.JobTypes;
using Flamenco.Testing;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;

/// <summary>Loads and compiles job types for tests, with a fixed clock and time zone.</summary>
internal static class Scripts
{
    /// <summary>A zone seven hours behind UTC, so the Go reference time 2006-01-02 15:04:05 reads as it is.</summary>
    public static readonly TimeZoneInfo TestZone = TimeZoneInfo.CreateCustomTimeZone("Test/Minus7", TimeSpan.FromHours(-7), "UTC-7", "UTC-7");

    public static readonly DateTimeOffset Created = new(2006, 1, 2, 15, 4, 5, TimeSpan.FromHours(-7));

    public static readonly JavaScriptLimits TestLimits = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>A job-type script with an empty JOB_TYPE and the given body, so a test only writes what matters.</summary>
    public static string WithJobType(string compileJobBody) => $$"""
        const JOB_TYPE = { label: "Test", settings: [] };
        function compileJob(job) {
        {{compileJobBody}}
        }
        """;

    public static IJobType Load(string text, string name = "test-type", JavaScriptLimits? limits = null, IReadOnlyList<string>? moduleDirectories = null, string? filePath = null)
    {
        var compiler = new JintJobCompiler(limits ?? TestLimits);
        return compiler.Load(new JobTypeSource
        {
            Name = name,
            FilePath = filePath ?? Path.Combine(Path.GetTempPath(), name + ".js"),
            Text = text,
            ModuleDirectories = moduleDirectories ?? [],
        });
    }

    public static IJobType LoadShipped(string name)
    {
        var path = Path.Combine(RepoPaths.JobTypes, name + ".js");
        return new JintJobCompiler(TestLimits).Load(new JobTypeSource
        {
            Name = name,
            FilePath = path,
            Text = File.ReadAllText(path),
            ModuleDirectories = [RepoPaths.JobTypes],
        });
    }

    public static JobToCompile Job(string settingsJson = "{}", string jobType = "test-type", IReadOnlyDictionary<string, string>? metadata = null, string workerTag = "") => new()
    {
        Id = Guid.Parse("c3ef4f47-c8bd-4d9d-a5e1-0eaae4b2a0b5"),
        Name = "test job",
        JobType = jobType,
        Priority = 50,
        Created = Created,
        Settings = JsonDocument.Parse(settingsJson).RootElement.Clone(),
        Metadata = metadata ?? new Dictionary<string, string>(),
        WorkerTagId = workerTag,
    };

    public static JobCompileContext Context(CapturingLogger? logger = null, CancellationToken cancellationToken = default, string platform = "linux") => new()
    {
        Logger = logger ?? new CapturingLogger(),
        TimeZone = TestZone,
        Platform = platform,
        CancellationToken = cancellationToken,
    };

    public static AuthoredJob Compile(string compileJobBody, string settingsJson = "{}", CapturingLogger? logger = null) =>
        Load(WithJobType(compileJobBody)).Compile(Job(settingsJson), Context(logger));

    /// <summary>Runs <paramref name="expression"/> inside compileJob and returns its value, read back through the job's settings.</summary>
    public static JsonElement Evaluate(string expression, string settingsJson = "{}", CapturingLogger? logger = null, string platform = "linux")
    {
        var job = Load(WithJobType($"job.settings.__result = ({expression});")).Compile(Job(settingsJson), Context(logger, platform: platform));
        return job.Settings.GetProperty("__result");
    }

    public static void AssertJson(string expected, JsonElement actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(expectedDocument.RootElement, actual), $"Expected {expected}\nActual   {actual.GetRawText()}");
    }
}
