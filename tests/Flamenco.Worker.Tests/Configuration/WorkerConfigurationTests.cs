using Flamenco.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace Flamenco.Worker.Tests.Configuration;

public sealed class WorkerConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flamenco-worker-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Resolve_NoConfiguration_HasFlamencoDefaultsAndNoManager()
    {
        var configuration = Build([], new Dictionary<string, string>());
        var options = configuration.Get<WorkerOptions>() ?? new WorkerOptions();

        var error = Assert.Throws<WorkerConfigurationException>(() => WorkerConfiguration.Resolve(configuration, new Dictionary<string, string>()));

        Assert.Equal(["blender", "ffmpeg", "file-management", "misc"], options.EffectiveTaskTypes);
        Assert.Equal(0, options.RestartExitCode);
        Assert.Contains("manager_url", error.Message);
    }

    [Fact]
    public void Resolve_OnlyAManager_UsesDefaultsAndCannotRestart()
    {
        var settings = Resolve(["-manager", "localhost:8080"], new Dictionary<string, string>());

        Assert.Equal(new Uri("http://localhost:8080/"), settings.ManagerAddress);
        Assert.Equal(["blender", "ffmpeg", "file-management", "misc"], settings.TaskTypes);
        Assert.False(settings.CanRestart);
    }

    [Fact]
    public void Resolve_FileEnvironmentAndCommandLine_EachOverridesTheOneBefore()
    {
        WriteConfig("""
            manager_url: http://from-file:8080/
            task_types: [misc, file-management]
            restart_exit_code: 3
            """);
        var environment = new Dictionary<string, string> { ["FLAMENCO_MANAGER_URL"] = "http://from-env:8080/" };

        var fileOnly = Resolve([], new Dictionary<string, string>());
        var withEnvironment = Resolve([], environment);
        var withCommandLine = Resolve(["-manager", "http://from-cli:9000", "-restart-exit-code", "47"], environment);

        Assert.Equal(("from-file", 3), (fileOnly.ManagerAddress.Host, fileOnly.RestartExitCode));
        Assert.Equal(["misc", "file-management"], fileOnly.TaskTypes);
        Assert.Equal("from-env", withEnvironment.ManagerAddress.Host);
        Assert.Equal(("from-cli", 9000, 47), (withCommandLine.ManagerAddress.Host, withCommandLine.ManagerAddress.Port, withCommandLine.RestartExitCode));
        Assert.True(withCommandLine.CanRestart);
    }

    [Fact]
    public void Resolve_RestartExitCodeZeroOnTheCommandLine_KeepsTheConfiguredOne()
    {
        WriteConfig("""
            manager_url: http://m/
            restart_exit_code: 5
            """);

        var settings = Resolve(["-restart-exit-code", "0"], new Dictionary<string, string>());

        Assert.Equal(5, settings.RestartExitCode);
    }

    [Fact]
    public void Resolve_GenericOverrides_SetAnyKeyFromEnvironmentOrCommandLine()
    {
        WriteConfig("manager_url: http://m/");
        var environment = new Dictionary<string, string> { ["FLAMENCO_TASK_TYPES__0"] = "blender", ["FLAMENCO_TASK_TYPES__1"] = "misc" };

        var settings = Resolve(["--worker_name", "render-07", "--oom_score_adjust=500"], environment);

        Assert.Equal(["blender", "misc"], settings.TaskTypes);
        Assert.Equal(("render-07", 500), (settings.Name, settings.OomScoreAdjust));
    }

    [Fact]
    public void Resolve_ConfiguredName_WinsOverTheEnvironmentAndIsTrimmed()
    {
        WriteConfig("""
            manager_url: http://m/
            worker_name: " a "
            """);

        var settings = Resolve([], new Dictionary<string, string> { ["FLAMENCO_WORKER_NAME"] = "b" });

        Assert.Equal("a", settings.Name);
    }

    [Fact]
    public void Resolve_NoConfiguredName_TakesTheEnvironmentThenTheHostName()
    {
        WriteConfig("manager_url: http://m/");

        var fromEnvironment = Resolve([], new Dictionary<string, string> { ["FLAMENCO_WORKER_NAME"] = " b " });
        var fromHost = Resolve([], new Dictionary<string, string> { ["FLAMENCO_WORKER_NAME"] = "  " });

        Assert.Equal("b", fromEnvironment.Name);
        Assert.Equal("the-host", fromHost.Name);
    }

    [Fact]
    public void Resolve_ManagerUrlWithPathPrefix_KeepsThePrefixForApiPaths()
    {
        WriteConfig("manager_url: https://farm.example/flamenco");

        var settings = Resolve([], new Dictionary<string, string>());

        Assert.Equal("https://farm.example/flamenco/api/v3/worker/task", new Uri(settings.ManagerAddress, "api/v3/worker/task").ToString());
    }

    [Theory]
    [InlineData("manager_url: farm:8080")]
    [InlineData("manager_url: ftp://farm/")]
    public void Resolve_ManagerUrlThatIsNotHttp_SaysSo(string yaml)
    {
        WriteConfig(yaml);

        var error = Assert.Throws<WorkerConfigurationException>(() => Resolve([], new Dictionary<string, string>()));

        Assert.Contains("is not an http:// or https:// URL", error.Message);
    }

    [Fact]
    public void Build_InvalidYaml_Fails()
    {
        WriteConfig("manager_url: [unclosed");

        Assert.Throws<InvalidDataException>(() => Build([], new Dictionary<string, string>()));
    }

    [Fact]
    public void Resolve_Home_IsFlamencoHomeOrTheXdgDataFolder()
    {
        WriteConfig("manager_url: http://m/");

        var explicitHome = Resolve([], new Dictionary<string, string> { ["FLAMENCO_HOME"] = "/srv/worker-home" });
        var xdg = Resolve([], new Dictionary<string, string> { ["XDG_DATA_HOME"] = "/data", ["HOME"] = "/home/u" });
        var plain = Resolve([], new Dictionary<string, string> { ["HOME"] = "/home/u" });

        Assert.Equal("/srv/worker-home", explicitHome.Home);
        Assert.Equal("/srv/worker-home/flamenco-worker-credentials.yaml", explicitHome.CredentialsPath);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("/data/flamenco", xdg.Home);
            Assert.Equal("/home/u/.local/share/flamenco", plain.Home);
        }
    }

    private void WriteConfig(string yaml) => File.WriteAllText(Path.Combine(_folder, WorkerConfiguration.ConfigFileName), yaml);

    private IConfigurationRoot Build(string[] args, Dictionary<string, string> environment) =>
        WorkerConfiguration.Build(_folder, WorkerCommandLine.Parse(args), environment);

    private WorkerSettings Resolve(string[] args, Dictionary<string, string> environment) =>
        WorkerConfiguration.Resolve(Build(args, environment), environment, () => "the-host");
}
