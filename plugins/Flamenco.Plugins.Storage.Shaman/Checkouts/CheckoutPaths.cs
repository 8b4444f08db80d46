namespace Flamenco.Plugins.Storage.Shaman.Checkouts;

/// <summary>
/// Full paths of what a client names in a checkout: the shared <see cref="CheckoutPathRules"/> first (the Manager
/// applies them too, but a backend does not rely on its caller), then, after resolving, that every path stays inside
/// its root.
/// </summary>
internal static class CheckoutPaths
{
    /// <summary>The full path of a checkout, or <see cref="StorageException"/> naming <c>checkoutPath</c>.</summary>
    public static string Checkout(string root, string checkoutPath)
    {
        if (CheckoutPathRules.CheckoutPathProblem("checkoutPath", checkoutPath) is { } problem) throw Invalid(problem);
        return Inside(root, checkoutPath, "checkoutPath");
    }

    /// <summary>The full path of one file of a checkout, or <see cref="StorageException"/> naming <c>files[index].path</c>.</summary>
    public static string File(string checkoutFolder, string path, int index)
    {
        var field = $"files[{index}].path";
        if (CheckoutPathRules.FilePathProblem(field, path) is { } problem) throw Invalid(problem);
        return Inside(checkoutFolder, path, field);
    }

    /// <summary>The last line of defence: whatever the rules miss must still not leave <paramref name="root"/>.</summary>
    private static string Inside(string root, string relative, string field)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal)) throw Invalid($"{field}: \"{relative}\" is not allowed: expected a path that stays inside its folder");
        return full;
    }

    private static StorageException Invalid(string problem) => new(StorageError.InvalidRequest, problem);
}
