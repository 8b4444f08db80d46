namespace Flamenco.Manager.TaskLogs;

/// <summary>
/// Task logs (manager.md §6.5): one append-only UTF-8 file per task,
/// <c>&lt;local storage&gt;/job-&lt;4&gt;/&lt;job id&gt;/task-&lt;task id&gt;.txt</c>, served at <c>/job-files/</c>.
/// Every append is also published as <c>EventTaskLogUpdate</c>.
/// </summary>
public interface ITaskLogStore
{
    /// <summary>
    /// Appends <paramref name="text"/> as one piece: concurrent appends to the same task never interleave. A newline is
    /// added when the text does not end with one; empty text is ignored. Throws on I/O errors (disk full, permissions).
    /// </summary>
    void Append(Guid jobId, Guid taskId, string text);

    /// <inheritdoc cref="Append"/>
    Task AppendAsync(Guid jobId, Guid taskId, string text, CancellationToken cancellationToken = default);

    /// <summary>
    /// The last 2 KiB of the log, starting at a line boundary when the log is larger; null when there is no log or it
    /// is empty.
    /// </summary>
    string? Tail(Guid jobId, Guid taskId);

    /// <summary>The log's size in bytes; 0 when there is none.</summary>
    long Size(Guid jobId, Guid taskId);

    /// <summary>The log's path relative to the local storage root, with forward slashes (append it to <c>/job-files/</c>).</summary>
    string RelativePath(Guid jobId, Guid taskId);
}
