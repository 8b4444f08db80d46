namespace Flamenco.Plugins.JobTypes;

/// <summary>One version of a job-type file, as the host read it.</summary>
public sealed record JobTypeSource
{
    /// <summary>The job type's name: the file name without extension, <c>_</c> replaced by <c>-</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Full path of the file, for error messages and debugging.</summary>
    public required string FilePath { get; init; }

    /// <summary>The file's text.</summary>
    public required string Text { get; init; }

    /// <summary>
    /// Directories helper modules may be loaded from (for JavaScript's <c>require</c>), highest priority first.
    /// A compiler must not load files outside them.
    /// </summary>
    public IReadOnlyList<string> ModuleDirectories { get; init; } = [];

    /// <summary>
    /// A folder this compiler alone may keep what it prepared from job-type files in, so that a restart need not
    /// prepare them again (the C# compiler keeps compiled assemblies there). Survives restarts; the compiler must
    /// detect entries it cannot trust and clean up its own old ones. Null when the host offers none.
    /// </summary>
    public string? CacheDirectory { get; init; }
}
