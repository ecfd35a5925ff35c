using Recovery.BuildingBlocks.Errors;
using FluentValidation;

namespace Recovery.BuildingBlocks;

/// <summary>Validation of amounts the API receives (rules.md "Money").</summary>
public static class MoneyRules
{
    /// <summary>A required amount in reais: more than zero, at most 100,000,000.00, at most two decimals.</summary>
    public static IRuleBuilderOptions<T, decimal?> MustBeAmount<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.NotNull().WithMessage("amount is required", "informe o valor")
            .GreaterThan(0).WithMessage("amount must be greater than zero", "o valor deve ser maior que zero")
            .LessThanOrEqualTo(Money.MaxAmount).WithMessage("amount must be at most 100000000.00", "o valor deve ser no máximo R$ 100.000.000,00")
            .Must(a => a is null || Money.HasAtMostTwoDecimals(a.Value)).WithMessage("amount has at most two decimal places", "o valor tem no máximo duas casas decimais");
}
