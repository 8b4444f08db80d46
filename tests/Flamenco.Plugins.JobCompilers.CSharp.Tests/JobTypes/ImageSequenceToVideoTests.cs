using Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.JobCompilers.CSharp.Tests.JobTypes;

/// <summary>image-sequence-to-video.csx: one folder task, then one FFmpeg task per selected format.</summary>
public sealed class ImageSequenceToVideoTests
{
    private static readonly IJobType JobType =
        new CSharpJobCompiler(TestJobTypes.TestLimits).Load(TestJobTypes.ShippedSource("image-sequence-to-video.csx"));

    [Fact]
    public void Load_DescribesItsSettings()
    {
        Assert.Equal("image-sequence-to-video", JobType.Info.Name);
        Assert.Equal("Image Sequence to Video", JobType.Info.Label);
        Assert.Equal(["images", "image_pattern", "fps", "output_dir", "mp4_h264", "webm_vp9", "prores_mov", "crf", "max_width", "extra_args"],
            JobType.Info.Settings.Select(s => s.Key));
        Assert.Equal("dir_path", JobType.Info.Settings[0].Subtype);
        Assert.Equal(40, JobType.Info.Etag.Length);
    }

    [Fact]
    public void Compile_AllFormats_OneFolderTaskThenOneEncodeTaskPerFormat()
    {
        var job = JobType.Compile(TestJobTypes.Job("""
            {"images": "/render/shot_010/frames", "image_pattern": "*.exr", "fps": 25, "output_dir": "/render/shot_010/video",
             "mp4_h264": true, "webm_vp9": true, "prores_mov": true, "crf": 23, "max_width": 1920, "extra_args": "-tune film"}
            """), TestJobTypes.Context());

        Assert.Equal(["create-output-dir", "video-h264", "video-vp9", "video-prores"], job.Tasks.Select(t => t.Name));
        Assert.Equal(["file-management", "ffmpeg", "ffmpeg", "ffmpeg"], job.Tasks.Select(t => t.Type));
        Assert.All(job.Tasks.Skip(1), t => Assert.Equal([job.Tasks[0].Id], t.Dependencies));
        TestJobTypes.AssertJson("""{"path": "/render/shot_010/video"}""", Assert.Single(job.Tasks[0].Commands).Parameters);

        var h264 = Assert.Single(job.Tasks[1].Commands);
        Assert.Equal("frames-to-video", h264.Name);
        TestJobTypes.AssertJson("""
            {"exe": "ffmpeg", "fps": 25, "inputGlob": "/render/shot_010/frames/*.exr",
             "outputFile": "/render/shot_010/video/frames-2006-01-02_150405.mp4",
             "args": ["-c:v", "h264", "-pix_fmt", "yuv420p", "-crf", "23", "-vf", "scale='min(1920,iw)':-2,pad=ceil(iw/2)*2:ceil(ih/2)*2", "-tune", "film", "-y"]}
            """, h264.Parameters);
        TestJobTypes.AssertJson("""
            {"exe": "ffmpeg", "fps": 25, "inputGlob": "/render/shot_010/frames/*.exr",
             "outputFile": "/render/shot_010/video/frames-2006-01-02_150405.mov",
             "args": ["-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", "-vf", "scale='min(1920,iw)':-2", "-tune", "film", "-y"]}
            """, Assert.Single(job.Tasks[3].Commands).Parameters);
        Assert.Equal("h264,vp9,prores", job.Metadata["videos"]);
    }

    [Fact]
    public void Compile_DefaultsOnly_OneH264VideoFromPngs()
    {
        var job = JobType.Compile(TestJobTypes.Job("""{"images": "C:\\renders\\seq", "fps": 23.976, "output_dir": "C:\\renders\\out", "mp4_h264": true}"""), TestJobTypes.Context());

        Assert.Equal(["create-output-dir", "video-h264"], job.Tasks.Select(t => t.Name));
        TestJobTypes.AssertJson("""
            {"exe": "ffmpeg", "fps": 23.976, "inputGlob": "C:/renders/seq/*.png", "outputFile": "C:/renders/out/seq-2006-01-02_150405.mp4",
             "args": ["-c:v", "h264", "-pix_fmt", "yuv420p", "-crf", "20", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-y"]}
            """, Assert.Single(job.Tasks[1].Commands).Parameters);
    }

    [Theory]
    [InlineData("""{"images": "/i", "output_dir": "/o", "fps": 24}""", "select at least one output format (mp4_h264, webm_vp9, prores_mov)")]
    [InlineData("""{"images": "/i", "output_dir": "/o", "fps": 0, "mp4_h264": true}""", "fps must be positive, not 0")]
    [InlineData("""{"output_dir": "/o", "mp4_h264": true}""", "images: the folder of the image sequence is required")]
    public void Compile_BadSettings_ClearError(string settings, string expected)
    {
        var error = Assert.Throws<JobTypeException>(() => JobType.Compile(TestJobTypes.Job(settings), TestJobTypes.Context()));

        Assert.Equal(expected, error.Message);
        Assert.NotNull(error.Line);
    }
}
