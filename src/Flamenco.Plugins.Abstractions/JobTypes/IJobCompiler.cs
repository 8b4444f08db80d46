namespace Flamenco.Plugins.JobTypes;

/// <summary>
/// A job-type language: turns job-type source files with one of its <see cref="FileExtensions"/> into
/// <see cref="IJobType"/>s. The host calls <see cref="Load"/> once per file version and caches the result,
/// so a compiler may do expensive preparation (parsing, compiling) there.
/// </summary>
public interface IJobCompiler
{
    /// <summary>File extensions this compiler handles, with the dot and in lower case, e.g. <c>.js</c>.</summary>
    IReadOnlyCollection<string> FileExtensions { get; }

    /// <summary>
    /// Prepares one job-type file. Throws <see cref="JobTypeException"/> (with file and line where known)
    /// when the file cannot become a job type; the host reports that and skips the file.
    /// </summary>
    IJobType Load(JobTypeSource source);

    /// <summary>
    /// Whether <see cref="Load"/> will be quick for this file version (milliseconds: parsing a script, or a compiled
    /// result in <see cref="JobTypeSource.CacheDirectory"/>), as opposed to a long compile. The host waits for quick
    /// ones before it serves requests and lets slow ones finish in the background. True by default.
    /// </summary>
    bool IsQuickToLoad(JobTypeSource source) => true;

    /// <summary>
    /// The file at <paramref name="filePath"/> is gone (deleted or renamed): release what <see cref="Load"/> prepared
    /// for it, such as a compiled assembly. Submissions already compiling on it finish. Does nothing by default.
    /// </summary>
    void Forget(string filePath)
    {
    }
}
