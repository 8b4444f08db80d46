using System.Diagnostics;

namespace Flamenco.EndToEnd.Tests.Support;

/// <summary>
/// A tiny scene made by Debian's Blender itself (reference/blender-debian.md): Cycles on the CPU, one sample, no
/// denoising (Debian's Blender has no OpenImageDenoiser), 64×36 pixels.
/// </summary>
public static class BlenderScene
{
    public static async Task<string> CreateAsync(string folder, int samples = 1)
    {
        var path = Path.Combine(folder, "tiny.blend");
        var python = "import bpy; s = bpy.context.scene; s.render.engine = 'CYCLES'; s.cycles.device = 'CPU'; " +
            $"s.cycles.samples = {samples}; s.cycles.use_denoising = False; " +
            "s.render.resolution_x = 64; s.render.resolution_y = 36; s.render.resolution_percentage = 100; " +
            $"bpy.ops.wm.save_as_mainfile(filepath = r'{path}')";
        var (exitCode, output) = await RunAsync("blender", "-b", "--factory-startup", "--python-expr", python);
        Assert.True(exitCode == 0 && File.Exists(path), $"Blender could not make the scene (exit {exitCode}):\n{output}");
        return path;
    }

    /// <summary>Runs a program to completion and returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
