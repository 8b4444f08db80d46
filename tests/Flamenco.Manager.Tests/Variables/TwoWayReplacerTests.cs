using System.Text.Json;
using Flamenco.Manager.Variables;

namespace Flamenco.Manager.Tests.Variables;

/// <summary>Two-way replacement at submission, manager.md §6.3 A and §8.2 case 23, with the §9.3 Q13 fix.</summary>
public sealed class TwoWayReplacerTests
{
    [Theory]
    [InlineData(@"Y:\shared\flamenco\shot\file.blend", @"{shared}\shot\file.blend")]
    [InlineData("Y:/shared/flamenco/shot/file.blend", "{shared}/shot/file.blend")]
    [InlineData(@"y:\shared\flamenco\shot\file.blend", @"{shared}\shot\file.blend")]
    [InlineData(@"Y:\SHARED\flamenco\shot\file.blend", @"{shared}\shot\file.blend")]
    [InlineData(@"Y:\shared\FLAMENCO\SHOT\file.blend", @"{shared}\SHOT\file.blend")]
    [InlineData(@"Y:\shared\flamenco", "{shared}")]
    [InlineData(@"X:\shared\flamenco\file.blend", @"X:\shared\flamenco\file.blend")]
    public void Replace_WindowsSubmitter_UpstreamVectors(string submitted, string expected)
    {
        Assert.Equal(expected, VariableExpanderTests.SharedTwoWay().Replacer("windows").Replace(submitted));
    }

    [Fact]
    public void Replace_LinuxSubmitterWithBackslashes_Matches()
    {
        Assert.Equal(@"{shared}\shot\file.blend", VariableExpanderTests.SharedTwoWay().Replacer("linux").Replace(@"/shared\flamenco\shot\file.blend"));
    }

    [Theory]
    [InlineData("/renderfarm/x", "/renderfarm/x")]
    [InlineData("/render", "{render}")]
    [InlineData("/render/x", "{render}/x")]
    [InlineData("/render/frames/x", "{frames}/x")]
    [InlineData("/render/framesets/x", "{render}/framesets/x")]
    public void Replace_PrefixAtComponentBoundaryOnly_LongestValueFirst(string submitted, string expected)
    {
        var replacer = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["render"] = new() { IsTwoway = true, Values = [new() { Platform = "linux", Value = "/render/" }] },
            ["frames"] = new() { IsTwoway = true, Values = [new() { Platform = "linux", Value = "/render/frames" }] },
        }, "/shared", "linux").Replacer("linux");

        Assert.Equal(expected, replacer.Replace(submitted));
    }

    [Fact]
    public void Replace_DriveRootValue_MatchesPathsOnTheDrive()
    {
        var replacer = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["render"] = new() { IsTwoway = true, Values = [new() { Platform = "windows", Value = @"R:\" }] },
        }, "/shared", "linux").Replacer("windows");

        Assert.Equal(@"{render}\frames\x", replacer.Replace(@"R:\frames\x"));
        Assert.Equal("{render}/frames/x", replacer.Replace("r:/frames/x"));
    }

    [Fact]
    public void ReplaceInSettingsAndMetadata_FullVector_OnlyTopLevelStrings()
    {
        var tables = VariableTables.Build(new Dictionary<string, VariableDefinition>
        {
            ["project"] = new() { IsTwoway = true, Values = [new() { Platform = "all", Value = "/projects/sprite-fright" }] },
            ["render"] = new()
            {
                IsTwoway = true,
                Values =
                [
                    new() { Platform = "linux", Audience = "workers", Value = "/render" },
                    new() { Platform = "darwin", Value = "/Volumes/render" },
                    new() { Platform = "windows", Value = "R:" },
                ],
            },
            ["locally-set-path"] = new() { Values = [new() { Platform = "all", Value = "/render/jobs" }] },
        }, "/shared", "linux");
        var settings = JsonSerializer.Deserialize<JsonElement>("""
            {"filepath":"/render/jobs/sf/scene123.blend",
             "render_output_path":"/render/frames/sf/scene123/Substituição variável bidirecional/######",
             "different_prefix_path":"/backup/render/frames/sf/scene123","chunk_size":3,"nested":{"path":"/render/x"}}
            """);
        var metadata = new Dictionary<string, string> { ["root"] = "/projects/sprite-fright", ["scene"] = "/projects/sprite-fright/scenes/123" };
        var replacer = tables.Replacer("linux");

        var replaced = replacer.ReplaceInSettings(settings);
        var replacedMetadata = replacer.ReplaceInMetadata(metadata);

        Assert.Equal("{render}/jobs/sf/scene123.blend", replaced.GetProperty("filepath").GetString());
        Assert.Equal("{render}/frames/sf/scene123/Substituição variável bidirecional/######", replaced.GetProperty("render_output_path").GetString());
        Assert.Equal("/backup/render/frames/sf/scene123", replaced.GetProperty("different_prefix_path").GetString());
        Assert.Equal(3, replaced.GetProperty("chunk_size").GetInt32());
        Assert.Equal("/render/x", replaced.GetProperty("nested").GetProperty("path").GetString());
        Assert.Equal(new Dictionary<string, string> { ["root"] = "{project}", ["scene"] = "{project}/scenes/123" }, replacedMetadata);
    }

    [Fact]
    public void ReplaceInSettings_NothingMatches_SameElement()
    {
        var settings = JsonSerializer.Deserialize<JsonElement>("""{"filepath":"/elsewhere/x.blend"}""");

        var replaced = VariableExpanderTests.SharedTwoWay().Replacer("linux").ReplaceInSettings(settings);

        Assert.Equal(settings.GetRawText(), replaced.GetRawText());
    }
}
