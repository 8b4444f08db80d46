using Flamenco.Hosting;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Variables;
using Microsoft.Extensions.Configuration;

namespace Flamenco.Manager.Tests.Variables;

/// <summary>Lookup tables, defaults, the implicit <c>{jobs}</c> and the <c>variables:</c> section from YAML (manager.md §6.3, case 86).</summary>
public sealed class VariableTablesTests
{
    private static readonly Dictionary<string, VariableDefinition> None = [];

    [Fact]
    public void Build_NothingConfigured_BlenderAndBlenderArgsDefaults()
    {
        var tables = VariableTables.Build(None, "/storage", "linux");

        Assert.Equal("blender", tables.Resolve("workers", "linux")["blender"].Value);
        Assert.Equal("blender.exe", tables.Resolve("workers", "windows")["blender"].Value);
        Assert.Equal("blender", tables.Resolve("users", "darwin")["blender"].Value);
        Assert.Equal(new ResolvedVariable("-b -y", false), tables.Resolve("workers", "freebsd")["blenderArgs"]);
        Assert.False(tables.Resolve("workers", "freebsd").ContainsKey("blender"));
    }

    [Fact]
    public void Build_BlenderConfigured_ReplacesTheDefaultWhole()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["blender"] = new() { Values = [new() { Platform = "linux", Value = "/usr/local/blender" }] },
        }, "/storage", "linux");

        Assert.Equal("/usr/local/blender", tables.Resolve("workers", "linux")["blender"].Value);
        Assert.False(tables.Resolve("workers", "windows").ContainsKey("blender"));
        Assert.True(tables.Resolve("workers", "windows").ContainsKey("blenderArgs"));
    }

    [Fact]
    public void Resolve_PlatformValueOverridesAll_AudienceValueOverridesForItsAudienceOnly()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["x"] = new()
            {
                Values =
                [
                    new() { Platform = "all", Value = "everywhere" },
                    new() { Platforms = ["linux", "darwin"], Value = "unix" },
                    new() { Platform = "linux", Audience = "users", Value = "linux users" },
                ],
            },
        }, "/storage", "linux");

        Assert.Equal("everywhere", tables.Resolve("workers", "windows")["x"].Value);
        Assert.Equal("unix", tables.Resolve("workers", "linux")["x"].Value);
        Assert.Equal("unix", tables.Resolve("users", "darwin")["x"].Value);
        Assert.Equal("linux users", tables.Resolve("users", "linux")["x"].Value);
        Assert.Empty(tables.Resolve("troll", "linux"));
    }

    [Theory]
    [InlineData(@"F:\", "F:")]
    [InlineData("/srv/x/", "/srv/x")]
    [InlineData(@"\\server\share\\", @"\\server\share")]
    [InlineData("/", "/")]
    [InlineData(@"\\\", @"\")]
    public void Build_TwoWayValues_TrailingSeparatorsTrimmed(string configured, string expected)
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["two"] = new() { IsTwoway = true, Values = [new() { Platform = "windows", Value = configured }] },
            ["one"] = new() { Values = [new() { Platform = "windows", Value = configured }] },
        }, "/storage", "linux");

        Assert.Equal(new ResolvedVariable(expected, true), tables.Resolve("workers", "windows")["two"]);
        Assert.Equal(configured, tables.Resolve("workers", "windows")["one"].Value);
    }

    [Fact]
    public void Build_ConfiguredJobs_ReplacedByTheImplicitOneWayJobStorage()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["jobs"] = new() { IsTwoway = true, Values = [new() { Platform = "linux", Value = "/configured" }] },
        }, "/path/to/shaman/storage/jobs", "linux");

        Assert.Equal(new ResolvedVariable("/path/to/shaman/storage/jobs", false), tables.Resolve("workers", "linux")["jobs"]);
        Assert.Equal(new ResolvedVariable("/path/to/shaman/storage/jobs", false), tables.Resolve("users", "windows")["jobs"]);
    }

    [Fact]
    public void Build_UnknownAudience_ErrorNamesTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["render"] = new() { Values = [new() { Platform = "linux", Audience = "everyone", Value = "/render" }] },
        }, "/storage", "linux"));

        Assert.Contains("\"render\"", error.Message);
        Assert.Contains("\"everyone\"", error.Message);
    }

    [Fact]
    public void Build_ValueWithoutPlatform_LeftOut()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["render"] = new() { Values = [new() { Value = "/render" }, new() { Platform = "linux", Value = "/linux/render" }] },
        }, "/storage", "linux");

        Assert.Equal("/linux/render", tables.Resolve("workers", "linux")["render"].Value);
        Assert.False(tables.Resolve("workers", "windows").ContainsKey("render"));
    }

    [Fact]
    public void Bind_FromFlamencoYaml_VariablesSectionWithPlatformsAndTwoWay()
    {
        var folder = Directory.CreateTempSubdirectory("flamenco-variables-yaml-").FullName;
        var file = Path.Combine(folder, "flamenco-manager.yaml");
        File.WriteAllText(file, """
            _meta:
              version: 3
            shared_storage_path: /mnt/flamenco
            variables:
              blender:
                values:
                  - platform: linux
                    value: /opt/blender/blender
                  - platform: windows
                    value: 'C:\Program Files\Blender\blender.exe'
              my_storage:
                is_twoway: true
                direction: oneway
                values:
                  - platforms: [linux, darwin]
                    value: /mnt/flamenco/
                  - platform: windows
                    audience: workers
                    value: 'F:\'
            """);

        try
        {
            var options = new ConfigurationBuilder().AddYamlFile(file, optional: false).Build().Get<ManagerOptions>()!;
            var tables = VariableTables.Build(options.Variables, options.SharedStoragePathFull, "linux");

            Assert.Equal(@"C:\Program Files\Blender\blender.exe", tables.Resolve("workers", "windows")["blender"].Value);
            Assert.Equal(new ResolvedVariable("/mnt/flamenco", true), tables.Resolve("users", "darwin")["my_storage"]);
            Assert.Equal(new ResolvedVariable("F:", true), tables.Resolve("workers", "windows")["my_storage"]);
            Assert.False(tables.Resolve("users", "windows").ContainsKey("my_storage"));
            Assert.Equal(@"F:\x.blend", tables.Expander("workers", "windows").Expand("{jobs}/x.blend"));
            Assert.Equal("-b -y", tables.Resolve("workers", "linux")["blenderArgs"].Value);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
