using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flamenco.Manager.Variables;

/// <summary>A variable's value for one audience and platform.</summary>
public sealed record ResolvedVariable(string Value, bool IsTwoway);

/// <summary>
/// Flamenco's variable lookup tables (manager.md §6.3), built once from the configuration: per audience
/// (<c>workers</c>, <c>users</c>) and platform, the values for platform <c>all</c> overridden by the platform's own.
/// The expanders and replacers are made once per audience and platform and reused, because one is needed for every
/// task handed to a worker.
/// </summary>
public sealed class VariableTables
{
    public const string Workers = "workers";
    public const string Users = "users";
    public const string All = "all";
    public const string JobsVariable = "jobs";

    /// <summary>The audiences a client may ask for (the spec's <c>ManagerVariableAudience</c>).</summary>
    public static IReadOnlyList<string> Audiences { get; } = [Workers, Users];

    private readonly FrozenDictionary<string, AudienceTable> _audiences;
    private readonly FrozenSet<string> _knownPlatforms;
    private readonly ConcurrentDictionary<(string Audience, string Platform), View> _views = new();

    private VariableTables(string managerPlatform, string jobStoragePath, FrozenDictionary<string, AudienceTable> audiences)
    {
        ManagerPlatform = managerPlatform;
        JobStoragePath = jobStoragePath;
        _audiences = audiences;
        _knownPlatforms = audiences.Values.SelectMany(a => a.PerPlatform.Keys).Append(managerPlatform).Append("windows")
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The platform whose notation the Manager's own paths (the implicit <c>{jobs}</c>) are in.</summary>
    public string ManagerPlatform { get; }

    /// <summary>Where jobs' files are: the shared storage, or its <c>jobs</c> folder when Shaman checks files out there.</summary>
    public string JobStoragePath { get; }

    /// <summary>
    /// Builds the tables: <paramref name="configured"/> plus the defaults <c>blender</c> and <c>blenderArgs</c> when
    /// they are not configured, and the implicit one-way <c>jobs</c> = <paramref name="jobStoragePath"/>, which
    /// replaces a configured <c>jobs</c>. An audience other than all, workers or users is an error; a value without
    /// platform is logged and left out, as upstream does.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value names an unknown audience.</exception>
    public static VariableTables Build(
        IReadOnlyDictionary<string, VariableDefinition> configured, string jobStoragePath, string managerPlatform, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var definitions = new SortedDictionary<string, VariableDefinition>(StringComparer.Ordinal);
        foreach (var (name, definition) in configured) definitions[name] = definition;
        foreach (var (name, definition) in Defaults) definitions.TryAdd(name, definition);
        if (definitions.Remove(JobsVariable))
        {
            logger.LogWarning("Variable \"{Name}\" is defined by the Manager itself (the job storage path); the configured one is ignored", JobsVariable);
        }
        definitions[JobsVariable] = new VariableDefinition { Values = [new VariableValue { Platform = All, Value = jobStoragePath }] };
        if (definitions.TryGetValue("blender", out var blender) && blender.Values.All(v => string.IsNullOrEmpty(v.Value)))
        {
            logger.LogWarning("Variable \"blender\" has no value; workers will not find Blender unless a job type names it itself");
        }

        var tables = new Dictionary<string, AudienceTable> { [Workers] = new(), [Users] = new() };
        foreach (var (name, definition) in definitions)
        {
            foreach (var value in definition.Values)
            {
                var audience = string.IsNullOrEmpty(value.Audience) ? All : value.Audience;
                if (audience is not (All or Workers or Users))
                {
                    throw new InvalidOperationException(
                        $"variables: \"{name}\" has a value for audience \"{audience}\"; the audience must be {All}, {Workers} or {Users}");
                }
                var platforms = value.Platforms.Append(value.Platform).Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).Distinct().ToList();
                if (platforms.Count == 0)
                {
                    logger.LogError("Variable \"{Name}\" has a value without platform, which is ignored: {Value}", name, value.Value);
                    continue;
                }
                var resolved = new ResolvedVariable(definition.IsTwoway ? PathText.TrimTrailingSeparators(value.Value) : value.Value, definition.IsTwoway);
                IEnumerable<AudienceTable> targets = audience == All ? tables.Values : [tables[audience]];
                foreach (var table in targets)
                {
                    foreach (var platform in platforms) table.Set(platform, name, resolved);
                }
            }
        }
        return new VariableTables(managerPlatform, jobStoragePath, tables.ToFrozenDictionary());
    }

