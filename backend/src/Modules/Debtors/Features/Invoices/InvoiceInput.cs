using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Recovery.BuildingBlocks;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>An invoice as a partner sends it (partner-api.md "Invoices"). Everything nullable: the validator says what is missing.</summary>
internal sealed record InvoiceInput(
    string? ExternalId,
    string? Portfolio,
    DebtorInput? Debtor,
    decimal? Amount,
    DateOnly? IssueDate,
    DateOnly? DueDate,
    string? Description,
    TermsInput? Terms,
    bool? Consumer);

internal sealed record DebtorInput(
    string? Document,
    string? Name,
    DateOnly? BirthDate,
    decimal? MonthlyIncome,
    List<string>? Emails,
    List<string>? Phones,
    AddressInput? Address);

internal sealed record AddressInput(
    string? Street, string? Number, string? Complement, string? District, string? City, string? State, string? PostalCode);

/// <param name="InterestAgreed">False when the contract agreed no interest rate: the legal rate applies (Lei 14.905/2024).</param>
internal sealed record TermsInput(decimal? FinePercent, decimal? MonthlyInterestPercent, string? CorrectionIndex, bool? InterestAgreed = null);

internal static partial class InvoiceRules
{
    public static readonly HashSet<string> States =
    [
        "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI", "RJ",
        "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
    ];

    public static readonly string[] CorrectionIndices = ["NONE", "IPCA", "INPC", "IGP-M"];

    [GeneratedRegex("^[A-Za-z0-9._:/-]{1,64}$")]
    public static partial Regex ExternalId();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();

    /// <summary>A phone in E.164; Brazilian numbers may come without +55 and with punctuation.</summary>
    public static string? NormalizePhone(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var plus = input.TrimStart().StartsWith('+');
        var digits = new string(input.Where(char.IsAsciiDigit).ToArray());
        if (input.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or ' ' or '(' or ')' or '-' or '.'))) return null;
        var e164 = plus ? "+" + digits : digits.Length is 10 or 11 ? "+55" + digits : "+" + digits;
        return E164().IsMatch(e164) ? e164 : null;
    }

    public static string? NormalizeIndex(string? index) => index?.Trim().ToUpperInvariant() switch
    {
        null or "" => null,
        "IGPM" or "IGP-M" => "IGP-M",
        var i when CorrectionIndices.Contains(i) => i,
        _ => "?",
    };

    public static string? NormalizePostalCode(string? cep)
    {
        if (string.IsNullOrWhiteSpace(cep)) return null;
        var digits = new string(cep.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 8 && cep.All(c => char.IsAsciiDigit(c) || c is '-' or '.' or ' ') ? $"{digits[..5]}-{digits[5..]}" : "?";
    }

    /// <summary>Lower case without accents, what name search tokens are made of ("João" finds "joao").</summary>
    public static string SearchName(string name)
    {
        var decomposed = name.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return Regex.Replace(sb.ToString().Normalize(NormalizationForm.FormC), @"\s+", " ");
    }

    public static bool IsPercent(decimal? value) => value is null || (value >= 0 && value <= 100 && Money.HasAtMostTwoDecimals(value.Value));

    public static int BasisPoints(decimal percent) => (int)(percent * 100m);
}

/// <summary>Every field of the contract, each error under the JSON path of the field.</summary>
internal sealed class InvoiceInputValidator : AbstractValidator<InvoiceInput>
{
    private static readonly DateOnly Earliest = new(1990, 1, 1);

