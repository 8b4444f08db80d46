namespace Flamenco.Testing;

public static class RepoPaths
{
    /// <summary>The checkout's root: the folder holding Flamenco.Extensible.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Plugins => Path.Combine(Root, "artifacts", "plugins");

    public static string JobTypes => Path.Combine(Root, "jobtypes");

    /// <summary>The build configuration this code was built in (Debug or Release), read off its own output path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built Manager, with its plugins and job types beside it.</summary>
    public static string ManagerDll => Path.Combine(Root, "src", "Flamenco.Manager", "bin", Configuration, "net10.0", "flamenco-manager.dll");

    /// <summary>The built Worker, with its command plugins beside it.</summary>
    public static string WorkerDll => Path.Combine(Root, "src", "Flamenco.Worker", "bin", Configuration, "net10.0", "flamenco-worker.dll");

    /// <summary>The wire contract, beside the checkout.</summary>
    public static string OpenApiSpec => Path.Combine(Root, "..", "shared", "flamenco-openapi.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Flamenco.Extensible.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Flamenco.Extensible.sln not found above " + AppContext.BaseDirectory);
    }
}
