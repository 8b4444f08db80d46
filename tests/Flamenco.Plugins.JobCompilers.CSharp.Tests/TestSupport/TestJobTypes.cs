using System.Text.Json;
using Flamenco.Plugins.JobTypes;
using Flamenco.Testing;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;

/// <summary>Loads and compiles C# job types for tests, with a fixed clock and time zone.</summary>
internal static class TestJobTypes
{
    /// <summary>A zone seven hours behind UTC, so the Go reference time 2006-01-02 15:04:05 reads as it is.</summary>
    public static readonly TimeZoneInfo TestZone = TimeZoneInfo.CreateCustomTimeZone("Test/Minus7", TimeSpan.FromHours(-7), "UTC-7", "UTC-7");

    public static readonly DateTimeOffset Created = new(2006, 1, 2, 15, 4, 5, TimeSpan.FromHours(-7));

    public static readonly CSharpLimits TestLimits = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>A job type with an empty definition and the given <c>CompileJob</c> body, so a test only writes what matters.</summary>
    public static string WithJobType(string compileJobBody) => $$"""
        JobType = new() { Label = "Test" };
        void CompileJob(Job job)
        {
        {{compileJobBody}}
        }
        """;

    public static JobTypeSource Source(string text, string name = "test-type", string? filePath = null) => new()
    {
        Name = name,
        FilePath = filePath ?? Path.Combine(Path.GetTempPath(), name + ".csx"),
        Text = text,
    };

    public static IJobType Load(string text, string name = "test-type", CSharpLimits? limits = null) =>
        new CSharpJobCompiler(limits ?? TestLimits).Load(Source(text, name));

    public static JobTypeSource ShippedSource(string fileName)
    {
        var path = Path.Combine(RepoPaths.JobTypes, fileName);
        return new JobTypeSource
        {
            Name = Path.GetFileNameWithoutExtension(fileName),
            FilePath = path,
            Text = File.ReadAllText(path),
            ModuleDirectories = [RepoPaths.JobTypes],
        };
    }

    public static JobToCompile Job(string settingsJson = "{}", string jobType = "test-type", IReadOnlyDictionary<string, string>? metadata = null) => new()
    {
        Id = Guid.Parse("c3ef4f47-c8bd-4d9d-a5e1-0eaae4b2a0b5"),
        Name = "test job",
        JobType = jobType,
        Priority = 50,
        Created = Created,
        Settings = JsonDocument.Parse(settingsJson).RootElement.Clone(),
        Metadata = metadata ?? new Dictionary<string, string>(),
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

    public static void AssertJson(string expected, JsonElement actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(expectedDocument.RootElement, actual), $"Expected {expected}\nActual   {actual.GetRawText()}");
    }
}
