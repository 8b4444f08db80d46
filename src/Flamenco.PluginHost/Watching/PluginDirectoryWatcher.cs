using Microsoft.Extensions.Logging;

namespace Flamenco.PluginHost.Watching;

/// <summary>
/// Watches the plugins folder and reports each plugin folder once it has been quiet for the reload delay.
/// The host's own watcher rather than McMaster's: McMaster watches only <c>Changed</c> on <c>*.dll</c>, so an atomic
/// write-then-rename deployment fires nothing, and it fires on every chunk of a slow copy (stack.md §2).
/// This one hears Changed, Created, Deleted and Renamed anywhere below the folder and debounces per plugin folder.
/// </summary>
internal sealed class PluginDirectoryWatcher : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ITimer> _pending = new(StringComparer.Ordinal);
    private readonly string _root;
    private readonly TimeSpan _delay;
    private readonly TimeProvider _time;
    private readonly Action<string> _folderTouched;
    private readonly Action<string> _folderSettled;
    private readonly Action _eventsLost;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private bool _disposed;

    /// <param name="root">The plugins folder; it must exist.</param>
    /// <param name="delay">How long a plugin folder must be quiet before <paramref name="folderSettled"/> is called for it.</param>
    /// <param name="time">The clock for the debounce.</param>
    /// <param name="folderTouched">Called with a plugin folder's full path at every change in it, on the watcher's thread; must be quick.</param>
    /// <param name="folderSettled">Called with a plugin folder's full path once it has been quiet, on a thread-pool thread.</param>
    /// <param name="eventsLost">Called when the watcher may have missed events, so every folder needs a look.</param>
    /// <param name="logger">Where watcher errors go.</param>
    public PluginDirectoryWatcher(string root, TimeSpan delay, TimeProvider time,
        Action<string> folderTouched, Action<string> folderSettled, Action eventsLost, ILogger logger)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _delay = delay;
        _time = time;
        _folderTouched = folderTouched;
        _folderSettled = folderSettled;
        _eventsLost = eventsLost;
        _logger = logger;
        _watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            // Deployments touch many files at once; a larger buffer makes an overflow (and a full rescan) unlikely.
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Changed += (_, e) => Touch(e.FullPath);
        _watcher.Created += (_, e) => Touch(e.FullPath);
        _watcher.Deleted += (_, e) => Touch(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Touch(e.OldFullPath);
            Touch(e.FullPath);
        };
        _watcher.Error += (_, e) =>
        {
            _logger.LogWarning(e.GetException(), "Watching {Directory} lost events; looking at every plugin folder again", _root);
            _eventsLost();
        };
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>(Re)starts the quiet period of the plugin folder that <paramref name="path"/> lies in.</summary>
    private void Touch(string path)
    {
        if (PluginFolderOf(path) is not { } folder) return;
        lock (_gate)
        {
            if (_disposed) return;
            _folderTouched(folder);
            if (_pending.TryGetValue(folder, out var timer))
            {
                timer.Change(_delay, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _pending[folder] = _time.CreateTimer(_ => Settle(folder), null, _delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Settle(string folder)
    {
        lock (_gate)
        {
            if (_disposed) return;
            if (_pending.Remove(folder, out var timer)) timer.Dispose();
        }
        try
        {
            _folderSettled(folder);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Handling a change to {Folder} failed", folder);
        }
    }

    /// <summary>The plugin folder (first level below the root) containing <paramref name="path"/>, or null for the root itself.</summary>
    private string? PluginFolderOf(string path)
    {
        var relative = Path.GetRelativePath(_root, path);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        return Path.Combine(_root, first);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var timer in _pending.Values) timer.Dispose();
            _pending.Clear();
        }
        _watcher.Dispose();
    }
}
