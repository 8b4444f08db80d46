using System.Text.Json.Nodes;
using Flamenco.Plugins.JobCompilers.JavaScript.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Tests.JobTypes;

/// <summary>The shipped <c>jobtypes/simple-blender-render.js</c> against the acceptance cases of Flamenco's job compiler.</summary>
public sealed class SimpleBlenderRenderTests
{
    private const string Out = "/render/sprites/farm_output/promo/square_ellie/square_ellie.lighting_light_breakdown2";

    private const string Python =
        "import bpy; r = bpy.context.scene.render; r.use_file_extension = True; r.use_overwrite = False; r.use_placeholder = False";

    private static readonly IJobType JobType = Scripts.LoadShipped("simple-blender-render");

    /// <summary>Flamenco's <c>exampleSubmittedJob</c> settings, including keys the job type does not use.</summary>
    private static JsonObject FixtureSettings() => new()
    {
        ["blendfile"] = "/render/sf/jobs/scene123.blend",
        ["chunk_size"] = 3,
        ["format"] = "PNG",
        ["fps"] = 24.0,
        ["frames"] = "1-10",
        ["image_file_extension"] = ".png",
        ["render_output_root"] = "/render/sprites/farm_output/promo/square_ellie",
        ["add_path_components"] = 1,
        ["render_output_path"] = Out + "/######",
        ["extra_key"] = "unused",
        ["extra_list"] = new JsonArray(1, "two"),
    };

    private static AuthoredJob Compile(JsonObject settings) => JobType.Compile(
        Scripts.Job(settings.ToJsonString(), "simple-blender-render", new Dictionary<string, string>
        {
            ["project"] = "Sprite Fright",
            ["user.email"] = "sybren@blender.org",
            ["user.name"] = "Sybren Stüvel",
        }, "acce9983-e663-4210-b3cc-f7bfa629cb21"),
        Scripts.Context());

    [Fact]
    public void Info_ShippedFile_HasFlamencosSettingKeysAndFlags()
    {
        var settings = JobType.Info.Settings.ToDictionary(s => s.Key);

        Assert.Equal("simple-blender-render", JobType.Info.Name);
        Assert.Equal("Simple Blender Render", JobType.Info.Label);
        Assert.Equal(
            ["frames", "chunk_size", "render_output_root", "add_path_components", "render_output_path", "blendfile", "fps", "format", "image_file_extension", "has_previews", "scene"],
            JobType.Info.Settings.Select(s => s.Key));
        Assert.Equal("f\"{C.scene.frame_start}-{C.scene.frame_end}\"", settings["frames"].Eval);
        Assert.True(settings["frames"].EvalInfo!.ShowLinkButton);
        Assert.Equal("submission", settings["chunk_size"].Visible);
        Assert.Equal("1", settings["chunk_size"].Default!.Value.GetRawText());
        Assert.Equal("dir_path", settings["render_output_root"].Subtype);
        Assert.Equal("""{"min":0,"max":32}""", settings["add_path_components"].Propargs!.Value.GetRawText());
        Assert.False(settings["render_output_path"].Editable);
        Assert.Equal("file_path", settings["render_output_path"].Subtype);
        Assert.Equal(
            "str(Path(abspath(settings.render_output_root), last_n_dir_parts(settings.add_path_components), jobname, '{timestamp}', '######'))",
            settings["render_output_path"].Eval);
        Assert.Equal("bpy.data.filepath", settings["blendfile"].Eval);
        Assert.Equal("hidden", settings["fps"].Visible);
        Assert.Equal("float", settings["fps"].Type);
        Assert.Equal("bool", settings["has_previews"].Type);
        Assert.Null(settings["has_previews"].Required);
        Assert.Equal("web", settings["scene"].Visible);
        Assert.Matches("^[0-9a-f]{40}$", JobType.Info.Etag);
    }

