using FluentValidation;
using FluentValidation.Validators;

namespace Recovery.BuildingBlocks;

/// <summary>A value from a closed list, as a rule the OpenAPI document can read (its <c>enum</c>), where <c>Must(list.Contains)</c> could not be read.</summary>
public static class OneOfRules
{
    /// <summary>The value is one of <paramref name="values"/>, compared as the list compares (a set keeps its comparer); null passes, as in FluentValidation's own rules.</summary>
    public static IRuleBuilderOptions<T, TProperty> OneOf<T, TProperty>(this IRuleBuilder<T, TProperty> rule, IReadOnlyCollection<string> values) =>
        rule.SetValidator(new OneOfValidator<T, TProperty>(values));
}

/// <summary>The closed list a value must come from.</summary>
public interface IOneOfValidator : IPropertyValidator
{
    IReadOnlyCollection<string> Values { get; }
}

public sealed class OneOfValidator<T, TProperty>(IReadOnlyCollection<string> values) : PropertyValidator<T, TProperty>, IOneOfValidator
{
    public IReadOnlyCollection<string> Values { get; } = values;

    public override string Name => "OneOfValidator";

    public override bool IsValid(ValidationContext<T> context, TProperty value) => value is null || (value is string text && Values.Contains(text));

    protected override string GetDefaultMessageTemplate(string errorCode) => "'{PropertyName}' is not one of the allowed values.";
}
