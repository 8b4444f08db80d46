using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using YamlDotNet.RepresentationModel;

namespace Flamenco.Hosting;

/// <summary>
/// Reads a YAML file (Flamenco's <c>flamenco-manager.yaml</c> or <c>flamenco-worker.yaml</c>) into configuration
/// keys: nested mappings become <c>shaman:enabled</c>, sequence items <c>task_types:0</c>. The YAML provider package
/// served here needs a YamlDotNet version that is not served, so this small one takes its place.
/// </summary>
internal sealed class YamlConfigurationSource : FileConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new YamlConfigurationProvider(this);
    }
}

internal sealed class YamlConfigurationProvider(YamlConfigurationSource source) : FileConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(stream)) yaml.Load(reader);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (yaml.Documents.Count > 0) Visit(yaml.Documents[0].RootNode, null, data);
        Data = data;
    }

    private static void Visit(YamlNode node, string? path, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children) Visit(value, Child(path, ((YamlScalarNode)key).Value!), data);
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++) Visit(sequence.Children[i], Child(path, i.ToString()), data);
                break;
            case YamlScalarNode scalar when path is not null:
                data[path] = scalar.Value;
                break;
        }
    }

    private static string Child(string? path, string key) => path is null ? key : ConfigurationPath.Combine(path, key);
}

public static class YamlConfigurationExtensions
{
    /// <summary>Adds the YAML file at <paramref name="path"/> (absolute) as a configuration source, read once.</summary>
    public static IConfigurationBuilder AddYamlFile(this IConfigurationBuilder builder, string path, bool optional) =>
        builder.Add<YamlConfigurationSource>(s =>
        {
            s.Path = Path.GetFileName(path);
            s.FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!);
            s.Optional = optional;
            s.ReloadOnChange = false;
        });
}