    [Fact]
    public void Compile_FlamencoFixture_GivesFlamencosTasks()
    {
        var job = Compile(FixtureSettings());

        Assert.Equal(["render-1-3", "render-4-6", "render-7-9", "render-10", "preview-video"], job.Tasks.Select(t => t.Name));
        Assert.Equal(5, job.Tasks.Select(t => t.Id).Distinct().Count());
        Assert.DoesNotContain(Guid.Empty, job.Tasks.Select(t => t.Id));
        var render = job.Tasks[0];
        Assert.Equal("blender", render.Type);
        var command = Assert.Single(render.Commands);
        Assert.Equal("blender-render", command.Name);
        Assert.Equal(3, command.TotalStepCount);
        Scripts.AssertJson($$"""
            {
              "exe": "{blender}", "exeArgs": "{blenderArgs}", "argsBefore": [],
              "blendfile": "/render/sf/jobs/scene123.blend",
              "args": ["--python-expr", "{{Python}}", "--render-output", "{{Out}}/######", "--render-format", "PNG", "--render-frame", "1..3"]
            }
            """, command.Parameters);
        Assert.Equal(["1..3", "4..6", "7..9", "10"], job.Tasks.Take(4).Select(t => t.Commands[0].Parameters.GetProperty("args")[7].GetString()));
        Assert.Equal([3, 3, 3, 1], job.Tasks.Take(4).Select(t => t.Commands[0].TotalStepCount));
    }

    [Fact]
    public void Compile_FlamencoFixture_GivesPreviewVideoDependingOnAllRenders()
    {
        var job = Compile(FixtureSettings());

        var video = job.Tasks[4];
        Assert.Equal("ffmpeg", video.Type);
        var command = Assert.Single(video.Commands);
        Assert.Equal("frames-to-video", command.Name);
        Assert.Equal(0, command.TotalStepCount);
        Scripts.AssertJson($$"""
            {
              "exe": "ffmpeg", "fps": 24,
              "inputGlob": "{{Out}}/*.png", "outputFile": "{{Out}}/scene123-1-10.mp4",
              "args": ["-c:v", "h264", "-crf", "20", "-g", "18", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p", "-r", 24, "-y"]
            }
            """, command.Parameters);
        Assert.Equal("24", command.Parameters.GetProperty("fps").GetRawText());
        Assert.Equal(job.Tasks.Take(4).Select(t => t.Id), video.Dependencies);
        Assert.All(job.Tasks.Take(4), t => Assert.Empty(t.Dependencies));
    }

    [Fact]
    public void Compile_FlamencoFixture_KeepsSettingsAndMetadata()
    {
        var job = Compile(FixtureSettings());

        Scripts.AssertJson(FixtureSettings().ToJsonString(), job.Settings);
        Assert.Equal("Sprite Fright", job.Metadata["project"]);
        Assert.Equal("Sybren Stüvel", job.Metadata["user.name"]);
        Assert.Equal(3, job.Metadata.Count);
    }

    [Fact]
    public void Compile_WithScene_PrependsSceneArguments()
    {
        var settings = FixtureSettings();
        settings["scene"] = "Test Scene";

        var job = Compile(settings);

        var args = job.Tasks[0].Commands[0].Parameters.GetProperty("args").EnumerateArray().Select(a => a.GetString());
        Assert.Equal(["--scene", "Test Scene", "--python-expr", Python, "--render-output", Out + "/######", "--render-format", "PNG", "--render-frame", "1..3"], args);
    }

    [Fact]
    public void Compile_WindowsPaths_UsesForwardSlashesExceptInBlendfile()
    {
        var settings = FixtureSettings();
        settings["blendfile"] = @"R:\sf\jobs\scene123.blend";
        settings["render_output_path"] = @"R:\sprites\farm_output\promo\square_ellie\square_ellie.lighting_light_breakdown2\######";
        const string windowsOut = "R:/sprites/farm_output/promo/square_ellie/square_ellie.lighting_light_breakdown2";

        var job = Compile(settings);

        var render = job.Tasks[0].Commands[0].Parameters;
        Assert.Equal(windowsOut + "/######", render.GetProperty("args")[3].GetString());
        Assert.Equal(@"R:\sf\jobs\scene123.blend", render.GetProperty("blendfile").GetString());
        var video = job.Tasks[4].Commands[0].Parameters;
        Assert.Equal(windowsOut + "/*.png", video.GetProperty("inputGlob").GetString());
        Assert.Equal(windowsOut + "/scene123-1-10.mp4", video.GetProperty("outputFile").GetString());
    }

    [Fact]
    public void Compile_TimestampPlaceholder_ReplacedAndStoredInSettings()
    {
        var settings = FixtureSettings();
        settings["render_output_path"] = "/root/{timestamp}/jobname/######";

        var job = Compile(settings);

        Assert.Equal("/root/2006-01-02_150405/jobname/######", job.Settings.GetProperty("render_output_path").GetString());
        Assert.Equal("/root/2006-01-02_150405/jobname/######", job.Tasks[0].Commands[0].Parameters.GetProperty("args")[3].GetString());
        var video = job.Tasks[4].Commands[0].Parameters;
        Assert.Equal("/root/2006-01-02_150405/jobname/*.png", video.GetProperty("inputGlob").GetString());
        Assert.Equal("/root/2006-01-02_150405/jobname/scene123-1-10.mp4", video.GetProperty("outputFile").GetString());
    }

