namespace Flamenco.Plugins.JobTypes;

/// <summary>
/// A job type could not be loaded or refused to compile a job. The message is shown to the submitter as it is,
/// prefixed with the file and line when known.
/// </summary>
public sealed class JobTypeException(string message, string? filePath = null, int? line = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The job-type file (or helper module) the error comes from, if known.</summary>
    public string? FilePath { get; } = filePath;

    /// <summary>The 1-based line in <see cref="FilePath"/>, if known.</summary>
    public int? Line { get; } = line;

    /// <summary>The message with its location, e.g. <c>echo-sleep-test.js:12: message is required</c>.</summary>
    public string MessageWithLocation => FilePath is null
        ? Message
        : Line is { } line ? $"{Path.GetFileName(FilePath)}:{line}: {Message}" : $"{Path.GetFileName(FilePath)}: {Message}";
}
