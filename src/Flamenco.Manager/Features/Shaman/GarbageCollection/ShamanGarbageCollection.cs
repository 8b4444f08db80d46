using System.Globalization;
using Flamenco.Manager.Hosting;
using Flamenco.Plugins.Storage;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Shaman.GarbageCollection;

/// <summary>
/// Runs the storage backend's garbage collection as Flamenco schedules Shaman's (worker-and-shaman.md §5.3): 30 s after
/// the start, then every <c>shaman.garbageCollect.period</c>, deleting files unused for
/// <c>shaman.garbageCollect.maxAge</c> (rounded to whole seconds). Whichever backend is current at each run does it, if
/// it can (<see cref="IStorageGarbageCollector"/>); a failed run is logged and the next one comes as planned.
/// </summary>
public sealed class ShamanGarbageCollection(ShamanBackend shaman, IOptionsMonitor<ManagerOptions> options, TimeProvider time, ILogger<ShamanGarbageCollection> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Shaman.Enabled || settings.IsFirstRun) return;
        if (settings.Shaman.GarbageCollect.Period.Value <= TimeSpan.Zero)
        {
            logger.LogWarning("Shaman garbage collection is off (shaman.garbageCollect.period is {Period}): stored files are never deleted", settings.Shaman.GarbageCollect.Period);
            return;
        }
        try
        {
            await Task.Delay(FirstRunDelay, time, stoppingToken);
            // The period is read again after each collection, so a changed configuration sets the next wait; a period
            // changed to 0 stops collections until the next start.
            for (var period = options.CurrentValue.Shaman.GarbageCollect.Period.Value; period > TimeSpan.Zero; period = options.CurrentValue.Shaman.GarbageCollect.Period.Value)
            {
                await CollectAsync(stoppingToken);
                await Task.Delay(period, time, stoppingToken);
            }
            logger.LogWarning("Shaman garbage collection is now off (shaman.garbageCollect.period is 0) until the Manager restarts");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The Manager is stopping.
        }
    }

    private async Task CollectAsync(CancellationToken stoppingToken)
    {
        using var storage = shaman.Lease();
        if (storage?.Backend is not IStorageGarbageCollector collector) return;
        var maxAge = TimeSpan.FromSeconds(Math.Round(options.CurrentValue.Shaman.GarbageCollect.MaxAge.Value.TotalSeconds));
        try
        {
            var report = await collector.CollectGarbageAsync(time.GetUtcNow() - maxAge, stoppingToken);
            logger.LogInformation("Shaman garbage collection: {Old} files unused for {MaxAge}, {StillUsed} still used, {Deleted} deleted ({Freed} freed), {NotDeleted} could not be deleted",
                report.OldFiles, new FlamencoDuration(maxAge), report.StillUsed, report.Deleted, HumanBytes(report.BytesFreed), report.NotDeleted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A plugin's failure must not stop the Manager (a background service's exception would).
            logger.LogError(e, "Shaman garbage collection failed; next attempt in {Period}", options.CurrentValue.Shaman.GarbageCollect.Period);
        }
    }

    /// <summary>Flamenco's notation: B, KiB, MiB, GiB, TiB with one decimal.</summary>
    internal static string HumanBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
