using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.BuildingBlocks.Security;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Recovery.Api;

/// <summary>Each operation names the credential it needs: the partner key, the session cookie (with the CSRF header on writes), a provider's token, or none.</summary>
internal sealed class SecurityOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<SharedSecretHeader>().FirstOrDefault() is { } secret)
        {
            operation.Security = [Requirement(context.Document, secret.Scheme)];
            return;
        }
        var policies = metadata.OfType<IAllowAnonymous>().Any() ? [] : metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Count == 0)
        {
            operation.Security = [];
            return;
        }
        var isRead = context.ApiDescription.HttpMethod is "GET" or "HEAD";
        operation.Security =
        [
            policies.Contains(Policies.Partner) ? Requirement(context.Document, AuthSchemes.ApiKey)
            : isRead ? Requirement(context.Document, AuthSchemes.Cookie)
            : Requirement(context.Document, AuthSchemes.Cookie, OpenApi.Csrf),
        ];
        if (metadata.OfType<IdempotentEndpointMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key", In = ParameterLocation.Header, Required = false,
                Description = "1-255 visible ASCII characters; the first response is replayed for the same key and body.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[\\x21-\\x7E]+$" },
            });
        }
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument? document, params string[] schemes)
    {
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes) requirement[new OpenApiSecuritySchemeReference(scheme, document)] = [];
        return requirement;
    }
}

/// <summary>
/// The answers every operation of a kind can give, each a problem document: 401 and 403 where a credential is needed,
/// 429 everywhere under /api (every caller has a bucket), 400, 413 and 415 where a body is read, 400 where a query is.
/// </summary>
internal sealed class ResponsesOperationFilter : IOperationFilter
{
    private const string ProblemJson = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        var validation = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
        var responses = operation.Responses ??= new OpenApiResponses();
        var authenticated = operation.Security is { Count: > 0 };
        var hasBody = operation.RequestBody is not null;
        var hasQuery = operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true;

        if (hasBody || hasQuery) Add(responses, "400", "The request is malformed or a field is invalid; `errors` names each field by its JSON path.", validation);
        if (authenticated)
        {
            Add(responses, "401", "No credential, or one that is unknown, expired or revoked.", problem);
            if (operation.Security!.Any(r => r.Keys.Any(k => k.Reference.Id != "ProviderToken")))
                Add(responses, "403", "The credential does not allow this (role, CSRF header, read-only auditor).", problem);
        }
        if (hasBody)
        {
            Add(responses, "413", "The body is larger than the server accepts.", problem);
            Add(responses, "415", "The body is not JSON (Content-Type must be application/json).", problem);
        }
        if (context.ApiDescription.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            Add(responses, "429", "The caller's rate limit was reached; retry after the seconds in Retry-After.", problem, retryAfter: true);

        foreach (var (code, response) in responses)
        {
            if (response is not OpenApiResponse r) continue;
            if (int.TryParse(code, out var status) && status >= 400)
            {
                // Every error is a problem document, whatever the framework's default said.
                r.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (!r.Content.ContainsKey(ProblemJson))
                {
                    r.Content.Clear();
                    r.Content[ProblemJson] = new OpenApiMediaType { Schema = status == 400 ? validation : problem };
                }
                if (status is 423 or 429) AddRetryAfter(r);
            }
            // Images and PDFs are files, whatever type the endpoint declared for its other formats (a document's HTML or JSON).
            foreach (var (type, media) in r.Content ?? new Dictionary<string, OpenApiMediaType>())
                if ((type.StartsWith("image/", StringComparison.Ordinal) && media.Schema is null) || type == "application/pdf")
                    media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        }
    }

    private static void Add(OpenApiResponses responses, string code, string description, IOpenApiSchema schema, bool retryAfter = false)
    {
        if (responses.ContainsKey(code)) return;
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
        };
        if (retryAfter) AddRetryAfter(response);
        responses[code] = response;
    }

    private static void AddRetryAfter(OpenApiResponse response)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd("Retry-After", new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
        });
    }
}

/// <summary>Query and path parameters take the rules of the slice's validators, as bodies do (<see cref="ValidatorRules"/>).</summary>
internal sealed class ValidatorParameterFilter(ValidatorRules rules) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Parameters is not { Count: > 0 } parameters || Slice(context.MethodInfo?.DeclaringType) is not { } slice) return;
        var found = slice.GetNestedTypes(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .Where(t => !t.IsGenericTypeDefinition)
            .SelectMany(rules.For)
            .ToList();
        if (found.Count == 0) return;
        foreach (var parameter in parameters.OfType<OpenApiParameter>().Where(p => p.In is ParameterLocation.Query or ParameterLocation.Path))
            ValidatorRules.Apply(parameter, found);
    }

    /// <summary>The slice class an endpoint's lambda was written in (the compiler nests lambdas in classes named "&lt;…&gt;").</summary>
    private static Type? Slice(Type? type)
    {
        while (type is not null && type.Name.StartsWith('<')) type = type.DeclaringType;
        return type;
    }
}
