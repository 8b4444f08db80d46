using Flamenco.Worker.ManagerApi;
using Flamenco.Worker.Registration;

namespace Flamenco.Worker.Tests.Registration;

// File modes are what these tests are about; the worker runs them on Linux.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CredentialsFileTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("flamenco-worker-home-").FullName;

    private string PathOfFile => Path.Combine(_home, "flamenco-worker-credentials.yaml");

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Save_ThenLoad_GivesTheSameCredentials()
    {
        var file = new CredentialsFile(PathOfFile, TimeProvider.System);

        file.Save(new WorkerCredentials("0b5f2f55-0d6b-4d43-9d1d-7c0e21d5bb3a", new string('a', 64)));

        Assert.Equal(new WorkerCredentials("0b5f2f55-0d6b-4d43-9d1d-7c0e21d5bb3a", new string('a', 64)), file.Load(out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Save_WritesTheFileForTheOwnerOnlyAndLeavesNoTemporaryFile()
    {
        File.WriteAllText(PathOfFile, "worker_id: old\nworker_secret: old\n");
        File.SetUnixFileMode(PathOfFile, (UnixFileMode)0b110_100_100);
        File.WriteAllText(PathOfFile + "~", "leftover of a crash");
        File.SetUnixFileMode(PathOfFile + "~", (UnixFileMode)0b110_110_110);

        new CredentialsFile(PathOfFile, TimeProvider.System).Save(new WorkerCredentials("id", "secret"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOfFile));
        Assert.False(File.Exists(PathOfFile + "~"));
        Assert.Contains("worker_secret: secret", File.ReadAllText(PathOfFile));
    }

    [Fact]
    public void Save_ReplacesTheFileByRenaming_SoAReaderSeesTheOldOrTheNewWholeFile()
    {
        var file = new CredentialsFile(PathOfFile, TimeProvider.System);
        file.Save(new WorkerCredentials("old-id", "old-secret"));
        using var reader = new FileStream(PathOfFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        file.Save(new WorkerCredentials("new-id", "new-secret"));

        // Written in place, the open file would now hold the new text (or half of it); renamed over, it is untouched.
        Assert.Contains("worker_id: old-id", new StreamReader(reader).ReadToEnd());
        Assert.Equal("new-id", file.Load(out _)!.WorkerId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("worker_id: only-the-id\n")]
    [InlineData("worker_id: [broken\n")]
    [InlineData("- a list\n")]
    public void Load_UnusableFile_GivesNoCredentialsAndSaysWhy(string content)
    {
        File.WriteAllText(PathOfFile, content);

        var loaded = new CredentialsFile(PathOfFile, TimeProvider.System).Load(out var problem);

        Assert.Null(loaded);
        Assert.NotNull(problem);
    }

    [Fact]
    public void Load_FlamencoWrittenFile_IsRead()
    {
        File.WriteAllText(PathOfFile, """
            # Credentials file for Flamenco Worker.
            # This file was written on 2024-05-01 12:00:00 +02:00

            worker_id: 8b5c3f6e-0c2f-4b8e-a6a1-0d7c4c9b9e11
            worker_secret: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            """);

        var loaded = new CredentialsFile(PathOfFile, TimeProvider.System).Load(out _);

        Assert.Equal("8b5c3f6e-0c2f-4b8e-a6a1-0d7c4c9b9e11", loaded!.WorkerId);
    }
}
