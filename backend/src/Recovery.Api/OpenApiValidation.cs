using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using Recovery.BuildingBlocks;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Recovery.Api;

/// <summary>
/// The request schemas say what the validators check (ADR 0016): each rule the registered FluentValidation validators
/// declare for a body's or a query's field becomes <c>required</c>, <c>minLength</c>/<c>maxLength</c>, <c>pattern</c>,
/// <c>minimum</c>/<c>maximum</c>, <c>enum</c>, <c>format</c> or <c>minItems</c>/<c>maxItems</c> when the document is
/// generated, so the document cannot drift from what the API answers 400 to. Rules written as code (<c>Must</c>) say
/// nothing here; a closed list is written with <see cref="OneOfRules.OneOf{T,TProperty}"/> so it can be read.
/// </summary>
internal sealed class ValidatorRules(IServiceProvider services)
{
    /// <summary>One field's rule: its path in the body ("address.state"), whether it applies to each item of a list, whether a condition guards it.</summary>
    internal sealed record Rule(string[] Path, bool Each, bool Conditional, IPropertyValidator Validator);

    /// <summary>The rules that validate <paramref name="type"/>: its own validator, or the slice's command it is carried into ("Body" → "Command").</summary>
    public IReadOnlyList<Rule> For(Type type)
    {
        var rules = new List<Rule>();
        foreach (var target in Targets(type))
        {
            if (services.GetService(typeof(IValidator<>).MakeGenericType(target)) is not IValidator validator) continue;
            foreach (var rule in validator.CreateDescriptor().Rules)
            {
                if (rule.PropertyName is not { Length: > 0 } name) continue;
                var each = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
                var path = name.Split('.');
                foreach (var component in rule.Components)
                    rules.Add(new Rule(path, each, component.HasCondition || component.HasAsyncCondition, component.Validator));
            }
        }
        return rules;
    }

    /// <summary>
    /// The type itself; for a request body a slice declares ("Body", "XBody", "Input"), the slice's type it becomes:
    /// <c>Command</c> or <c>Query</c>, or <c>X</c>, or else the slice's one validated type. Responses take no rules.
    /// </summary>
    private IEnumerable<Type> Targets(Type type)
    {
        yield return type;
        if (type.DeclaringType is not { } slice) yield break;
        var prefix = type.Name.EndsWith("Body", StringComparison.Ordinal) ? type.Name[..^"Body".Length]
            : type.Name == "Input" ? "" : null;
        if (prefix is null) yield break;
        var nested = slice.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(t => t != type && !t.IsGenericTypeDefinition && IsValidated(t)).ToList();
        var named = nested.Where(t => prefix.Length == 0 ? t.Name is "Command" or "Query" : t.Name == prefix).ToList();
        foreach (var target in named.Count > 0 ? named : nested.Count == 1 ? nested : []) yield return target;
    }

    private bool IsValidated(Type type) => services.GetService(typeof(IValidator<>).MakeGenericType(type)) is not null;

    /// <summary>Writes the rules into an object schema whose properties they name; nested paths go through <paramref name="resolve"/>.</summary>
    public static void Apply(OpenApiSchema schema, IEnumerable<Rule> rules, Func<IOpenApiSchema, OpenApiSchema?> resolve)
    {
        // "Not empty" only when a condition says so (a subject for e-mails) is no constraint on the field itself.
        foreach (var rule in rules.Where(r => !(r.Conditional && r.Validator is INotEmptyValidator)))
        {
            var parent = schema;
            for (var i = 0; i < rule.Path.Length - 1 && parent is not null; i++)
                parent = Property(parent, rule.Path[i], out _) is { } next ? resolve(next) : null;
            if (parent is null || Property(parent, rule.Path[^1], out var key) is not { } property || resolve(property) is not { } target) continue;
            if (rule.Each)
            {
                if (target.Items is not { } items || resolve(items) is not { } item) continue;
                Constrain(item, rule.Validator);
            }
            else
            {
                var isRequired = !rule.Conditional && rule.Validator is INotNullValidator or INotEmptyValidator;
                Constrain(target, rule.Validator);
                if (isRequired)
                {
                    parent.Required ??= new HashSet<string>();
                    parent.Required.Add(key!);
                    if (property is OpenApiSchema inline && inline.Type is { } t) inline.Type = t & ~JsonSchemaType.Null;
                }
            }
        }
    }

