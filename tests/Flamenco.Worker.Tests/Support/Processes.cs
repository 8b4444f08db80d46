using System.Collections.Concurrent;
using Flamenco.Plugins.Commands;

namespace Flamenco.Worker.Tests.Support;

/// <summary>What the tests need to know about processes on this machine (Linux, from /proc).</summary>
internal static class Processes
{
    /// <summary>Running or sleeping; a zombie is dead, it only waits for its parent to notice.</summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }

    /// <summary>
    /// A shell that starts a background sleep and a sub-shell with its own background sleep, then waits: four
    /// processes in three generations, each of whose pid ends up in <paramref name="pids"/> once they all run.
    /// </summary>
    public static ProcessSpec TreeOfFour(ConcurrentBag<int> pids) => new()
    {
        FileName = "/bin/sh",
        Arguments = ["-c", """
            sleep 300 & echo "pid $!"
            sh -c 'sleep 300 & echo "pid $!"; wait' & echo "pid $!"
            wait
            """],
        OnStarted = pid =>
        {
            pids.Add(pid);
            return ValueTask.CompletedTask;
        },
        OnOutputLine = line =>
        {
            if (line.StartsWith("pid ", StringComparison.Ordinal)) pids.Add(int.Parse(line[4..]));
            return ValueTask.CompletedTask;
        },
    };

    public static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
        }
    }
}
