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
