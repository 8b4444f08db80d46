using System.Globalization;
using System.Text;
using Flamenco.Worker.ManagerApi;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Flamenco.Worker.Registration;

/// <summary>
/// <c>flamenco-worker-credentials.yaml</c> in the Flamenco home (reference §4.4): the worker's id and secret, in
/// Flamenco's format, so a Flamenco worker's file works here and the other way round. Deleting it makes the worker
/// register again as a new worker.
/// </summary>
internal sealed class CredentialsFile(string path, TimeProvider time)
{
    public string Path { get; } = path;

    /// <summary>The stored credentials; null when the file is missing, unreadable or incomplete.</summary>
    public WorkerCredentials? Load(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
        {
            problem = "no credentials file";
            return null;
        }
        try
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(Path, Encoding.UTF8)) yaml.Load(reader);
            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                problem = "the credentials file holds no worker_id and worker_secret";
                return null;
            }
            var id = Scalar(mapping, "worker_id");
            var secret = Scalar(mapping, "worker_secret");
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(secret))
            {
                problem = "the credentials file lacks worker_id or worker_secret";
                return null;
            }
            return new WorkerCredentials(id.Trim(), secret.Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            problem = $"cannot read the credentials file: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// Writes the credentials readable by the owner only (0600), atomically: into <c>&lt;file&gt;~</c> first, then
    /// renamed over the file, so a crash leaves either the old or the new credentials, never half of them.
    /// </summary>
    public void Save(WorkerCredentials credentials)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temporary = Path + "~";
        // The owner-only mode is applied when a file is created, so a leftover temporary file must not be reused.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(Render(credentials)));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }

    private string Render(WorkerCredentials credentials) => string.Create(CultureInfo.InvariantCulture, $"""
        # Credentials file for Flamenco Worker.
        # For an explanation of the fields, refer to flamenco-worker-example.yaml
        #
        # NOTE: this file is not meant to be manually edited. Removing it makes the worker register as a new worker.
        # See https://flamenco.blender.org/usage/worker-configuration/
        #
        # This file was written on {time.GetLocalNow():yyyy-MM-dd HH:mm:ss zzz}

        worker_id: {credentials.WorkerId}
        worker_secret: {credentials.Secret}

        """);

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;
}
