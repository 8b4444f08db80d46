using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Flamenco.Testing;

/// <summary>A real Manager process on a free loopback port, in its own working directory (its data goes to flamenco-data/ there).</summary>
public sealed class ManagerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private ManagerProcess(Process process, Uri baseAddress, string workingDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        WorkingDirectory = workingDirectory;
    }

    public Uri BaseAddress { get; }

    public string WorkingDirectory { get; }

    /// <summary>The Manager's default data folder.</summary>
    public string DataFolder => Path.Combine(WorkingDirectory, "flamenco-data");

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the built Manager with <paramref name="arguments"/> after the listen address, in
    /// <paramref name="workingDirectory"/> (a new temporary folder by default), and waits until it answers.
    /// <paramref name="port"/> (a free one by default) lets a test restart a Manager where its workers look for it.
    /// </summary>
    public static async Task<ManagerProcess> StartAsync(IEnumerable<string>? arguments = null, string? workingDirectory = null, int? port = null)
    {
        port ??= FreePort();
        var data = workingDirectory ?? Directory.CreateTempSubdirectory("flamenco-manager-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = data,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[RepoPaths.ManagerDll, "--listen", $"127.0.0.1:{port}", .. arguments ?? []]) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var manager = new ManagerProcess(process, new Uri($"http://127.0.0.1:{port}"), data);
        process.OutputDataReceived += (_, e) => manager.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => manager.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = manager.BaseAddress };
        for (var attempt = 0; attempt < 300 && !process.HasExited; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/api/v3/version")).IsSuccessStatusCode) return manager;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        // WaitForExit without a timeout also waits until the redirected output has been read to its end.
        if (process.HasExited) await process.WaitForExitAsync();
        var output = manager.Output;
        await manager.DisposeAsync();
        throw new InvalidOperationException($"the Manager did not start:{Environment.NewLine}{output}");
    }

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Resident memory of the Manager process, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>Kills the Manager as a crash or power cut would, leaving its working directory for a restart.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
