using FastEndpoints;
using Microsoft.OpenApi;

namespace Flamenco.Manager.Api;

/// <summary>
/// Our API's OpenAPI document, generated from the endpoints. FastEndpoints' GET endpoints with a request DTO show
/// a bogus request body and lose their route parameters in the generator (reference/stack.md §1); fixed here.
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "openapi3";

    public static IServiceCollection AddFlamencoOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Flamenco.Extensible Manager",
                    Version = "1.0.0",
                    Description = "Flamenco v3's REST API, plus Flamenco.Extensible's additions (tag \"extensible\").",
                };
                return Task.CompletedTask;
            });
            // Route values bound into a request DTO are not part of its JSON body.
            o.AddSchemaTransformer((schema, context, _) =>
            {
                foreach (var property in context.JsonTypeInfo.Properties)
                {
                    var bindFrom = property.AttributeProvider?.GetCustomAttributes(typeof(BindFromAttribute), true).FirstOrDefault();
                    if (bindFrom is not null) schema.Properties?.Remove(property.Name);
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var description = context.Description;
                if (description.HttpMethod is "GET" or "DELETE") operation.RequestBody = null;
                foreach (var name in RouteParameterNames(description.RelativePath ?? ""))
                {
                    operation.Parameters ??= [];
                    if (operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Path)) continue;
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = name,
                        In = ParameterLocation.Path,
                        Required = true,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }
                return Task.CompletedTask;
            });
        });

    private static IEnumerable<string> RouteParameterNames(string route) =>
        route.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1].Split(':')[0]);
}