    /// <summary>Writes the rules into a query or path parameter.</summary>
    public static void Apply(OpenApiParameter parameter, IEnumerable<Rule> rules)
    {
        foreach (var rule in rules.Where(r => r.Path.Length == 1 && !r.Each && !(r.Conditional && r.Validator is INotEmptyValidator)
                                              && string.Equals(r.Path[0], parameter.Name, StringComparison.OrdinalIgnoreCase)))
        {
            if (parameter.Schema is OpenApiSchema schema) Constrain(schema, rule.Validator);
            if (!rule.Conditional && rule.Validator is INotNullValidator or INotEmptyValidator)
            {
                parameter.Required = true;
                if (parameter.Schema is OpenApiSchema s && s.Type is { } t) s.Type = t & ~JsonSchemaType.Null;
            }
        }
    }

    private static IOpenApiSchema? Property(OpenApiSchema schema, string name, out string? key)
    {
        key = schema.Properties?.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return key is null ? null : schema.Properties![key];
    }

    private static void Constrain(OpenApiSchema target, IPropertyValidator validator)
    {
        var type = target.Type ?? 0;
        // A uuid or a date is a string whose format already says it cannot be empty.
        var isString = type.HasFlag(JsonSchemaType.String) && target.Format is null or "email";
        var isArray = type.HasFlag(JsonSchemaType.Array);
        var isNumber = type.HasFlag(JsonSchemaType.Number) || type.HasFlag(JsonSchemaType.Integer);
        switch (validator)
        {
            case INotEmptyValidator when isString:
                target.MinLength = Math.Max(target.MinLength ?? 0, 1);
                break;
            case INotEmptyValidator when isArray:
                target.MinItems = Math.Max(target.MinItems ?? 0, 1);
                break;
            case ILengthValidator length when isString:
                if (length.Min > 0) target.MinLength = Math.Max(target.MinLength ?? 0, length.Min);
                if (length.Max > 0) target.MaxLength = target.MaxLength is { } m ? Math.Min(m, length.Max) : length.Max;
                break;
            case IRegularExpressionValidator regex when isString && target.Pattern is null:
                target.Pattern = regex.Expression;
                break;
            case IEmailValidator when isString:
                target.Format = "email";
                break;
            case IOneOfValidator oneOf when isString:
                target.Enum = oneOf.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
                break;
            case IBetweenValidator between when isNumber && Number(between.From) is { } from && Number(between.To) is { } to:
                var exclusive = validator.GetType().Name.StartsWith("Exclusive", StringComparison.Ordinal);
                if (exclusive) { target.ExclusiveMinimum = from; target.ExclusiveMaximum = to; }
                else { target.Minimum = from; target.Maximum = to; }
                break;
            case IComparisonValidator { MemberToCompare: null } comparison when Number(comparison.ValueToCompare) is { } value:
                if (isArray && int.TryParse(value, CultureInfo.InvariantCulture, out var count))
                {
                    if (comparison.Comparison == Comparison.LessThanOrEqual) target.MaxItems = count;
                    if (comparison.Comparison == Comparison.GreaterThanOrEqual) target.MinItems = count;
                    break;
                }
                if (!isNumber) break;
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan: target.ExclusiveMinimum = value; break;
                    case Comparison.GreaterThanOrEqual: target.Minimum = value; break;
                    case Comparison.LessThan: target.ExclusiveMaximum = value; break;
                    case Comparison.LessThanOrEqual: target.Maximum = value; break;
                }
                break;
        }
    }

    private static string? Number(object? value) => value switch
    {
        int or long or short or byte or decimal or double or float => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => null,
    };
}

/// <summary>Request bodies: each object schema takes the rules of the validators that check it.</summary>
internal sealed class ValidatorSchemaFilter(ValidatorRules rules) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } target) return;
        var found = rules.For(context.Type);
        if (found.Count == 0) return;
        ValidatorRules.Apply(target, found, Resolve);

        OpenApiSchema? Resolve(IOpenApiSchema s) => s switch
        {
            // A nullable reference: `allOf: [$ref]` (NullableReferenceSchemaFilter).
            OpenApiSchema { Properties: null, AllOf: [var only] } => Resolve(only),
            OpenApiSchema inline => inline,
            OpenApiSchemaReference reference when reference.Reference.Id is { } id
                && context.SchemaRepository.Schemas.TryGetValue(id, out var stored) => stored as OpenApiSchema,
            _ => null,
        };
    }
}
