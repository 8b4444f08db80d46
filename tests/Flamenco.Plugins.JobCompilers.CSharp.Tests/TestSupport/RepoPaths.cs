namespace Flamenco.Plugins.JobCompilers.CSharp.Tests.TestSupport;

/// <summary>Where the repository's own files are, found by walking up to the solution file.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Flamenco.Extensible.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"Flamenco.Extensible.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => LazyRoot.Value;

    public static string JobTypes => Path.Combine(Root, "jobtypes");
}
