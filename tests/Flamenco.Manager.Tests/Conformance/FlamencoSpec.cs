using System.Text.Json;
using System.Text.Json.Nodes;
using Flamenco.Testing;
using NJsonSchema;
using YamlDotNet.Serialization;

namespace Flamenco.Manager.Tests.Conformance;

/// <summary>
/// Flamenco's OpenAPI document (../shared/flamenco-openapi.yaml) as JSON, with each response schema turned into a
/// JSON Schema validator. OpenAPI 3.0 schemas are JSON Schema plus a few keywords; the spec's known typos (required
/// names that are not properties, reference/api-contract.md §1.2) are dropped, as every real client does.
/// </summary>
internal sealed class FlamencoSpec
{
    /// <summary>
    /// Error answers Flamenco's own Manager gives although its spec does not list them (reference/api-contract.md
    /// §1.1): they carry the <c>Error</c> body.
    /// </summary>
    private static readonly HashSet<(string, int)> UnlistedErrors =
    [
        ("getJobType", 404),
        ("fetchWorker", 400), ("fetchWorker", 404),
        ("fetchWorkerTag", 400), ("fetchWorkerTag", 404),
        // An audience outside the spec's enum; upstream's request validator answers 400 too.
        ("getVariables", 400), ("getSharedStorage", 400),
    ];

    private readonly Dictionary<string, JsonSchema> _schemas = [];

    private FlamencoSpec(JsonObject document) => Document = document;

    public static FlamencoSpec Instance { get; } = Load();

    public JsonObject Document { get; }

    /// <summary>The operation with this id: its path template, method and responses.</summary>
    public (string Path, string Method, JsonObject Operation) Operation(string operationId)
    {
        foreach (var (path, item) in Document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is JsonObject o && (string?)o["operationId"] == operationId) return (path, method, o);
            }
        }
        throw new ArgumentException($"operation {operationId} is not in the spec");
    }

    public IEnumerable<string> OperationIds =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .Select(o => o.Value is JsonObject operation ? (string?)operation["operationId"] : null).OfType<string>();

    /// <summary>The JSON Schema of a response's JSON body, or null when the spec gives the response no JSON body.</summary>
    public JsonSchema? ResponseSchema(string operationId, int status)
    {
        var (_, _, operation) = Operation(operationId);
        var responses = operation["responses"]!.AsObject();
        var response = responses[status.ToString()] ?? responses["default"];
        JsonNode? schema;
        if (response is not null) schema = response["content"]?["application/json"]?["schema"];
        else if (UnlistedErrors.Contains((operationId, status))) schema = new JsonObject { ["$ref"] = "#/components/schemas/Error" };
        else throw new Xunit.Sdk.XunitException($"{operationId} does not allow status {status}; the spec lists {string.Join(", ", responses.Select(r => r.Key))}");
        if (schema is null) return null;

        var key = $"{operationId}/{status}";
        lock (_schemas)
        {
            if (!_schemas.TryGetValue(key, out var compiled))
            {
                // NJsonSchema resolves references into "definitions", where JSON Schema keeps them.
                var root = new JsonObject
                {
                    ["definitions"] = Document["components"]!["schemas"]!.DeepClone(),
                    ["allOf"] = new JsonArray(schema.DeepClone()),
                };
                var json = root.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
                compiled = JsonSchema.FromJsonAsync(json).GetAwaiter().GetResult();
                _schemas[key] = compiled;
            }
            return compiled;
        }
    }

    private static FlamencoSpec Load()
    {
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build()
            .Deserialize<object>(File.ReadAllText(RepoPaths.OpenApiSpec));
        var document = JsonSerializer.SerializeToNode(yaml)!.AsObject();
        foreach (var (_, schema) in document["components"]!["schemas"]!.AsObject()) DropRequiredNonProperties(schema);
        return new FlamencoSpec(document);
    }

    private static void DropRequiredNonProperties(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["required"] is JsonArray required && o["properties"] is JsonObject properties)
                {
                    foreach (var name in required.Select(r => (string)r!).Where(n => !properties.ContainsKey(n)).ToList())
                    {
                        required.Remove(required.First(r => (string)r! == name));
                    }
                }
                foreach (var (_, child) in o.ToList()) DropRequiredNonProperties(child);
                break;
            case JsonArray a:
                foreach (var child in a) DropRequiredNonProperties(child);
                break;
        }
    }
}
