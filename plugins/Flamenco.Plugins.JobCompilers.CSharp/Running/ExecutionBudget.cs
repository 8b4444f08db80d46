using System.ComponentModel;

namespace Flamenco.Plugins.JobCompilers.CSharp.Running;

/// <summary>
/// The entry point of the checks the compiler weaves into job-type code. Public only because the compiled job type
/// calls it from its own assembly; authors never need it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ExecutionBudget
{
    /// <summary>Throws when the current run is out of time or memory, was canceled, or nests too deep; otherwise returns.</summary>
    public static void Check() => RunScope.Current?.Check();
}
