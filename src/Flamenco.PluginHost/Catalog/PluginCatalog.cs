using Flamenco.PluginHost.Loading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flamenco.PluginHost.Catalog;

/// <summary>
/// The plugin folders the host knows, the generation each one currently serves, and the listing of their states.
/// Swapping a generation and taking a lease happen under one lock, so a lease never sees a generation that is
/// already retired, and new leases see the new generation as soon as it is swapped in.
/// </summary>
internal sealed class PluginCatalog : IPluginCatalog, IDisposable
{
    private readonly object _gate = new();

    /// <summary>One load at a time: loads take milliseconds, and running them in turn keeps duplicate-id checks and generation numbers simple.</summary>
    private readonly SemaphoreSlim _loadGate = new(1, 1);

    private readonly CancellationTokenSource _disposing = new();
    private readonly SortedDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly PluginGenerationLoader _loader;
    private readonly ILogger _logger;
    private IReadOnlyList<PluginStatus> _statuses = [];
    private long _version;
    private bool _disposed;

    public PluginCatalog(IOptions<PluginHostOptions> options, ILoggerFactory loggerFactory, TimeProvider time, IConfiguration configuration)
    {
        _time = time;
        _loader = new PluginGenerationLoader(loggerFactory, time, configuration, options.Value.SharedServices);
        _logger = loggerFactory.CreateLogger<PluginCatalog>();
        Directory = options.Value.FullDirectory;
    }

    /// <summary>The plugins folder, as a full path.</summary>
    public string Directory { get; }

    public IReadOnlyList<PluginStatus> Plugins => Volatile.Read(ref _statuses);

    public long Version => Interlocked.Read(ref _version);

    public event EventHandler? Changed;

    public ExtensionLease<T> Lease<T>() where T : class
    {
        var generations = new List<PluginGeneration>();
        var extensions = new List<PluginExtension<T>>();
        lock (_gate)
        {
            foreach (var slot in _slots.Values)
            {
                if (slot.Current is not { } generation) continue;
                T[] found;
                try
                {
                    found = generation.ExtensionsOf<T>();
                }
                catch (Exception e)
                {
                    // Only possible for a type other than the extension points, which were resolved at load time.
                    _logger.LogWarning(e, "Plugin {PluginId} cannot provide {Type}", generation.Identity.Id, typeof(T).Name);
                    continue;
                }
                if (found.Length == 0) continue;

                // Lease only generations that contribute, so e.g. a long render does not pin an unrelated job compiler.
                generation.Acquire();
                generations.Add(generation);
                extensions.AddRange(found.Select(instance => new PluginExtension<T>(generation.Identity.Id, instance)));
            }
            return new ExtensionLease<T>(extensions, [.. generations], _version);
        }
    }

    /// <summary>Loads every plugin folder once, at start-up. Files still incomplete now fail at once; the watcher reloads them when they settle.</summary>
    public void LoadAll()
    {
        foreach (var folder in PluginFolder.Discover(Directory))
        {
            _loadGate.Wait(_disposing.Token);
            try
            {
                LoadOrReport(folder);
            }
            finally
            {
                _loadGate.Release();
            }
        }
    }

