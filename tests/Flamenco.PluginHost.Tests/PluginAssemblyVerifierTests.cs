using Flamenco.PluginHost.Loading;
using Flamenco.PluginHost.Tests.Support;
using Flamenco.Testing;

namespace Flamenco.PluginHost.Tests;

public sealed class PluginAssemblyVerifierTests : IDisposable
{
    private static readonly byte[] Dll = TestPluginCompiler.Compile("Verified", TestPlugins.Command("test.verified"));
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"verifier-{Guid.NewGuid():N}.dll");

    [Fact]
    public void FindProblem_CompleteAssembly_None()
    {
        File.WriteAllBytes(_path, Dll);

        Assert.Null(PluginAssemblyVerifier.FindProblem(_path));
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.01)]
    public void FindProblem_TruncatedAssembly_Reported(double fraction)
    {
        File.WriteAllBytes(_path, Dll[..(int)(Dll.Length * fraction)]);

        Assert.NotNull(PluginAssemblyVerifier.FindProblem(_path));
    }

    [Fact]
    public void FindProblem_EmptyFile_Reported()
    {
        File.WriteAllBytes(_path, []);

        Assert.Equal("is empty", PluginAssemblyVerifier.FindProblem(_path));
    }

    [Fact]
    public void FindProblem_OnlyPeSignature_Reported()
    {
        File.WriteAllText(_path, "MZ but nothing else that makes an executable");

        Assert.StartsWith("is incomplete or damaged", PluginAssemblyVerifier.FindProblem(_path));
    }

    [Fact]
    public void FindProblem_TextFile_NotAnAssembly()
    {
        File.WriteAllText(_path, "plain text");

        Assert.StartsWith("is not a valid assembly", PluginAssemblyVerifier.FindProblem(_path));
    }

    public void Dispose() => File.Delete(_path);
}
