using System.Text;
using Flamenco.Api;
using Flamenco.Manager.Events;
using Flamenco.Manager.LocalStorage;

namespace Flamenco.Manager.TaskLogs;

/// <summary>
/// Files in Manager-local storage. Appends to one task are serialised by a lock of that task; the lock exists only
/// while someone writes to the task, so the lock map stays as small as the number of tasks being written right now.
/// </summary>
/// <remarks>
/// Retention (manager.md §9.3 Q19): upstream has no size limit (its rotation code is never called), so a runaway
/// command can fill the Manager's disk. Here a log file grows to at most <see cref="DefaultMaxFileBytes"/>; the append
/// that would pass it first moves the file to <c>task-&lt;id&gt;.previous.txt</c> (replacing an older one) and starts a
/// new file with a line saying so. A task thus keeps at most about twice the limit: the recent part, which the tail
/// and the web app show, and the part before it. Logs otherwise live as long as their job and go with its folder.
/// </remarks>
public sealed class TaskLogStore(ManagerLocalStorage storage, EventBus events, TimeProvider time) : ITaskLogStore
{
    /// <summary>64 MiB: far beyond a normal Blender log (a few MB for thousands of frames), small enough to keep.</summary>
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

    /// <summary>How much of the end of a log <see cref="Tail"/> returns (upstream's 2 KiB).</summary>
    public const int TailBytes = 2048;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Dictionary<Guid, TaskLock> _locks = [];

    /// <summary>The size after which a log file is moved aside; settable for tests.</summary>
    internal long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>Tasks whose lock is held or waited for right now.</summary>
    internal int LockCount
    {
        get
        {
            lock (_locks) return _locks.Count;
        }
    }

    public void Append(Guid jobId, Guid taskId, string text)
    {
        if (text.Length == 0) return;
        var taskLock = Enter(taskId);
        try
        {
            taskLock.Gate.Wait();
            try
            {
                Write(jobId, taskId, text);
            }
            finally
            {
                taskLock.Gate.Release();
            }
        }
        finally
        {
            Leave(taskId, taskLock);
        }
        Publish(taskId, text);
    }

    public async Task AppendAsync(Guid jobId, Guid taskId, string text, CancellationToken cancellationToken = default)
    {
        if (text.Length == 0) return;
        var taskLock = Enter(taskId);
        try
        {
            await taskLock.Gate.WaitAsync(cancellationToken);
            try
            {
                // One small append: synchronous I/O is cheaper than the async machinery here.
                Write(jobId, taskId, text);
            }
            finally
            {
                taskLock.Gate.Release();
            }
        }
        finally
        {
            Leave(taskId, taskLock);
        }
        Publish(taskId, text);
    }

    public string? Tail(Guid jobId, Guid taskId)
    {
        try
        {
            using var file = new FileStream(FilePath(jobId, taskId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = file.Length;
            if (length == 0) return null;
            var windowed = length > TailBytes;
            if (windowed) file.Seek(-TailBytes, SeekOrigin.End);
            var buffer = new byte[Math.Min(length, TailBytes)];
            var count = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (count == 0) return null;

            // Start at the first whole line of the window, unless its only newline ends it (one long last line).
            var start = 0;
            if (windowed)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', 0, count);
                if (newline >= 0 && newline < count - 1) start = newline + 1;
            }
            return Utf8.GetString(buffer, start, count - start);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public long Size(Guid jobId, Guid taskId)
    {
        var info = new FileInfo(FilePath(jobId, taskId));
        return info.Exists ? info.Length : 0;
    }

    public string RelativePath(Guid jobId, Guid taskId) => $"{ManagerLocalStorage.RelativeJobFolder(jobId)}/{FileName(taskId)}";

    internal string FilePath(Guid jobId, Guid taskId) => storage.FullPath(RelativePath(jobId, taskId));

    internal static string FileName(Guid taskId) => $"task-{taskId:D}.txt";

    internal static string PreviousFileName(Guid taskId) => $"task-{taskId:D}.previous.txt";

    /// <summary>Writes the text (plus a newline when it lacks one) in one write call; the caller holds the task's lock.</summary>
    private void Write(Guid jobId, Guid taskId, string text)
    {
        var bytes = Utf8.GetBytes(text.EndsWith('\n') ? text : text + "\n");
        var path = FilePath(jobId, taskId);
        var file = OpenForAppend(path);
        try
        {
            if (file.Length > 0 && file.Length + bytes.Length > MaxFileBytes)
            {
                file.Dispose();
                File.Move(path, Path.Combine(Path.GetDirectoryName(path)!, PreviousFileName(taskId)), overwrite: true);
                file = OpenForAppend(path);
                var notice = $"{TaskLogger.Rfc3339(time.GetLocalNow())} This log passed {SizeText(MaxFileBytes)}; " +
                    $"its earlier part is in {PreviousFileName(taskId)}, and anything before that was deleted.\n";
                file.Write(Utf8.GetBytes(notice));
            }
            file.Write(bytes);
        }
        finally
        {
            file.Dispose();
        }
    }

    private static string SizeText(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";

    private static FileStream OpenForAppend(string path)
    {
        // bufferSize 0: each Write is one write(2) on the O_APPEND file, nothing lingers in a buffer.
        try
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
    }

    private void Publish(Guid taskId, string text) =>
        events.Publish(new EventTaskLogUpdate { TaskId = taskId.ToString("D"), Log = text });

    private TaskLock Enter(Guid taskId)
    {
        lock (_locks)
        {
            if (!_locks.TryGetValue(taskId, out var taskLock)) _locks[taskId] = taskLock = new TaskLock();
            taskLock.Users++;
            return taskLock;
        }
    }

    private void Leave(Guid taskId, TaskLock taskLock)
    {
        lock (_locks)
        {
            if (--taskLock.Users == 0) _locks.Remove(taskId);
        }
    }

    /// <summary>A task's write lock and the number of callers holding or awaiting it (guarded by the map's lock).</summary>
    private sealed class TaskLock
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