    /// <summary>The variables for <paramref name="audience"/> on <paramref name="platform"/>, by name; none for an unknown audience.</summary>
    public IReadOnlyDictionary<string, ResolvedVariable> Resolve(string audience, string platform) => ViewOf(audience, platform).Variables;

    /// <summary>Expands <c>{name}</c> for <paramref name="audience"/> on <paramref name="platform"/> (§6.3 B).</summary>
    public VariableExpander Expander(string audience, string platform) => ViewOf(audience, platform).Expander;

    /// <summary>Turns paths of <paramref name="platform"/> back into <c>{name}</c> with the workers' two-way variables (§6.3 A).</summary>
    public TwoWayReplacer Replacer(string platform) => ViewOf(Workers, platform).Replacer;

    private View ViewOf(string audience, string platform)
    {
        // Platforms nobody configured all resolve alike, so clients asking for made-up ones cannot grow the cache.
        var key = _knownPlatforms.TryGetValue(platform, out var known) ? known : "";
        return _views.GetOrAdd((audience, key), static (k, self) => self.CreateView(k.Audience, k.Platform), this);
    }

    private View CreateView(string audience, string platform)
    {
        if (!_audiences.TryGetValue(audience, out var table))
        {
            var empty = new SortedDictionary<string, ResolvedVariable>(StringComparer.Ordinal);
            return new View(empty, new VariableExpander(platform, empty, empty), new TwoWayReplacer(empty));
        }
        var variables = table.Resolve(platform);
        var manager = table.Resolve(ManagerPlatform);
        return new View(variables, new VariableExpander(platform, variables, manager), new TwoWayReplacer(variables));
    }

    private static readonly IReadOnlyDictionary<string, VariableDefinition> Defaults = new Dictionary<string, VariableDefinition>
    {
        ["blender"] = new()
        {
            Values =
            [
                new VariableValue { Platform = "linux", Value = "blender" },
                new VariableValue { Platform = "windows", Value = "blender.exe" },
                new VariableValue { Platform = "darwin", Value = "blender" },
            ],
        },
        ["blenderArgs"] = new() { Values = [new VariableValue { Platform = All, Value = "-b -y" }] },
    };

    private sealed record View(IReadOnlyDictionary<string, ResolvedVariable> Variables, VariableExpander Expander, TwoWayReplacer Replacer);

    private sealed class AudienceTable
    {
        private readonly Dictionary<string, ResolvedVariable> _all = new(StringComparer.Ordinal);

        public Dictionary<string, Dictionary<string, ResolvedVariable>> PerPlatform { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void Set(string platform, string name, ResolvedVariable value)
        {
            if (string.Equals(platform, All, StringComparison.OrdinalIgnoreCase))
            {
                _all[name] = value;
                return;
            }
            if (!PerPlatform.TryGetValue(platform, out var variables)) PerPlatform[platform] = variables = new(StringComparer.Ordinal);
            variables[name] = value;
        }

        public SortedDictionary<string, ResolvedVariable> Resolve(string platform)
        {
            var result = new SortedDictionary<string, ResolvedVariable>(_all, StringComparer.Ordinal);
            if (PerPlatform.TryGetValue(platform, out var own))
            {
                foreach (var (name, value) in own) result[name] = value;
            }
            return result;
        }
    }
}
