using Flamenco.Testing;
using Xunit.Abstractions;

namespace Flamenco.Templates.Tests;

/// <summary>
/// templates/Flamenco.CommandPlugin, the way a plugin developer uses it: install it (into a private hive, so the
/// machine's templates do not change), instantiate it outside the checkout, build and test what it generated against
/// this checkout's contracts and test kit.
/// </summary>
public sealed class CommandPluginTemplateTests(ITestOutputHelper output) : IDisposable
{
    private const string PluginName = "Studio.Commands.Denoise";

    // Debug: the generated projects build this checkout's contracts and test kit in Debug, beside, not over, the
    // Release build that the solution's tests run on.
    private const string Configuration = "Debug";

    private static readonly TimeSpan QuickCommand = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BuildCommand = TimeSpan.FromMinutes(6);

    private readonly TemporaryDirectory _temp = new("flamenco-template");

    [Fact]
    public async Task Template_InstantiatedOutsideTheCheckout_BuildsAPluginWhoseTestsPass()
    {
        var hive = _temp.Combine("hive");
        var generated = _temp.Combine("work", PluginName);
        var plugins = _temp.Combine("plugins");
        var flamencoRoot = $"-p:FlamencoRoot={RepoPaths.Root}";

        await RunAsync(_temp.Path, QuickCommand, "new", "install", Path.Combine(RepoPaths.Root, "templates", "Flamenco.CommandPlugin"), "--debug:custom-hive", hive);
        await RunAsync(_temp.Path, QuickCommand, "new", "flamenco-command", "-n", PluginName, "--command", "denoise", "-o", generated, "--debug:custom-hive", hive);

        var pluginProject = Path.Combine(generated, "src", PluginName);
        Assert.True(File.Exists(Path.Combine(pluginProject, "DenoiseCommand.cs")), "the command class is named after --command");
        Assert.Contains("[assembly: FlamencoPlugin(\"studio.commands.denoise\"", File.ReadAllText(Path.Combine(pluginProject, "PluginInfo.cs")), StringComparison.Ordinal);

        var solution = Path.Combine(generated, PluginName + ".slnx");
        await RunAsync(generated, BuildCommand, "build", solution, "-c", Configuration, flamencoRoot, $"-p:FlamencoPluginsDirectory={plugins}", "-nodeReuse:false", "-nologo");
        var test = await RunAsync(generated, BuildCommand, "test", solution, "-c", Configuration, "--no-build", flamencoRoot, "-nologo");

        Assert.Matches(@"Failed:\s+0, Passed:\s+[1-9]", test.Output);
        var binaries = Path.Combine(pluginProject, "bin", Configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(binaries, PluginName + ".dll")), $"the plugin DLL is in {binaries}");
        Assert.False(File.Exists(Path.Combine(binaries, "Flamenco.Plugins.Abstractions.dll")), "a plugin must not ship its own copy of the contracts");
        Assert.True(File.Exists(Path.Combine(plugins, PluginName, PluginName + ".dll")), "FlamencoPluginsDirectory deploys into <plugins>/<Name>/");
    }

    /// <summary>Runs a dotnet command, logs what it printed, and fails the test with that output unless it succeeded.</summary>
    private async Task<DotnetResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var result = await DotnetCli.RunAsync(workingDirectory, timeout, arguments);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, $"the command failed:\n{result}");
        return result;
    }

    public void Dispose() => _temp.Dispose();
}
