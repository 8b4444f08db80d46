using Flamenco.Manager.Api;
using Flamenco.Manager.Hosting;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Configuration;

/// <summary>
/// <c>flamenco-manager.yaml</c>, written the way a crash cannot corrupt it: the new text goes to <c>&lt;file&gt;~</c>
/// (Flamenco's temporary name), is flushed to disk, then replaces the file in one rename, the previous version kept as
/// <c>&lt;file&gt;.bak</c>. The configuration is then reloaded, so what reads it through
/// <see cref="IOptionsMonitor{TOptions}"/> (timeouts, failure limits, variables, Shaman's garbage collection, the
/// Manager's name) works with the new values at once; the rest was read at the start and waits for a restart, which the
/// log and the answer's <see cref="RestartHeader"/> name.
/// </summary>
public sealed class ManagerConfigurationFile(
    ConfigurationFileLocation location, IConfiguration configuration, IOptions<ManagerOptions> startup, ILogger<ManagerConfigurationFile> logger)
{
    /// <summary>The response header listing the saved keys that take effect only after a restart (comma-separated).</summary>
    public const string RestartHeader = "Flamenco-Restart-Needed";

    /// <summary>
    /// The settings read at each use, so a saved change applies without a restart; changes to any other key are
    /// reported as needing one. Keys are Flamenco's, dotted; a prefix covers the section.
    /// </summary>
    private static readonly string[] AppliedAtRunTime =
    [
        "manager_name", "shortversion", "task_timeout", "worker_timeout", "blocklist_threshold", "task_fail_after_softfail_count",
        "variables", "shaman.garbageCollect",
    ];

    private readonly SemaphoreSlim _writing = new(1, 1);

    public string Path => location.Path;

    /// <summary>Writes <paramref name="settings"/> as the configuration file and applies them; returns the changed keys that need a restart.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(ManagerOptions settings, string writtenBy, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            var text = $"# Flamenco.Extensible Manager configuration, written by {writtenBy}.\n"
                + $"# The previous version is in {System.IO.Path.GetFileName(Path)}.bak.\n"
                + SettingsDocument.ToYaml(SettingsDocument.ToJson(settings));
            await WriteAtomicallyAsync(text, ct);
            ((IConfigurationRoot)configuration).Reload();
            var restart = SettingsDocument.ChangedKeys(startup.Value, settings)
                .Where(key => !AppliedAtRunTime.Any(live => key == live || key.StartsWith(live + ".", StringComparison.Ordinal)))
                .ToList();
            if (restart.Count > 0)
            {
                logger.LogWarning("Configuration saved to {File} by {WrittenBy}; restart the Manager to apply {Keys}", Path, writtenBy, string.Join(", ", restart));
            }
            else
            {
                logger.LogInformation("Configuration saved to {File} by {WrittenBy} and applied", Path, writtenBy);
            }
            return restart;
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteAtomicallyAsync(string text, CancellationToken ct)
    {
        var temporary = Path + "~";
        // A leftover from a crash keeps its old mode; start over so the new file is owner-only like Flamenco's.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(temporary, options))
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), ct);
            stream.Flush(flushToDisk: true);
        }
        if (File.Exists(Path)) File.Replace(temporary, Path, Path + ".bak");
        else File.Move(temporary, Path);
    }
}

/// <summary>Where the configuration file is: <c>flamenco-manager.yaml</c> in the working directory, or our <c>config_file</c>.</summary>
public sealed record ConfigurationFileLocation(string Path);

internal static class ConfigurationSaving
{
    /// <summary>Saves and answers: 204 (with the keys needing a restart in a header), or 500 when the file cannot be written.</summary>
    public static async Task SaveAsync(this IEndpoint endpoint, ManagerConfigurationFile file, ManagerOptions settings, string writtenBy, CancellationToken ct)
    {
        var context = endpoint.HttpContext;
        IReadOnlyList<string> restart;
        try
        {
            restart = await file.SaveAsync(settings, writtenBy, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.SendErrorAsync(500, $"could not write the configuration file {file.Path}: {e.Message}", ct);
            return;
        }
        if (restart.Count > 0) context.Response.Headers[ManagerConfigurationFile.RestartHeader] = string.Join(", ", restart);
        context.Response.StatusCode = 204;
    }
}
