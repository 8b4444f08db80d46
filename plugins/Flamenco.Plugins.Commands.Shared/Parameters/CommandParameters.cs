using System.Text.Json;
using Flamenco.Plugins.Authoring;

namespace Flamenco.Plugins.Commands.Shared;

/// <summary>
/// Reads a command's parameters with Flamenco's rules (worker-and-shaman.md §2.0): a value counts only when it has
/// exactly the expected JSON type, and every failure is a <see cref="CommandException"/> with Flamenco's text, so task
/// failure reasons read the same as on a Go worker.
/// </summary>
internal sealed class CommandParameters(CommandInvocation invocation)
{
    /// <summary>The value of <paramref name="name"/>, of any type; a missing key is a missing parameter.</summary>
    public JsonElement Required(string name) => TryGet(name, out var value) ? value : throw Missing(name);

    /// <summary>A non-empty string; anything else (missing, another type, empty) is a missing parameter.</summary>
    public string RequiredString(string name) =>
        TryGet(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Missing(name);

    /// <summary>A string that may be empty, but whose key must exist; otherwise the value is invalid.</summary>
    public string ExistingString(string name)
    {
        var found = TryGet(name, out var value);
        if (found && value.ValueKind == JsonValueKind.String) return value.GetString()!;
        throw Invalid(name, found ? GoFormat.Value(value) : "<nil>", "cannot convert to string");
    }

    /// <summary>A number other than zero; anything else (a string <c>"24"</c> included) is a missing parameter.</summary>
    public double NonZeroNumber(string name) =>
        TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number != 0
            ? number
            : throw Missing(name);

    /// <summary>
    /// A list of strings: a missing key gives an empty list, and each element of an array becomes its Go <c>%v</c> text
    /// (<c>47</c> gives <c>"47"</c>). Anything but an array is invalid.
    /// </summary>
    public IReadOnlyList<string> StringList(string name)
    {
        if (!TryGet(name, out var value)) return [];
        if (value.ValueKind != JsonValueKind.Array) throw Invalid(name, value, "cannot convert to list of strings");
        return [.. value.EnumerateArray().Select(GoFormat.Value)];
    }

    /// <summary>
    /// A string split into words shell-style (<see cref="ShellSplit"/>). A missing key or a non-string is silently
    /// ignored, as Flamenco does for <c>exeArgs</c>; a split error makes the value invalid.
    /// </summary>
    public IReadOnlyList<string> ShellWords(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind != JsonValueKind.String) return [];
        try
        {
            return ShellSplit.Split(value.GetString()!);
        }
        catch (FormatException e)
        {
            throw Invalid(name, value, e.Message);
        }
    }

    /// <summary>Flamenco's "missing parameter" error. The parameters are printed the way Go prints a map.</summary>
    public CommandException Missing(string name)
    {
        var parameters = invocation.Parameters.ValueKind == JsonValueKind.Object ? GoFormat.Value(invocation.Parameters) : "map[]";
        return new($"{invocation.Name}: mandatory parameter \"{name}\" is missing: {parameters}");
    }

    /// <summary>Flamenco's "invalid parameter" error for a JSON value.</summary>
    public CommandException Invalid(string name, JsonElement value, string message) => Invalid(name, GoFormat.Value(value), message);

    /// <summary>Flamenco's "invalid parameter" error, with the value as already formatted text.</summary>
    public CommandException Invalid(string name, string value, string message) =>
        new($"{invocation.Name}: parameter \"{name}\" has invalid value {value}: {message}");

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return invocation.Parameters.ValueKind == JsonValueKind.Object && invocation.Parameters.TryGetProperty(name, out value);
    }
}
