using System.Text.Json.Nodes;
using Flamenco.Manager.Tests.Conformance;

namespace Flamenco.Manager.Tests.Fuzz;

/// <summary>One operation to fuzz: its method, path template and, when it takes one, its JSON request body's schema.</summary>
internal sealed record FuzzOperation(string Method, string Path, string Name, JsonNode? BodySchema, string? BodyMediaType, JsonObject Document)
{
    /// <summary>The same operation whatever its path parameters are called.</summary>
    public string Key => $"{Method} {string.Join('/', Path.Split('/').Select(s => s.StartsWith('{') ? "{}" : s))}";

    public bool TakesJson => BodyMediaType == "application/json";

    public IEnumerable<string> PathParameters => Path.Split('/').Where(s => s.StartsWith('{')).Select(s => s[1..^1]);

    /// <summary>
    /// Every operation of Flamenco's spec and of our own OpenAPI document (which the Manager generates from its
    /// endpoints, so a new endpoint is fuzzed without anyone listing it here).
    /// </summary>
    public static IReadOnlyList<FuzzOperation> From(JsonObject ours)
    {
        var operations = new Dictionary<string, FuzzOperation>();
        foreach (var document in (JsonObject[])[ours, FlamencoSpec.Instance.Document])
        {
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                foreach (var (method, node) in item!.AsObject())
                {
                    if (node is not JsonObject operation || method is "parameters") continue;
                    var content = operation["requestBody"]?["content"]?.AsObject();
                    var mediaType = content?.Select(c => c.Key).FirstOrDefault();
                    var fuzz = new FuzzOperation(method.ToUpperInvariant(), path, (string?)operation["operationId"] ?? $"{method} {path}",
                        content?["application/json"]?["schema"], mediaType, document);
                    operations.TryAdd(fuzz.Key, fuzz);
                }
            }
        }
        return [.. operations.Values.OrderBy(o => o.Key, StringComparer.Ordinal)];
    }

    /// <summary>A valid-looking value of <paramref name="schema"/>: every property present, enums at their first value.</summary>
    public JsonNode? Sample(JsonNode? schema, int depth = 0)
    {
        if (schema is not JsonObject s || depth > 6) return "x";
        if (s["$ref"] is { } reference) return Sample(Document["components"]!["schemas"]![((string)reference!).Split('/')[^1]], depth + 1);
        if (s["allOf"] is JsonArray all)
        {
            var merged = new JsonObject();
            foreach (var part in all)
            {
                if (Sample(part, depth + 1) is JsonObject o)
                {
                    foreach (var (k, v) in o.ToList()) merged[k] = v?.DeepClone();
                }
            }
            return merged;
        }
        if (s["oneOf"] is JsonArray one && one.Count > 0) return Sample(one[0], depth + 1);
        if (s["enum"] is JsonArray values && values.Count > 0) return values[0]!.DeepClone();
        // OpenAPI 3.1 (our document) may give a list of types, such as ["string", "null"].
        var type = s["type"] is JsonArray types ? types.Select(t => (string?)t).FirstOrDefault(t => t != "null") : (string?)s["type"];
        switch (type)
        {
            case "integer":
                return 1;
            case "number":
                return 1.5;
            case "boolean":
                return true;
            case "string":
                return (string?)s["format"] == "uuid" ? Guid.NewGuid().ToString() : "x";
            case "array":
                return new JsonArray(Sample(s["items"], depth + 1));
            default:
                var result = new JsonObject();
                foreach (var (name, property) in s["properties"]?.AsObject() ?? []) result[name] = Sample(property, depth + 1);
                return result;
        }
    }
}
