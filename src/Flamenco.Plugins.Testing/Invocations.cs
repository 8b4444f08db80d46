using System.Text.Json;
using Flamenco.Plugins.Commands;

namespace Flamenco.Plugins.Testing;

/// <summary>Builds <see cref="CommandInvocation"/>s the way the Worker receives them: parameters as JSON.</summary>
public static class Invocations
{
    /// <summary>An invocation of <paramref name="name"/> with <paramref name="parametersJson"/>, a JSON object.</summary>
    /// <example><c>Invocations.FromJson("sleep", """{"duration_in_seconds": 47}""")</c></example>
    public static CommandInvocation FromJson(string name, string parametersJson, int index = 0)
    {
        using var document = JsonDocument.Parse(parametersJson);
        return new CommandInvocation { Name = name, Parameters = document.RootElement.Clone(), Index = index };
    }
}
