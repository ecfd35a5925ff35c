using System.Reflection;
using Microsoft.OpenApi;
using Recovery.BuildingBlocks.Mediation;
using Recovery.BuildingBlocks.Security;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Recovery.Api;

/// <summary>
/// The OpenAPI document partners generate clients from (docs/partner-guide.md "The OpenAPI document"): what each
/// operation needs, what it answers, and the request schemas as the validators check them (ADR 0016). Linted by
/// redocly and spectral and exercised by contract tests in <c>make test</c>.
/// </summary>
internal static class OpenApi
{
    /// <summary>The header a cookie-authenticated write carries (the SPA's CSRF defence), described as a scheme of its own.</summary>
    internal const string Csrf = "Csrf";

    public static IServiceCollection AddRecoveryOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<ValidatorRules>();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Recovery API",
                Version = "v1",
                Description = "Cobrança e recuperação de crédito. Partners authenticate with X-Api-Key; people with the " +
                              "session cookie from POST /api/v1/auth/login (writes also need X-Requested-With). " +
                              "Errors are RFC 9457 problem documents; see docs/problems.md for the types. A method a path " +
                              "does not offer answers 405 and a body that is not JSON answers 415, both as problems.",
                Contact = new OpenApiContact { Name = "Recovery", Url = new Uri("https://recovery.com.br/") },
                License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://recovery.com.br/terms") },
            });
            // Relative: the document is served by the installation it describes (partner-guide.md says where).
            c.AddServer(new OpenApiServer { Url = "/", Description = "The installation serving this document" });
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
            c.AddSecurityDefinition(Csrf, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AuthSchemes.CsrfHeader,
                Description = "Any non-blank value; required with the session cookie on POST, PUT, PATCH and DELETE (a cross-site form cannot set it).",
            });
            c.AddSecurityDefinition("ProviderToken", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Provider-Token",
                Description = "The shared token providers send with their callbacks: SMS and WhatsApp delivery (Communication:ProviderToken), the PSP's Pix webhook (Negotiation:Pix:WebhookToken)."
            });
            c.DocumentFilter<DocumentSecurityFilter>();
            c.SchemaFilter<OpenObjectSchemaFilter>();
            c.SchemaFilter<NullableReferenceSchemaFilter>();
            c.SchemaFilter<ValidatorSchemaFilter>();
            c.OperationFilter<SummaryOperationFilter>();
            c.OperationFilter<SecurityOperationFilter>();
            c.OperationFilter<ResponsesOperationFilter>();
            c.OperationFilter<ValidatorParameterFilter>();
            c.OperationFilter<PartnerExamplesFilter>();
        });
        return services;
    }

    public static WebApplication UseRecoveryOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o => o.DocumentTitle = "Recovery API");
        return app;
    }

    /// <summary>
    /// Unknown fields in a body are ignored, not refused (partners send extra fields; refusing them now would break
    /// them): so no object schema says <c>additionalProperties: false</c>.
    /// </summary>
    private sealed class OpenObjectSchemaFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is OpenApiSchema { AdditionalPropertiesAllowed: false, AdditionalProperties: null } target)
                target.AdditionalPropertiesAllowed = true;
        }
    }

    /// <summary>
    /// A property of a named type that C# says may be null is <c>type</c> + <c>nullable: true</c> + <c>allOf: [$ref]</c>:
    /// a bare <c>$ref</c> cannot say null in OpenAPI 3.0, and its siblings would be ignored.
    /// </summary>
    private sealed class NullableReferenceSchemaFilter : ISchemaFilter
    {
        private readonly NullabilityInfoContext _nullability = new();

        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema { Properties.Count: > 0 } target || context.Type.IsPrimitive || context.Type == typeof(string)) return;
            foreach (var member in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var key = target.Properties.Keys.FirstOrDefault(k => string.Equals(k, member.Name, StringComparison.OrdinalIgnoreCase));
                if (key is null || target.Properties[key] is not OpenApiSchemaReference reference) continue;
                if (_nullability.Create(member).ReadState != NullabilityState.Nullable) continue;
                var referenced = reference.Reference.Id is { } id && context.SchemaRepository.Schemas.TryGetValue(id, out var stored) ? stored.Type : null;
                target.Properties[key] = new OpenApiSchema { Type = (referenced ?? JsonSchemaType.Object) | JsonSchemaType.Null, AllOf = [reference] };
                target.Required?.Remove(key);
            }
        }
    }

    /// <summary>An operation without a summary of its own is summarised by its name ("PushInvoiceBatch" → "Push invoice batch").</summary>
    private sealed class SummaryOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!string.IsNullOrEmpty(operation.Summary) || operation.OperationId is not { Length: > 0 } id) return;
            var words = System.Text.RegularExpressions.Regex.Replace(id, "(?<=[a-z0-9])(?=[A-Z])", " ").ToLowerInvariant();
            operation.Summary = char.ToUpperInvariant(words[0]) + words[1..];
        }
    }

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Administration"] = "Users, partners and their keys, portfolios, jobs and indices (role admin).",
        ["Agreements"] = "Agreements, their approval and their installments' payments (people).",
        ["Analytics"] = "Propensity to pay: a debtor's score and its reasons, a debt's features as of a day, the models (people).",
        ["Audit"] = "The audit trail and its verification (auditors and admins).",
        ["Authentication"] = "Signing in and out with the session cookie (people).",
        ["Bureau"] = "Credit-bureau lookups of a debtor, their budget and monitoring per portfolio (people).",
        ["Communication"] = "Templates, dunning schedules and runs, letters, calls, messages (people).",
        ["Debtors"] = "Finding debtors, their debts, timeline, notes, holds and contacts (people).",
        ["Escalation"] = "Collection agencies: placements, recalls, performance and monthly statements (people).",
        ["LGPD"] = "Data-subject reports and the personal data access log.",
        ["Negotiation"] = "Valuation, simulation, policies, promises and indices (people).",
        ["Partner"] = "The partner's own account (API key).",
        ["Partner: invoices"] = "Invoices pushed by partners, their payments and cancellations (API key).",
        ["Partner: payments"] = "Pix payments of agreements' installments (API key).",
        ["Partner: webhooks"] = "The partner's webhook and its deliveries (API key).",
        ["Portal"] = "The debtor's self-service portal: sign-in codes and links, debts, offers, agreements, requests (debtor session).",
        ["Providers"] = "Callbacks from providers: SMS and WhatsApp delivery, the PSP's Pix payments (shared token).",
        ["Reports"] = "Portfolio reports and read-model rebuilds (people).",
    };

    /// <summary>Partners with their key, people with the session cookie; operations say where they differ.</summary>
    private sealed class DocumentSecurityFilter : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                if (tag.Name is { } name && Tags.TryGetValue(name, out var description)) tag.Description = description;
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthSchemes.ApiKey, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthSchemes.Cookie, document)] = [] },
            ];
        }
    }
}
