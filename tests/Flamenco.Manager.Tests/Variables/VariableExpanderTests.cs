using System.Text.Json;
using Flamenco.Manager.Variables;

namespace Flamenco.Manager.Tests.Variables;

/// <summary>Expansion for workers, manager.md §6.3 B and §8.7 cases 80–85 (Flamenco's varrepl_test.go vectors).</summary>
public sealed class VariableExpanderTests
{
    /// <summary>Flamenco's api_impl/test-flamenco-manager.yaml: all one-way (its <c>direction:</c> keys mean nothing).</summary>
    private static VariableTables TestConfig() => VariableTables.Build(new Dictionary<string, VariableDefinition>
    {
        ["blender"] = new()
        {
            Values =
            [
                new() { Platform = "linux", Audience = "users", Value = "/linux/path/to/blender" },
                new() { Platform = "linux", Audience = "workers", Value = "/opt/myblenderbuild/blender" },
                new() { Platform = "windows", Value = "c:/temp/blender.exe" },
                new() { Platform = "darwin", Value = "/opt/myblenderbuild/blender" },
            ],
        },
        ["job_storage"] = new()
        {
            Values =
            [
                new() { Platform = "windows", Value = "s:/flamenco/jobs" },
                new() { Platform = "linux", Value = "/shared/flamenco/jobs" },
                new() { Platform = "autumn", Value = "hey" },
            ],
        },
        ["render_long"] = new()
        {
            Values =
            [
                new() { Platform = "windows", Value = "s:/flamenco/render/long" },
                new() { Platform = "linux", Value = "/shared/flamenco/render/long" },
            ],
        },
    }, "/shared/flamenco", "linux");

    private static VariableExpander Workers(VariableTables tables, string platform) => tables.Expander(VariableTables.Workers, platform);

    private static IReadOnlyList<Flamenco.Api.Command> Commands(VariableExpander expander, object parameters) =>
        expander.ExpandCommands(JsonSerializer.Serialize(new[] { new { name = "test", parameters, total_step_count = 1 } }));

    [Fact]
    public void ExpandCommands_LinuxWorker_ReplacesStringsAndListItemsButNotKeys()
    {
        var commands = Commands(Workers(TestConfig(), "linux"), new Dictionary<string, object>
        {
            ["exe"] = "{blender}",
            ["message"] = "Running Blender from {blender} {blender}",
            ["args"] = new object[] { "--render-out", "{render_long}/sybren/blender-cloud-addon/flat-shading_####", 47 },
            ["{blender}"] = 3,
            ["nested"] = new { path = "{blender}" },
        });

        var parameters = Assert.Single(commands).Parameters;
        Assert.Equal("/opt/myblenderbuild/blender", parameters.GetProperty("exe").GetString());
        Assert.Equal("Running Blender from /opt/myblenderbuild/blender /opt/myblenderbuild/blender", parameters.GetProperty("message").GetString());
        Assert.Equal("""["--render-out","/shared/flamenco/render/long/sybren/blender-cloud-addon/flat-shading_####",47]""", parameters.GetProperty("args").GetRawText());
        Assert.Equal(3, parameters.GetProperty("{blender}").GetInt32());
        Assert.Equal("{blender}", parameters.GetProperty("nested").GetProperty("path").GetString());
    }

    [Fact]
    public void Expand_WindowsWorker_OneWayValuesKeepTheirSlashes()
    {
        var expander = Workers(TestConfig(), "windows");

        Assert.Equal("s:/flamenco/jobs/sybren/2017/flamenco-test.flamenco.blend", expander.Expand("{job_storage}/sybren/2017/flamenco-test.flamenco.blend"));
        Assert.Equal("c:/temp/blender.exe", expander.Expand("{blender}"));
        Assert.Equal("{hey}/haha", expander.Expand("{hey}/haha"));
    }

    [Fact]
    public void Expand_UnknownPlatform_OnlyItsOwnValues()
    {
        var expander = Workers(TestConfig(), "autumn");

        Assert.Equal("hey/sybren/2017/x.blend", expander.Expand("{job_storage}/sybren/2017/x.blend"));
        Assert.Equal("{render_long}/x", expander.Expand("{render_long}/x"));
        Assert.Equal("{hey}/haha", expander.Expand("{hey}/haha"));
    }

    [Fact]
    public void Expand_UsersAudience_GetsTheUsersValue()
    {
        Assert.Equal("/linux/path/to/blender", TestConfig().Expander(VariableTables.Users, "linux").Expand("{blender}"));
    }

