using Flamenco.Worker.Tests.Support;

namespace Flamenco.Worker.Tests.Tasks;

public sealed class PluginCommandSourceTests(ShippedCommands shipped) : IClassFixture<ShippedCommands>
{
    [Fact]
    public void Take_TheBuiltWorkersPlugins_ProvideFlamencosCommands()
    {
        using var commands = shipped.Source.Take();

        Assert.Equal(["blender-render", "copy-file", "echo", "exec", "frames-to-video", "make-directory", "move-directory", "sleep"], commands.Names);
        Assert.Equal("echo", commands.Find("echo")!.Name);
        Assert.Null(commands.Find("create-video"));
    }
}
