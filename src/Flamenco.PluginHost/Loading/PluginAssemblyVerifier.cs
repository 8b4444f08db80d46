using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Flamenco.PluginHost.Loading;

/// <summary>
/// Tells a complete assembly file from one that is still being written. A file watcher fires while a deployment
/// copies a DLL in chunks (stack.md §2: three of four reloads of a slowly written DLL threw BadImageFormatException),
/// so the host checks the file before it creates a load context for it.
/// </summary>
internal static class PluginAssemblyVerifier
{
    /// <summary>Null when <paramref name="path"/> is a complete .NET assembly, otherwise what is wrong with it.</summary>
    public static string? FindProblem(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
        if (bytes.Length == 0) return "is empty";
        if (bytes.Length < 2 || bytes[0] != 'M' || bytes[1] != 'Z') return "is not a valid assembly (it does not start like a PE file)";

        try
        {
            using var reader = new PEReader(ImmutableCollectionsMarshal.AsImmutableArray(bytes));
            // A half-written file usually has complete headers whose sections point past its current end.
            foreach (var section in reader.PEHeaders.SectionHeaders)
            {
                var end = (long)section.PointerToRawData + section.SizeOfRawData;
                if (end > bytes.Length) return $"is incomplete: it has {bytes.Length} bytes, but its {section.Name} section ends at byte {end}";
            }
            if (!reader.HasMetadata) return "is not a .NET assembly (no metadata)";

            var metadata = reader.GetMetadataReader();
            if (!metadata.IsAssembly) return "is a .NET module without an assembly manifest";
            _ = metadata.GetAssemblyDefinition().GetAssemblyName();
            return null;
        }
        catch (BadImageFormatException e)
        {
            // It starts like a PE file, so most likely the rest has not been written yet.
            return $"is incomplete or damaged: {e.Message}";
        }
    }
}
