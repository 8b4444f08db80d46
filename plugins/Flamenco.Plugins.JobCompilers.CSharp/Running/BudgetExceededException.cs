namespace Flamenco.Plugins.JobCompilers.CSharp.Running;

/// <summary>A run of a job type was stopped by its budget. Never shown as it is: <see cref="RunScope.Describe"/> words it.</summary>
internal sealed class BudgetExceededException(BudgetKind kind) : Exception($"job type budget exceeded: {kind}")
{
    public BudgetKind Kind { get; } = kind;
}

/// <summary>Which part of the budget ran out.</summary>
internal enum BudgetKind
{
    Time,
    Memory,
    Recursion,
    Canceled,
}
