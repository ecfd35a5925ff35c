using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recovery.BuildingBlocks.Errors;

/// <summary>
/// The language of what people read in problems: English by default (partners' systems and their developers), Portuguese
/// when the request asks for it with <c>Accept-Language: pt</c> (the web app, for agents). Only the UI culture changes:
/// numbers, dates and everything machines read stay invariant.
/// </summary>
public static class Language
{
    private static readonly CultureInfo Portuguese = CultureInfo.GetCultureInfo("pt-BR");

    public static bool IsPortuguese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "pt";

    /// <summary>A validation message in both languages; the request's decides which one the problem carries.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithMessage<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string english, string portuguese) =>
        rule.WithMessage(_ => IsPortuguese ? portuguese : english);

    /// <summary>A validation message made from the value, in both languages.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithMessage<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule,
        Func<T, string> english, Func<T, string> portuguese) =>
        rule.WithMessage(c => IsPortuguese ? portuguese(c) : english(c));

    /// <summary>Sets the request's UI culture to pt-BR when it prefers Portuguese; FluentValidation's own messages follow it.</summary>
    public static IApplicationBuilder UseProblemLanguage(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var preferred = context.Request.GetTypedHeaders().AcceptLanguage
                .OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
            // The portal speaks to debtors, who read Portuguese whatever their browser says.
            CultureInfo.CurrentUICulture = preferred?.Value.Value?.StartsWith("pt", StringComparison.OrdinalIgnoreCase) == true
                                           || context.Request.Path.StartsWithSegments(Security.AuthSchemes.PortalPath)
                ? Portuguese : CultureInfo.InvariantCulture;
            return next(context);
        });
}
