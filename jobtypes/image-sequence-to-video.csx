// Image Sequence to Video: turns an existing image sequence (from any renderer, a scan, a
// camera) into one or more videos with FFmpeg, without Blender. Each selected rendition
// (H.264 MP4, VP9 WebM, ProRes MOV) is its own "ffmpeg" task, so several workers encode them
// in parallel; all of them wait for one task that creates the output folder.

JobType = new()
{
    Label = "Image Sequence to Video",
    Description = "Encode an existing image sequence into videos with FFmpeg, one task per format",
    Settings =
    [
        new() { Key = "images", Type = "string", Subtype = "dir_path", Required = true, Description = "Folder holding the image sequence" },
        new() { Key = "image_pattern", Type = "string", Default = "*.png", Description = "Which files in the folder are frames (a glob)" },
        new() { Key = "fps", Type = "float", Default = 24, Required = true },
        new() { Key = "output_dir", Type = "string", Subtype = "dir_path", Required = true, Description = "Where the videos are written" },
        new() { Key = "mp4_h264", Type = "bool", Default = true, Label = "H.264 (MP4)" },
        new() { Key = "webm_vp9", Type = "bool", Default = false, Label = "VP9 (WebM)" },
        new() { Key = "prores_mov", Type = "bool", Default = false, Label = "ProRes 422 HQ (MOV)" },
        new() { Key = "crf", Type = "int32", Default = 20, Description = "Quality of H.264 and VP9: lower is better, 18–28 is sensible" },
        new() { Key = "max_width", Type = "int32", Default = 0, Description = "Scale down wider images to this width; 0 keeps the size" },
        new() { Key = "extra_args", Type = "string", Default = "", Visible = "web", Description = "More FFmpeg output arguments, as on a command line" },
    ],
};

// One output format: the settings key that selects it, the file suffix, and its codec arguments.
record Rendition(string SettingKey, string Name, string Extension, bool NeedsEvenSize, string[] CodecArgs);

static readonly Rendition[] Renditions =
[
    new("mp4_h264", "h264", "mp4", NeedsEvenSize: true, ["-c:v", "h264", "-pix_fmt", "yuv420p"]),
    new("webm_vp9", "vp9", "webm", NeedsEvenSize: true, ["-c:v", "libvpx-vp9", "-b:v", "0", "-pix_fmt", "yuv420p"]),
    new("prores_mov", "prores", "mov", NeedsEvenSize: false, ["-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le"]),
];

void CompileJob(Job job)
{
    var settings = job.Settings;
    var images = settings.GetString("images") ?? throw new ArgumentException("images: the folder of the image sequence is required");
    var outputDir = settings.GetString("output_dir") ?? throw new ArgumentException("output_dir is required");
    var fps = settings.GetDouble("fps") ?? 24;
    if (fps <= 0) throw new ArgumentException($"fps must be positive, not {fps}");
    var crf = settings.GetInt("crf") ?? 20;
    var maxWidth = settings.GetInt("max_width") ?? 0;
    var extraArgs = ShellSplit(settings.GetString("extra_args") ?? "");

    var selected = Renditions.Where(r => settings.GetBool(r.SettingKey) ?? false).ToList();
    if (selected.Count == 0) throw new ArgumentException("select at least one output format (mp4_h264, webm_vp9, prores_mov)");

    var prepare = Author.Task("create-output-dir", "file-management");
    prepare.AddCommand(Author.Command("make-directory", new { path = outputDir }));
    job.AddTask(prepare);

    var inputGlob = CrossPath.Join(images, settings.GetString("image_pattern") ?? "*.png");
    var baseName = $"{CrossPath.Basename(images)}-{FormatTimestampLocal(job.Created)}";
    foreach (var rendition in selected)
    {
        var task = Author.Task($"video-{rendition.Name}", "ffmpeg");
        task.AddCommand(Author.Command("frames-to-video", new
        {
            exe = "ffmpeg",
            fps,
            inputGlob,
            outputFile = CrossPath.Join(outputDir, $"{baseName}.{rendition.Extension}"),
            args = OutputArgs(rendition, crf, maxWidth, extraArgs),
        }));
        task.AddDependency(prepare);
        job.AddTask(task);
    }
    job.Metadata["videos"] = string.Join(",", selected.Select(r => r.Name));
}

static List<string> OutputArgs(Rendition rendition, int crf, int maxWidth, IReadOnlyList<string> extraArgs)
{
    List<string> args = [.. rendition.CodecArgs];
    // ProRes has no CRF: its profile sets the quality.
    if (rendition.Name != "prores") args.AddRange(["-crf", crf.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    var filters = new List<string>();
    if (maxWidth > 0) filters.Add($"scale='min({maxWidth},iw)':-2");
    if (rendition.NeedsEvenSize) filters.Add("pad=ceil(iw/2)*2:ceil(ih/2)*2");
    if (filters.Count > 0) args.AddRange(["-vf", string.Join(",", filters)]);

    args.AddRange(extraArgs);
    args.Add("-y");
    return args;
}