    /// <summary>The folders the catalog has an entry for, loaded or not.</summary>
    public IReadOnlyList<string> KnownDirectories
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.Keys];
            }
        }
    }

    /// <summary>
    /// Brings one folder up to date after it changed: loads and swaps in a new generation, records why that failed, or
    /// removes the plugin when the folder no longer holds one. When the assembly is still incomplete, returns what is
    /// wrong with it and changes nothing, unless <paramref name="reportIncomplete"/> asks to record that as a failure.
    /// </summary>
    public async Task<string?> RefreshAsync(PluginFolder folder, bool reportIncomplete, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        await _loadGate.WaitAsync(stopping.Token);
        try
        {
            if (!folder.IsPlugin)
            {
                Remove(folder);
                return null;
            }
            var problem = PluginAssemblyVerifier.FindProblem(folder.AssemblyPath);
            if (problem is null)
            {
                if (!KeepIfUnchanged(folder)) LoadOrReport(folder, verified: true);
            }
            else if (reportIncomplete)
            {
                Report(folder, PluginState.Failed, $"{Path.GetFileName(folder.AssemblyPath)} {problem}", identity: null, exception: null);
            }
            return problem;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>
    /// True when the folder's files are those of the running generation, so there is nothing to reload. If an earlier
    /// reload of other files failed, the files are back to the running version now: the failure is over.
    /// </summary>
    private bool KeepIfUnchanged(PluginFolder folder)
    {
        var fingerprint = folder.Fingerprint();
        PluginStatus status;
        lock (_gate)
        {
            if (fingerprint is null || _slots.GetValueOrDefault(folder.Directory) is not { Current: { } running } slot || slot.Fingerprint != fingerprint)
            {
                return false;
            }
            if (slot.Status.State == PluginState.Loaded) return true;
            status = slot.Status = StatusOf(folder, running, PluginState.Loaded, error: null);
            PublishLocked();
        }
        _logger.LogInformation("Plugin {PluginId} in {Directory} has the files of its running version {PluginVersion} again",
            status.Id, folder.Directory, status.Version);
        RaiseChanged();
        return true;
    }

    /// <summary>Loads a new generation of <paramref name="folder"/> and swaps it in, or reports why not. Call holding the load gate.</summary>
    private void LoadOrReport(PluginFolder folder, bool verified = false)
    {
        if (!verified && PluginAssemblyVerifier.FindProblem(folder.AssemblyPath) is { } problem)
        {
            Report(folder, PluginState.Failed, $"{Path.GetFileName(folder.AssemblyPath)} {problem}", identity: null, exception: null);
            return;
        }

        // Taken before loading: if the files change during the load, the hash differs and the next refresh reloads.
        var fingerprint = folder.Fingerprint();
        int number;
        lock (_gate)
        {
            number = (_slots.GetValueOrDefault(folder.Directory)?.Loads ?? 0) + 1;
        }

        PluginGeneration loaded;
        try
        {
            loaded = _loader.Load(folder, number, id => OtherFolderServing(id, folder));
        }
        catch (PluginLoadException e)
        {
            Report(folder, e.State, e.Message, e.Identity, e.InnerException);
            return;
        }

        PluginGeneration? replaced;
        lock (_gate)
        {
            if (_disposed)
            {
                replaced = loaded;
            }
            else
            {
                var slot = SlotFor(folder);
                replaced = slot.Current;
                slot.Current = loaded;
                slot.Fingerprint = fingerprint;
                slot.Loads = number;
                slot.Status = StatusOf(folder, loaded, PluginState.Loaded, error: null);
                PublishLocked();
            }
        }
        // Outside the lock: if no lease holds it, retiring disposes the old generation right here.
        replaced?.Retire();
        if (replaced == loaded) return;

        var extensions = loaded.Extensions;
        _logger.LogInformation("Plugin {PluginId} {PluginVersion} loaded (generation {Generation}) from {Directory}; extensions: {Extensions}",
            loaded.Identity.Id, loaded.Identity.Version, number, folder.Directory, extensions.Count > 0 ? string.Join(", ", extensions) : "none");
        RaiseChanged();
    }

    /// <summary>Records a failed load. A generation that is already running keeps serving, and the listing says so.</summary>
    private void Report(PluginFolder folder, PluginState state, string error, PluginIdentity? identity, Exception? exception)
    {
        PluginStatus status;
        lock (_gate)
        {
            if (_disposed) return;
            var slot = SlotFor(folder);
            status = slot.Current is { } running
                ? StatusOf(folder, running, state, $"{error}; version {running.Identity.Version} (generation {running.Number}) keeps running")
                : new PluginStatus
                {
                    Id = identity?.Id ?? folder.Name,
                    Name = identity?.Name ?? folder.Name,
                    Directory = folder.Directory,
                    State = state,
                    Error = error,
                    UpdatedAt = _time.GetUtcNow(),
                };
            slot.Status = status;
            PublishLocked();
        }

        _logger.LogError(exception, "Plugin {PluginId} in {Directory} is {State}: {Error}", status.Id, folder.Directory, state, status.Error);
        RaiseChanged();
    }

    /// <summary>The folder no longer holds a plugin: forget it; its generation unloads once its last lease ends.</summary>
    private void Remove(PluginFolder folder)
    {
        Slot? removed;
        lock (_gate)
        {
            if (!_slots.Remove(folder.Directory, out removed)) return;
            PublishLocked();
        }
        removed.Current?.Retire();
        _logger.LogInformation("Plugin {PluginId} removed: {Directory} no longer holds {Assembly}",
            removed.Status.Id, folder.Directory, Path.GetFileName(folder.AssemblyPath));
        RaiseChanged();
    }

    /// <summary>Which folder other than <paramref name="folder"/> serves plugin <paramref name="id"/> right now, for the duplicate-id check.</summary>
    private string? OtherFolderServing(string id, PluginFolder folder)
    {
        lock (_gate)
        {
            return _slots.Values.FirstOrDefault(s => s.Folder != folder && s.Current?.Identity.Id == id)?.Folder.Directory;
        }
    }

    private Slot SlotFor(PluginFolder folder)
    {
        if (!_slots.TryGetValue(folder.Directory, out var slot))
        {
            slot = new Slot(folder);
            _slots.Add(folder.Directory, slot);
        }
        return slot;
    }

    private PluginStatus StatusOf(PluginFolder folder, PluginGeneration generation, PluginState state, string? error) => new()
    {
        Id = generation.Identity.Id,
        Name = generation.Identity.Name,
        Directory = folder.Directory,
        Version = generation.Identity.Version,
        State = state,
        Error = error,
        Generation = generation.Number,
        UpdatedAt = _time.GetUtcNow(),
        Extensions = generation.Extensions,
    };

    private void PublishLocked()
    {
        Volatile.Write(ref _statuses, [.. _slots.Values.Select(s => s.Status)]);
        Interlocked.Increment(ref _version);
    }

    private void RaiseChanged()
    {
        try
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception e)
        {
            // A subscriber's bug must not abort a reload half-way.
            _logger.LogError(e, "A Changed handler of the plugin catalog failed");
        }
    }

    /// <summary>Retires every generation (each unloads when its last lease ends) and cancels loads waiting their turn.</summary>
    public void Dispose()
    {
        Slot[] slots;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            slots = [.. _slots.Values];
            _slots.Clear();
            Volatile.Write(ref _statuses, []);
        }
        _disposing.Cancel();
        foreach (var slot in slots) slot.Current?.Retire();
    }

    private sealed class Slot(PluginFolder folder)
    {
        public PluginFolder Folder { get; } = folder;

        /// <summary>The generation serving now, if any load succeeded.</summary>
        public PluginGeneration? Current { get; set; }

        /// <summary>The <see cref="PluginFolder.Fingerprint"/> of the files <see cref="Current"/> was loaded from.</summary>
        public string? Fingerprint { get; set; }

        /// <summary>Successful loads of this folder, numbering the generations.</summary>
        public int Loads { get; set; }

        public PluginStatus Status { get; set; } = null!;
    }
}
