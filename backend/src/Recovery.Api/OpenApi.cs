using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Recovery.BuildingBlocks.Mediation;
using Recovery.BuildingBlocks.Security;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Recovery.Api;

internal static class OpenApi
{
    public static IServiceCollection AddRecoveryOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Recovery API",
                Version = "v1",
                Description = "Cobrança e recuperação de crédito. Partners authenticate with X-Api-Key; people with the " +
                              "session cookie from POST /api/v1/auth/login (writes also need X-Requested-With). " +
                              "Errors are RFC 9457 problem documents; see docs/problems.md for the types.",
            });
            // Slices nest Command/Query/Response: name schemas after the slice ("CreateUserCommand"), unless the type names its schema.
            c.CustomSchemaIds(t => t.GetCustomAttribute<SchemaNameAttribute>(inherit: false)?.Name
                                   ?? (t.DeclaringType is { } slice ? slice.Name + t.Name : t.Name));
            // What C# says may be null is nullable, the rest is required: the SPA's generated types and partners' clients rely on it.
            c.SupportNonNullableReferenceTypes();
            c.NonNullableReferenceTypesAsRequired();
            c.AddSecurityDefinition(AuthSchemes.ApiKey, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AuthSchemes.ApiKeyHeader,
                Description = "A partner's API key (rk_live_...), issued by an administrator.",
            });
            c.AddSecurityDefinition(AuthSchemes.Cookie, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = AuthSchemes.CookieName,
                Description = "The session cookie set by POST /api/v1/auth/login.",
            });
            c.OperationFilter<SecurityOperationFilter>();
        });
        return services;
    }

    public static WebApplication UseRecoveryOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o => o.DocumentTitle = "Recovery API");
        return app;
    }

    /// <summary>Each operation names the credential its policy needs and the problems that come with it.</summary>
    private sealed class SecurityOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any()) return;
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (policies.Count == 0) return;
            var scheme = policies.Contains(Policies.Partner) ? AuthSchemes.ApiKey : AuthSchemes.Cookie;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Not authenticated (problem document)." });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Not allowed (problem document)." });
            operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Rate limit reached; see Retry-After (problem document)." });
            if (metadata.OfType<Recovery.BuildingBlocks.Idempotency.IdempotentEndpointMetadata>().Any())
                operation.Parameters?.Add(new OpenApiParameter
                {
                    Name = "Idempotency-Key", In = ParameterLocation.Header, Required = false,
                    Description = "1-255 visible ASCII characters; the first response is replayed for the same key and body.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
        }
    }
}
