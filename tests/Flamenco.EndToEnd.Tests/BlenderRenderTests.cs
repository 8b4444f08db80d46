using System.Net;
using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.EndToEnd.Tests.Support;

namespace Flamenco.EndToEnd.Tests;

/// <summary>
/// simple-blender-render on the farm a user gets from the README: a Manager process, its local Worker process, and
/// Debian's real Blender and FFmpeg (installed by tests/run-tests.sh).
/// </summary>
public sealed class BlenderRenderTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-e2e-render-").FullName;
    private Farm _farm = null!;

    public async Task InitializeAsync() => _farm = await Farm.StartAsync();

    [Fact]
    public async Task SimpleBlenderRender_ThreeFrames_FramesVideoAndLastRenderedImage()
    {
        var blendfile = await BlenderScene.CreateAsync(_folder);
        var output = Path.Combine(_folder, "render");

        var job = await _farm.SubmitAsync(Submission("three frames", blendfile, output, "1-3"));
        job = await _farm.WaitForJobAsync(job.Id, j => j.Status is JobStatus.Completed or JobStatus.Failed, TimeSpan.FromMinutes(3));

        Assert.True(job.Status == JobStatus.Completed, await _farm.DescribeAsync(job));
        Assert.Equal(["000001.png", "000002.png", "000003.png"], Directory.GetFiles(output, "*.png").Select(Path.GetFileName).Order());
        var video = Path.Combine(output, "tiny-1-3.mp4");
        Assert.True(File.Exists(video), $"no preview video; files: {string.Join(", ", Directory.GetFiles(output))}");
        var (probeExit, frames) = await BlenderScene.RunAsync("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames,width,height", "-of", "csv=p=0", video);
        Assert.Equal((0, "64,36,3"), (probeExit, frames.Trim()));

        var lastRendered = await _farm.Client.GetFromJsonAsync<JobLastRenderedImageInfo>($"/api/v3/jobs/{job.Id}/last-rendered", Farm.Json);
        var image = await _farm.Client.GetAsync(lastRendered!.Base.TrimEnd('/') + "/" + lastRendered.Suffixes[0]);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xFF, 0xD8], (await image.Content.ReadAsByteArrayAsync())[..2]);
    }

    [Fact]
    public async Task CancelWhileBlenderRenders_BlenderProcessTreeIsGoneWithinSeconds()
    {
        // Enough samples that a frame takes a while, and many frames in one task.
        var blendfile = await BlenderScene.CreateAsync(_folder, samples: 4096);
        var output = Path.Combine(_folder, "long-render");
        var job = await _farm.SubmitAsync(Submission("long render", blendfile, output, "1-50", chunkSize: 50));

        var rendering = await WaitAsync(() => Task.FromResult(BlenderProcessesFor(blendfile).Count > 0), TimeSpan.FromMinutes(2));
        Assert.True(rendering, "Blender never started: " + await _farm.DescribeAsync(await _farm.GetJobAsync(job.Id)));

        var cancel = await _farm.Client.PostAsJsonAsync($"/api/v3/jobs/{job.Id}/setstatus",
            new JobStatusChange { Status = JobStatus.CancelRequested, Reason = "end-to-end test" }, Farm.Json);
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);

        // The worker learns of it at its next may-i-run check (every 10 s), then kills the whole tree.
        var gone = await WaitAsync(() => Task.FromResult(BlenderProcessesFor(blendfile).Count == 0), TimeSpan.FromSeconds(30));
        Assert.True(gone, $"still running: {string.Join(", ", BlenderProcessesFor(blendfile))}");
        var canceled = await _farm.WaitForJobAsync(job.Id, j => j.Status == JobStatus.Canceled, TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.Canceled, canceled.Status);
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static object Submission(string name, string blendfile, string output, string frames, int chunkSize = 1) => new
    {
        name, type = "simple-blender-render", priority = 50, submitter_platform = "linux",
        settings = new Dictionary<string, object>
        {
            ["frames"] = frames, ["chunk_size"] = chunkSize, ["render_output_root"] = output, ["add_path_components"] = 0,
            ["render_output_path"] = Path.Combine(output, "######"), ["blendfile"] = blendfile, ["fps"] = 24.0,
            ["format"] = "PNG", ["image_file_extension"] = ".png", ["has_previews"] = false, ["scene"] = "Scene",
        },
    };

    /// <summary>Processes whose command line names this blend file (Blender itself and anything it started).</summary>
    private static List<int> BlenderProcessesFor(string blendfile)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(blendfile, StringComparison.Ordinal) && commandLine.Contains("blender", StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = TimeProvider.System.GetUtcNow() + limit;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        return await condition();
    }
}
