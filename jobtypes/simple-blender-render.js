// Simple Blender Render: renders a range of frames with Blender, split into chunks
// (one task per chunk), then, when every chunk is done, turns the frames into a
// preview video with FFmpeg.
//
// Written for Flamenco.Extensible from the description of Flamenco's built-in job type
// of the same name; it produces the same tasks and commands.

const JOB_TYPE = {
    label: "Simple Blender Render",
    description: "Renders frames with Blender in chunks, then makes a preview video of them",
    settings: [
        // Filled in by the Blender add-on from the scene.
        {
            key: "frames",
            type: "string",
            required: true,
            eval: 'f"{C.scene.frame_start}-{C.scene.frame_end}"',
            evalInfo: {
                showLinkButton: true,
                description: "Use the scene's frame range",
            },
            description: "Frames to render, e.g. '1-10', '3,5-7' or Blender's '1..10'",
        },
        {
            key: "chunk_size",
            type: "int32",
            default: 1,
            description: "How many frames one render task renders",
            visible: "submission",
        },

        // Where the frames go.
        {
            key: "render_output_root",
            type: "string",
            subtype: "dir_path",
            required: true,
            description: "Folder under which every job gets its own output folder",
        },
        {
            key: "add_path_components",
            type: "int32",
            required: true,
            default: 0,
            propargs: { min: 0, max: 32 },
            description: "How many folders of the blend file's path to repeat under the output root",
        },
        {
            key: "render_output_path",
            type: "string",
            subtype: "file_path",
            editable: false,
            eval: "str(Path(abspath(settings.render_output_root), last_n_dir_parts(settings.add_path_components), jobname, '{timestamp}', '######'))",
            description: "Where the frames are written; {timestamp} becomes the moment the job was submitted",
        },

        // Taken from the blend file and the scene; not meant to be edited.
        {
            key: "blendfile",
            type: "string",
            required: true,
            eval: "bpy.data.filepath",
            description: "The blend file to render",
            visible: "web",
        },
        { key: "fps", type: "float", eval: "C.scene.render.fps / C.scene.render.fps_base", visible: "hidden" },
        {
            key: "format",
            type: "string",
            required: true,
            eval: "C.scene.render.image_settings.file_format",
            visible: "web",
        },
        {
            key: "image_file_extension",
            type: "string",
            required: true,
            eval: "C.scene.render.file_extension",
            visible: "hidden",
            description: "File name extension of the rendered images, with the dot",
        },
        {
            key: "has_previews",
            type: "bool",
            eval: "C.scene.render.image_settings.use_preview",
            visible: "hidden",
            description: "Whether Blender also writes JPEG previews of the images",
        },
        {
            key: "scene",
            type: "string",
            required: true,
            eval: "C.scene.name",
            visible: "web",
            description: "The scene to render",
        },
    ],
};

// Formats that are videos themselves: rendering them in chunks would make many small videos.
const VIDEO_FORMATS = new Set(["FFMPEG", "AVI_RAW", "AVI_JPEG"]);

// Formats a video cannot be made from directly; Blender's JPEG previews are used instead.
const FORMATS_NEEDING_PREVIEWS = new Set(["EXR", "MULTILAYER", "OPEN_EXR", "OPEN_EXR_MULTILAYER"]);

// Makes Blender keep the file extension, and neither overwrite existing frames nor write placeholders.
const RENDER_SETTINGS_PYTHON =
    "import bpy; r = bpy.context.scene.render; r.use_file_extension = True; r.use_overwrite = False; r.use_placeholder = False";

function compileJob(job) {
    const settings = job.settings;
    if (VIDEO_FORMATS.has(settings.format)) {
        throw `This job type only renders images, and not "${settings.format}"`;
    }

    const renderOutput = renderOutputPath(job);
    // Store the resolved path, so the job shows where its frames really went.
    settings.render_output_path = renderOutput;

    const renderDir = path.dirname(renderOutput);
    const renderTasks = addRenderTasks(job, settings, renderDir, renderOutput);
    addPreviewVideoTask(job, settings, renderDir, renderTasks);
}

// The output path with every "{timestamp}" replaced; other {placeholders} are left alone.
function renderOutputPath(job) {
    const template = job.settings.render_output_path;
    if (!template) {
        throw "no render_output_path setting!";
    }
    return template.replaceAll("{timestamp}", formatTimestampLocal(job.created));
}

function addRenderTasks(job, settings, renderDir, renderOutput) {
    const sceneArgs = settings.scene ? ["--scene", settings.scene] : [];
    const tasks = [];
    for (const chunk of frameChunker(settings.frames, settings.chunk_size)) {
        const task = author.Task(`render-${chunk}`, "blender");
        const command = author.Command("blender-render", {
            exe: "{blender}",
            exeArgs: "{blenderArgs}",
            argsBefore: [],
            blendfile: settings.blendfile,
            args: sceneArgs.concat([
                "--python-expr", RENDER_SETTINGS_PYTHON,
                "--render-output", path.join(renderDir, path.basename(renderOutput)),
                "--render-format", settings.format,
                // Blender wants its own range notation.
                "--render-frame", chunk.replaceAll("-", ".."),
            ]),
        }, frameCount(chunk));
        task.addCommand(command);
        job.addTask(task);
        tasks.push(task);
    }
    return tasks;
}

function addPreviewVideoTask(job, settings, renderDir, renderTasks) {
    const needsPreviews = FORMATS_NEEDING_PREVIEWS.has(settings.format);
    if (needsPreviews && !settings.has_previews) {
        return; // Nothing FFmpeg can read.
    }
    if (!settings.fps) {
        return;
    }

    const stem = path.stem(settings.blendfile).replace(".flamenco", "");
    const outputFile = path.join(renderDir, `${stem}-${framesLabel(settings.frames)}.mp4`);
    const inputGlob = path.join(renderDir, "*" + (needsPreviews ? ".jpg" : settings.image_file_extension));

    const task = author.Task("preview-video", "ffmpeg");
    task.addCommand(author.Command("frames-to-video", {
        exe: "ffmpeg",
        fps: settings.fps,
        inputGlob: inputGlob,
        outputFile: outputFile,
        args: [
            "-c:v", "h264",
            "-crf", "20",
            "-g", "18",
            // H.264 needs even dimensions.
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-pix_fmt", "yuv420p",
            "-r", settings.fps,
            "-y",
        ],
    }));
    for (const renderTask of renderTasks) {
        task.addDependency(renderTask);
    }
    job.addTask(task);
}

// The frame range for the video's file name: as given, or "first-last" when it lists several parts.
function framesLabel(frames) {
    if (!frames.includes(",")) {
        return frames;
    }
    const numbers = frames.match(/\d+/g);
    return `${numbers[0]}-${numbers[numbers.length - 1]}`;
}
