namespace Flamenco.Manager.LocalStorage;

/// <summary>
/// Manager-local storage (manager.md §1.5): one folder per job, <c>&lt;root&gt;/job-&lt;first 4 chars of the job
/// id&gt;/&lt;job id&gt;/</c>, holding the task logs and last-rendered images. The whole root is served read-only at
/// <see cref="UrlPrefix"/>, so everything written here must be fit for any client to read.
/// </summary>
public sealed class ManagerLocalStorage
{
    public const string UrlPrefix = "/job-files";

    public ManagerLocalStorage(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    /// <summary>Absolute path of the storage root.</summary>
    public string Root { get; }

    /// <summary>The job's folder relative to the root, with forward slashes: <c>job-0193/0193…</c>.</summary>
    public static string RelativeJobFolder(Guid jobId)
    {
        var id = jobId.ToString("D");
        return $"job-{id[..4]}/{id}";
    }

    /// <summary>Absolute path of the job's folder (not created here).</summary>
    public string JobFolder(Guid jobId) => FullPath(RelativeJobFolder(jobId));

    /// <summary>Absolute path of a root-relative, forward-slashed path.</summary>
    public string FullPath(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The host-relative URL that serves a root-relative path.</summary>
    public static string UrlOf(string relativePath) => $"{UrlPrefix}/{relativePath}";

    /// <summary>
    /// Removes the job's folder with its logs and images, then the <c>job-XXXX</c> folder above it if that is now
    /// empty. For job deletion: stop writing to the job first, as a later log line would create the folder again.
    /// The path is always two levels below <see cref="Root"/>, so unlike upstream no check for "/" or $HOME is needed.
    /// </summary>
    public void DeleteJobFolder(Guid jobId)
    {
        var folder = JobFolder(jobId);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        var parent = Path.GetDirectoryName(folder)!;
        try
        {
            if (!Directory.EnumerateFileSystemEntries(parent).Any()) Directory.Delete(parent);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // Another job of the same prefix got a folder in the meantime: the prefix folder stays.
        }
    }
}
