using Microsoft.Extensions.Configuration;

namespace Flamenco.Worker.Configuration;

/// <summary>
/// Environment variables prefixed <c>FLAMENCO_</c> as configuration overrides (<c>FLAMENCO_MANAGER_URL</c>,
/// <c>FLAMENCO_TASK_TYPES__0</c>), like the Manager's. The two variables Flamenco itself reads keep Flamenco's
/// meaning instead: <c>FLAMENCO_HOME</c> is a folder, and <c>FLAMENCO_WORKER_NAME</c> is only a fallback for a
/// configuration without <c>worker_name</c> (reference §1.3), so it must not override the file.
/// </summary>
internal sealed class EnvironmentOverridesSource(IReadOnlyDictionary<string, string> environment) : IConfigurationSource
{
    public const string Prefix = "FLAMENCO_";

    private static readonly HashSet<string> FlamencoOwn = new(StringComparer.OrdinalIgnoreCase) { "HOME", "WORKER_NAME" };

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(environment);

    private sealed class Provider(IReadOnlyDictionary<string, string> environment) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in environment)
            {
                if (!name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) continue;
                var key = name[Prefix.Length..];
                if (key.Length == 0 || FlamencoOwn.Contains(key)) continue;
                data[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }
            Data = data;
        }
    }
}
