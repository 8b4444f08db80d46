using Flamenco.Plugins.JobTypes;

namespace Flamenco.Plugins.Abstractions.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void AbstractionsAssembly_References_OnlySystemAndExtensionsAbstractions()
    {
        var references = typeof(IJobCompiler).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var disallowed = references.Where(name => !IsAllowed(name)).ToList();

        Assert.NotEmpty(references);
        Assert.Empty(disallowed);
    }

    private static bool IsAllowed(string name) =>
        name == "System" || name.StartsWith("System.", StringComparison.Ordinal)
        || (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && name.EndsWith(".Abstractions", StringComparison.Ordinal));
}
