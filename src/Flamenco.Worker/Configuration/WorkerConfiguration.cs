using System.Collections;
using System.Net;
using Flamenco.Hosting;
using Microsoft.Extensions.Configuration;

namespace Flamenco.Worker.Configuration;

/// <summary>
/// Builds the worker's configuration: <c>flamenco-worker.yaml</c> in the working directory (as upstream: not next to
/// the executable), then <c>FLAMENCO_*</c> environment variables, then the command line, each overriding the last.
/// </summary>
internal static class WorkerConfiguration
{
    public const string ConfigFileName = "flamenco-worker.yaml";

    public static IConfigurationRoot Build(string workingDirectory, WorkerCommandLine commandLine, IReadOnlyDictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddYamlFile(Path.Combine(Path.GetFullPath(workingDirectory), ConfigFileName), optional: true)
            .Add(new EnvironmentOverridesSource(environment))
            .AddInMemoryCollection(commandLine.Overrides)
            .Build();

    /// <summary>
    /// The settings the worker runs with.
    /// </summary>
    /// <exception cref="WorkerConfigurationException">A setting is missing or wrong; the message says which and how to fix it.</exception>
    public static WorkerSettings Resolve(IConfiguration configuration, IReadOnlyDictionary<string, string> environment, Func<string>? hostName = null)
    {
        var options = configuration.Get<WorkerOptions>() ?? new WorkerOptions();
        if (string.IsNullOrWhiteSpace(options.ManagerUrl))
        {
            throw new WorkerConfigurationException(
                "no Manager configured: set manager_url in " + ConfigFileName + ", or start with -manager http://host:8080/ " +
                "(finding the Manager on the network is not supported)");
        }
        var address = ManagerUrl.ToBaseAddress(options.ManagerUrl)
            ?? throw new WorkerConfigurationException($"manager_url \"{options.ManagerUrl}\" is not an http:// or https:// URL with a host");
        if (options.OomScoreAdjust is < -1000 or > 1000)
        {
            throw new WorkerConfigurationException($"oom_score_adjust must be between -1000 and 1000, not {options.OomScoreAdjust}");
        }
        if (options.RequestTimeoutSeconds is < 1 or > 3600)
        {
            throw new WorkerConfigurationException($"request_timeout_seconds must be between 1 and 3600, not {options.RequestTimeoutSeconds}");
        }
        return new WorkerSettings
        {
            ManagerAddress = address,
            Name = WorkerNameOf(options, environment, hostName ?? Dns.GetHostName),
            TaskTypes = options.EffectiveTaskTypes.Select(t => t.Trim()).Where(t => t.Length > 0).ToArray(),
            RestartExitCode = options.RestartExitCode,
            OomScoreAdjust = options.OomScoreAdjust,
            Home = FlamencoHome.Resolve(environment),
            PluginsDirectory = Path.GetFullPath(options.PluginsDirectory, AppContext.BaseDirectory),
            RequestTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        };
    }

    /// <summary>This process's environment variables, as the configuration reads them.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>The first non-empty of the configured name, <c>FLAMENCO_WORKER_NAME</c>, the host name (reference §1.3).</summary>
    private static string WorkerNameOf(WorkerOptions options, IReadOnlyDictionary<string, string> environment, Func<string> hostName)
    {
        if (options.WorkerName.Trim() is { Length: > 0 } configured) return configured;
        if (environment.TryGetValue("FLAMENCO_WORKER_NAME", out var fromEnvironment) && fromEnvironment.Trim() is { Length: > 0 } name) return name;
        return hostName();
    }
}

/// <summary>The configuration cannot be used; the message tells the user what to change.</summary>
internal sealed class WorkerConfigurationException(string message) : Exception(message);