    public InvoiceInputValidator()
    {
        RuleFor(i => i.ExternalId).NotEmpty().Matches(InvoiceRules.ExternalId())
            .WithMessage("externalId must have 1 to 64 of A-Z a-z 0-9 . _ : / -");
        RuleFor(i => i.Portfolio).MaximumLength(64).Matches("^[A-Za-z0-9._-]+$").When(i => i.Portfolio is not null)
            .WithMessage("portfolio must be a code of letters, digits, '.', '_' or '-' (at most 64)");
        RuleFor(i => i.Debtor).NotNull().WithMessage("debtor is required");
        RuleFor(i => i.Debtor!).SetValidator(new DebtorInputValidator()).When(i => i.Debtor is not null);
        RuleFor(i => i.Amount).MustBeAmount();
        RuleFor(i => i.DueDate).NotNull().WithMessage("dueDate is required (YYYY-MM-DD)")
            .Must(d => d is null || d >= Earliest).WithMessage("dueDate must not be before 1990-01-01");
        RuleFor(i => i.IssueDate).Must((i, d) => d is null || i.DueDate is null || d <= i.DueDate)
            .WithMessage("issueDate must not be after dueDate");
        RuleFor(i => i.Description).MaximumLength(500);
        RuleFor(i => i.Terms!.FinePercent).Must(InvoiceRules.IsPercent).When(i => i.Terms is not null)
            .OverridePropertyName("terms.finePercent").WithMessage("finePercent is a percentage from 0 to 100 with at most two decimals");
        RuleFor(i => i.Terms!.MonthlyInterestPercent).Must(InvoiceRules.IsPercent).When(i => i.Terms is not null)
            .OverridePropertyName("terms.monthlyInterestPercent").WithMessage("monthlyInterestPercent is a percentage from 0 to 100 with at most two decimals");
        RuleFor(i => i.Terms!.MonthlyInterestPercent).Null().When(i => i.Terms is { InterestAgreed: false })
            .OverridePropertyName("terms.monthlyInterestPercent").WithMessage("monthlyInterestPercent must be absent when interestAgreed is false (the legal rate applies)");
        RuleFor(i => i.Terms!.CorrectionIndex).Must(c => InvoiceRules.NormalizeIndex(c) != "?").When(i => i.Terms is not null)
            .OverridePropertyName("terms.correctionIndex").WithMessage($"correctionIndex is one of {string.Join(", ", InvoiceRules.CorrectionIndices)}");
    }
}

internal sealed class DebtorInputValidator : AbstractValidator<DebtorInput>
{
    public DebtorInputValidator()
    {
        RuleFor(d => d.Document).NotEmpty().WithMessage("document is required")
            .Must(d => d is null || Documents.Normalize(d) is not null).WithMessage("document must be a valid CPF or CNPJ");
        RuleFor(d => d.Name).NotEmpty().WithMessage("name is required").MaximumLength(200);
        RuleFor(d => d.BirthDate).Must(b => b is null || (b > new DateOnly(1900, 1, 1) && b < DateOnly.FromDateTime(DateTime.UtcNow)))
            .WithMessage("birthDate must be a past date");
        RuleFor(d => d.MonthlyIncome).Must(m => m is null || (m >= 0 && m <= Money.MaxAmount && Money.HasAtMostTwoDecimals(m.Value)))
            .WithMessage("monthlyIncome must be zero or more with at most two decimals");
        RuleFor(d => d.Emails).Must(e => e is null || e.Count <= 10).WithMessage("at most 10 e-mails");
        RuleForEach(d => d.Emails).NotEmpty().MaximumLength(254).EmailAddress().WithMessage("not a valid e-mail address");
        RuleFor(d => d.Phones).Must(p => p is null || p.Count <= 10).WithMessage("at most 10 phones");
        RuleForEach(d => d.Phones).Must(p => InvoiceRules.NormalizePhone(p) is not null)
            .WithMessage("not a valid phone: use E.164 (+5511987654321) or a Brazilian number with area code");
        When(d => d.Address is not null, () =>
        {
            RuleFor(d => d.Address!.State).Must(s => s is null || InvoiceRules.States.Contains(s.Trim().ToUpperInvariant()))
                .OverridePropertyName("address.state").WithMessage("state must be a Brazilian UF (SP, RJ, ...)");
            RuleFor(d => d.Address!.PostalCode).Must(p => InvoiceRules.NormalizePostalCode(p) != "?")
                .OverridePropertyName("address.postalCode").WithMessage("postalCode must be a CEP of 8 digits (01310-100)");
            RuleFor(d => d.Address!.Street).MaximumLength(200).OverridePropertyName("address.street");
            RuleFor(d => d.Address!.Number).MaximumLength(20).OverridePropertyName("address.number");
            RuleFor(d => d.Address!.Complement).MaximumLength(100).OverridePropertyName("address.complement");
            RuleFor(d => d.Address!.District).MaximumLength(100).OverridePropertyName("address.district");
            RuleFor(d => d.Address!.City).MaximumLength(100).OverridePropertyName("address.city");
        });
    }
}