    [Fact]
    public void Compile_ComplexFrameRange_ChunksByFrameCount()
    {
        var settings = FixtureSettings();
        settings["frames"] = "0-12,34-56,78-90";
        settings["chunk_size"] = 20;

        var job = Compile(settings);

        Assert.Equal(["render-0-12,34-40", "render-41-56,78-81", "render-82-90", "preview-video"], job.Tasks.Select(t => t.Name));
        Assert.Equal(["0..12,34..40", "41..56,78..81", "82..90"], job.Tasks.Take(3).Select(t => t.Commands[0].Parameters.GetProperty("args")[7].GetString()));
        Assert.Equal([20, 20, 9], job.Tasks.Take(3).Select(t => t.Commands[0].TotalStepCount));
        Assert.Equal("ffmpeg", job.Tasks[3].Type);
        Assert.Equal(Out + "/scene123-0-90.mp4", job.Tasks[3].Commands[0].Parameters.GetProperty("outputFile").GetString());
    }

    [Theory]
    [InlineData("FFMPEG")]
    [InlineData("AVI_RAW")]
    [InlineData("AVI_JPEG")]
    public void Compile_VideoFormat_RefusedWithFlamencosMessage(string format)
    {
        var settings = FixtureSettings();
        settings["format"] = format;

        var error = Assert.Throws<JobTypeException>(() => Compile(settings));

        Assert.Equal($"This job type only renders images, and not \"{format}\"", error.Message);
        Assert.EndsWith("simple-blender-render.js", error.FilePath, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Compile_ExrWithoutPreviews_HasNoVideoTask()
    {
        var settings = FixtureSettings();
        settings["format"] = "OPEN_EXR";
        settings["has_previews"] = false;

        var job = Compile(settings);

        Assert.Equal(["render-1-3", "render-4-6", "render-7-9", "render-10"], job.Tasks.Select(t => t.Name));
    }

    [Fact]
    public void Compile_ExrWithPreviews_MakesVideoFromJpegPreviews()
    {
        var settings = FixtureSettings();
        settings["format"] = "OPEN_EXR";
        settings["has_previews"] = true;

        var job = Compile(settings);

        Assert.Equal("preview-video", job.Tasks[^1].Name);
        Assert.Equal(Out + "/*.jpg", job.Tasks[^1].Commands[0].Parameters.GetProperty("inputGlob").GetString());
    }

    [Fact]
    public void Compile_WithoutFps_HasNoVideoTask()
    {
        var settings = FixtureSettings();
        settings.Remove("fps");

        var job = Compile(settings);

        Assert.DoesNotContain(job.Tasks, t => t.Name == "preview-video");
        Assert.Equal(4, job.Tasks.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Compile_WithoutRenderOutputPath_RefusedWithFlamencosMessage(string? outputPath)
    {
        var settings = FixtureSettings();
        settings["render_output_path"] = outputPath;

        var error = Assert.Throws<JobTypeException>(() => Compile(settings));

        Assert.Equal("no render_output_path setting!", error.Message);
    }

    [Fact]
    public void Compile_FlamencoBlendfileSuffix_RemovedFromVideoName()
    {
        var settings = FixtureSettings();
        settings["blendfile"] = "/render/sf/jobs/scene123.flamenco.blend";

        var job = Compile(settings);

        Assert.Equal(Out + "/scene123-1-10.mp4", job.Tasks[^1].Commands[0].Parameters.GetProperty("outputFile").GetString());
    }

    [Fact]
    public void Compile_TenThousandFramesOneByOne_GivesOneTaskPerFrame()
    {
        var settings = FixtureSettings();
        settings["frames"] = "1-10000";
        settings["chunk_size"] = 1;

        var job = Compile(settings);

        Assert.Equal(10_001, job.Tasks.Count);
        Assert.Equal("render-10000", job.Tasks[9_999].Name);
        Assert.Equal("10000", job.Tasks[9_999].Commands[0].Parameters.GetProperty("args")[7].GetString());
        Assert.Equal(10_000, job.Tasks[^1].Dependencies.Count);
    }
}
