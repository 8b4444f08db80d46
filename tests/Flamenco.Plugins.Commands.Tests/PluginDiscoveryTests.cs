using System.Reflection;
using Flamenco.Plugins.Commands.Blender;
using Flamenco.Plugins.Commands.FFmpeg;
using Flamenco.Plugins.Commands.Files;
using Flamenco.Plugins.Commands.Misc;

namespace Flamenco.Plugins.Commands.Tests;

/// <summary>
/// What the plugin host needs to find the commands: each plugin assembly declares itself, and its commands are public
/// concrete classes it can construct. Together they serve exactly Flamenco's command names (§2.0).
/// </summary>
public sealed class PluginDiscoveryTests
{
    private static readonly Assembly[] Plugins =
    [
        typeof(EchoCommand).Assembly, typeof(MoveDirectoryCommand).Assembly,
        typeof(BlenderRenderCommand).Assembly, typeof(FramesToVideoCommand).Assembly,
    ];

    [Fact]
    public void Plugins_EachDeclaresItselfWithAFlamencoCommandsId()
    {
        var ids = Plugins.Select(p => p.GetCustomAttribute<FlamencoPluginAttribute>()?.Id);

        Assert.Equal(["flamenco.commands.misc", "flamenco.commands.files", "flamenco.commands.blender", "flamenco.commands.ffmpeg"], ids);
    }

    [Fact]
    public void Commands_ArePublicConstructibleAndServeFlamencosCommandNames()
    {
        var commandTypes = Plugins.SelectMany(p => p.GetTypes()).Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IWorkerCommand))).ToList();

        Assert.All(commandTypes, t => Assert.True(t.IsPublic && t.GetConstructor(Type.EmptyTypes) is not null, $"{t} cannot be registered"));
        var names = commandTypes.Select(t => ((IWorkerCommand)Activator.CreateInstance(t)!).Name).Order(StringComparer.Ordinal);
        Assert.Equal(["blender-render", "copy-file", "echo", "exec", "frames-to-video", "make-directory", "move-directory", "sleep"], names);
    }
}
