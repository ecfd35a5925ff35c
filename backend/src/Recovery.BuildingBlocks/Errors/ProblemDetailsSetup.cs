using System.Diagnostics;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Observability;

namespace Recovery.BuildingBlocks.Errors;

public static class ProblemDetailsSetup
{
    public static IServiceCollection AddRecoveryProblemDetails(this IServiceCollection services)
    {
        // Registered before the framework's writer, which refuses when the Accept header names no JSON type: an error
        // is always answered as a problem, whatever the client said it prefers (RFC 9457; HTTP allows a 4xx/5xx to
        // ignore Accept), instead of an empty body or a 500.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? c.HttpContext.TraceIdentifier;
            if (c.ProblemDetails.Type is null || c.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                c.ProblemDetails.Type = c.ProblemDetails.Status switch
            {
                400 => ProblemTypes.MalformedRequest,
                401 => ProblemTypes.Unauthorized,
                403 => ProblemTypes.Forbidden,
                404 => ProblemTypes.NotFound,
                405 => ProblemTypes.MethodNotAllowed,
                406 => ProblemTypes.NotAcceptable,
                409 => ProblemTypes.Conflict,
                413 => ProblemTypes.PayloadTooLarge,
                415 => ProblemTypes.UnsupportedMediaType,
                429 => ProblemTypes.RateLimited,
                500 => ProblemTypes.Internal,
                _ => c.ProblemDetails.Type,
            };
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Messages name fields as the client sent them ("debtor.document"), not as C# properties.
        FluentValidation.ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        return services;
    }

    /// <summary>
    /// Where a JSON value could not be read ("" for the whole document, else its path as sent: "debtor.birthDate") and
    /// what to tell the client about it.
    /// </summary>
    public static (string Field, string Message) Unreadable(JsonException json) =>
        json.Path is null or "$"
            ? ("", "The body is not valid JSON of the expected shape.")
            : (json.Path.TrimStart('$', '.'), WrongType);

    public const string WrongType = "The value has the wrong type or format for this field.";

    /// <summary>"Invoices[3].Amount" → "invoices[3].amount": the JSON path the client sent.</summary>
    public static string JsonPath(string propertyPath) =>
        string.Join('.', propertyPath.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(JsonNamingPolicy.CamelCase.ConvertName));
}

/// <summary>The one place where failures become RFC 9457 problems. Nothing internal leaks into a 500.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem = exception switch
        {
            ValidationException v => Validation(v.Errors.GroupBy(e => ProblemDetailsSetup.JsonPath(e.PropertyName))
                .ToDictionary(g => g.Key.Length == 0 ? "body" : g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            FieldException f => Validation(new Dictionary<string, string[]> { [f.Field] = [f.Detail!] }),
            ProblemException p => new ProblemDetails { Status = p.Status, Type = p.Type, Title = p.Title, Detail = p.Detail },
            BadHttpRequestException b => BadRequest(b),
            // A body read by hand (ReadFromJsonAsync) that is not JSON or has a value of the wrong type.
            JsonException json => Malformed(json),
            _ => new ProblemDetails { Status = 500, Type = ProblemTypes.Internal, Title = "An unexpected error occurred.",
                                      Detail = "The error has been logged; quote the traceId when you report it." },
        };
        if (problem is HttpValidationProblemDetails { Errors: var e } v2 && exception is ProblemException { Errors: { } extra })
            foreach (var (k, m) in extra) e[k] = m;
        if (exception is ProblemException { Extensions: { } members })
            foreach (var (k, m) in members) problem.Extensions[k] = m;

        // The route's pattern, not the path: a path may hold a document (/lgpd/data-subjects/{document}).
        if (problem.Status == 500)
            logger.LogError(Redaction.Exception(exception), "Unhandled exception on {Method} {Route}", context.Request.Method,
                (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? Redaction.Text(context.Request.Path));
        if (exception is ProblemException { RetryAfter: { } retry })
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString();

        if (context.Response.HasStarted) return false;
        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails Validation(IDictionary<string, string[]> errors) => new(errors)
    {
        Status = 400,
        Type = ProblemTypes.Validation,
        Title = Language.IsPortuguese ? "Um ou mais campos estão inválidos." : "One or more fields are invalid.",
    };

    private static HttpValidationProblemDetails Malformed(JsonException json)
    {
        var (field, message) = ProblemDetailsSetup.Unreadable(json);
        var path = field.Length == 0 ? "body" : field;
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path] = [message] })
        {
            Status = 400,
            Type = ProblemTypes.MalformedRequest,
            Title = "The request body could not be read.",
            Detail = json.Path is null or "$" ? "The body is not valid JSON of the expected shape." : $"The value at '{path}' has the wrong type or format.",
        };
    }

    private static ProblemDetails BadRequest(BadHttpRequestException b)
    {
        if (b.StatusCode == 413)
            return new ProblemDetails { Status = 413, Type = ProblemTypes.PayloadTooLarge, Title = "The request body is too large." };
        if (b.InnerException is JsonException json) return Malformed(json);
        // Route and query values that do not convert: 'Failed to bind parameter "DateOnly? asOf" from "2025-02-30".'
        var bind = System.Text.RegularExpressions.Regex.Match(b.Message, "^Failed to bind parameter \"[^\"]*?(\\w+)\" from \"(.*)\"\\.$");
        if (bind.Success)
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [bind.Groups[1].Value] = [$"'{bind.Groups[2].Value}' is not a valid value for {bind.Groups[1].Value}."],
            })
            { Status = 400, Type = ProblemTypes.MalformedRequest, Title = "A parameter has the wrong format.", Detail = b.Message };
        return new ProblemDetails { Status = b.StatusCode, Type = ProblemTypes.MalformedRequest, Title = "The request could not be read.", Detail = b.Message };
    }
}

/// <summary>Writes every problem as <c>application/problem+json</c>, whatever the request's Accept header.</summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        problem.Type ??= "about:blank";
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json"));
    }
}