    [Fact]
    public void ExpandCommands_TwoWayToWindows_PathsNormalisedFFmpegExpressionUntouched()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["project"] = new() { IsTwoway = true, Values = [new() { Platform = "linux", Value = "/projects/charge" }, new() { Platform = "windows", Value = @"P:\charge" }] },
        }, "/shared", "linux");

        var parameters = Assert.Single(Commands(Workers(tables, "windows"), new
        {
            exe = "ffmpeg", fps = 24, inputGlob = "{project}/renders/*.webp", outputFile = "{project}/renders/video.mp4",
            args = new[] { "-c:v", "hevc", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-fake-lut", "{project}/ffmpeg.lut" },
        })).Parameters;

        Assert.Equal(@"P:\charge\renders\*.webp", parameters.GetProperty("inputGlob").GetString());
        Assert.Equal(@"P:\charge\renders\video.mp4", parameters.GetProperty("outputFile").GetString());
        Assert.Equal(["-c:v", "hevc", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-fake-lut", @"P:\charge\ffmpeg.lut"],
            parameters.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("ffmpeg", parameters.GetProperty("exe").GetString());
        Assert.Equal(24, parameters.GetProperty("fps").GetInt32());
    }

    [Theory]
    [InlineData("windows", @"{shared}\shot\file.blend", @"Y:\shared\flamenco\shot\file.blend")]
    [InlineData("windows", "{shared}/shot/file.blend", @"Y:\shared\flamenco\shot\file.blend")]
    [InlineData("linux", @"{shared}\shot\file.blend", "/shared/flamenco/shot/file.blend")]
    [InlineData("linux", "{shared}/shot/file.blend", "/shared/flamenco/shot/file.blend")]
    public void Expand_TwoWayMixedSlashes_NormalisedForTheTarget(string platform, string value, string expected)
    {
        Assert.Equal(expected, Workers(SharedTwoWay(), platform).Expand(value));
    }

    [Fact]
    public void Expand_ManagerPathAndOneWayToManagerPath_MappedToTheWorkersPlatform()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["locally-set-path"] = new() { Values = [new() { Platform = "all", Value = "/path/on/linux" }] },
            ["platform-specifics"] = new()
            {
                IsTwoway = true,
                Values =
                [
                    new() { Platform = "linux", Audience = "workers", Value = "/path/on/linux" },
                    new() { Platform = "windows", Audience = "workers", Value = @"C:\path\on\windows" },
                ],
            },
        }, "/shared", "linux");
        var expander = Workers(tables, "windows");

        Assert.Equal(@"C:\path\on\windows\file.txt", expander.Expand("/path/on/linux/file.txt"));
        Assert.Equal(@"C:\path\on\windows\should\be\remapped", expander.Expand("{locally-set-path}/should/be/remapped"));
        Assert.Equal("{demo}", expander.Expand("{demo}"));
    }

    [Fact]
    public void Expand_ImplicitJobs_MappedThroughATwoWayVariable()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["storage"] = new() { IsTwoway = true, Values = [new() { Platform = "linux", Value = "/mnt/flamenco" }, new() { Platform = "windows", Value = @"F:\" }] },
        }, "/mnt/flamenco/jobs", "linux");

        Assert.Equal(@"F:\jobs\job-1\scene.blend", Workers(tables, "windows").Expand("{jobs}/job-1/scene.blend"));
        Assert.Equal("/mnt/flamenco/jobs/job-1/scene.blend", Workers(tables, "linux").Expand("{jobs}/job-1/scene.blend"));
    }

    [Fact]
    public void Expand_ManagerValueIsOnlyAPrefixOfAComponent_NotMapped()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["render"] = new() { IsTwoway = true, Values = [new() { Platform = "linux", Value = "/render" }, new() { Platform = "windows", Value = "R:" }] },
        }, "/shared", "linux");

        Assert.Equal("/renderfarm/x", Workers(tables, "windows").Expand("/renderfarm/x"));
        Assert.Equal(@"R:\x", Workers(tables, "windows").Expand("/render/x"));
    }

    [Fact]
    public void ExpandCommands_NothingToExpand_KeepsTheParsedParameters()
    {
        var commands = Commands(Workers(TestConfig(), "linux"), new { message = "nothing here", args = new[] { "a/b" } });

        Assert.Equal("""{"message":"nothing here","args":["a/b"]}""", commands[0].Parameters.GetRawText());
    }

    [Fact]
    public void ExpandCommands_NonAsciiPath_KeptReadable()
    {
        var commands = Commands(Workers(SharedTwoWay(), "linux"), new { path = "{shared}/Substituição/######" });

        Assert.Equal("/shared/flamenco/Substituição/######", commands[0].Parameters.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("users", "linux", "/user/shared/storage/flamenco")]
    [InlineData("workers", "linux", "/worker/shared/storage/flamenco")]
    [InlineData("users", "windows", @"S:\storage\flamenco")]
    public void Expand_SharedStorageOfAWindowsManager_MappedPerAudience(string audience, string platform, string expected)
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["storage"] = new()
            {
                IsTwoway = true,
                Values =
                [
                    new() { Platform = "linux", Audience = "users", Value = "/user/shared/storage" },
                    new() { Platform = "linux", Audience = "workers", Value = "/worker/shared/storage" },
                    new() { Platform = "windows", Value = @"S:\storage" },
                ],
            },
        }, @"S:\storage\flamenco", "windows");

        Assert.Equal(expected, tables.Expander(audience, platform).Expand(tables.JobStoragePath));
    }

    [Theory]
    [InlineData("linux", "/mnt/flamenco")]
    [InlineData("windows", @"F:\")]
    public void Expand_SharedStorageMappedToADriveRoot_DriveGetsItsSeparator(string platform, string expected)
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["storage"] = new() { IsTwoway = true, Values = [new() { Platform = "linux", Value = "/mnt/flamenco" }, new() { Platform = "windows", Value = @"F:\" }] },
        }, "/mnt/flamenco", "linux");

        Assert.Equal(expected, tables.Expander(VariableTables.Users, platform).Expand(tables.JobStoragePath));
    }

    internal static VariableTables SharedTwoWay(string managerPlatform = "linux") => VariableTables.Build(new Dictionary<string, VariableDefinition>
    {
        ["shared"] = new() { IsTwoway = true, Values = [new() { Platform = "linux", Value = "/shared/flamenco" }, new() { Platform = "windows", Value = @"Y:\shared\flamenco" }] },
    }, "/shared/flamenco", managerPlatform);
}
