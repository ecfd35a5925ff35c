namespace Recovery.Bureau.Client;

/// <summary>
/// A credit bureau (Serasa, Boa Vista SCPC, SPC Brasil, Quod) behind one interface: a lookup by CPF or CNPJ answers the
/// bureau's score, the restrictions registered elsewhere and the contacts it knows. The layout each adapter speaks is in
/// docs/bureau-layout.md.
/// </summary>
internal interface IBureauClient
{
    /// <param name="document">CPF (11 digits) or CNPJ (14 characters), normalised.</param>
    /// <param name="purpose">The purpose code the lookup is made for, which the bureau records.</param>
    /// <param name="reference">Our id of the lookup, which the bureau echoes (its audit and ours meet on it).</param>
    /// <exception cref="BureauUnavailableException">The bureau could not answer after the retries.</exception>
    Task<BureauReport> LookUpAsync(string document, string purpose, Guid reference, CancellationToken ct);
}

/// <param name="Score">0 to 1000; null when the bureau has no score for the document.</param>
internal sealed record BureauReport(string? Protocol, int? Score, IReadOnlyList<Restriction> Restrictions, IReadOnlyList<FoundContact> Contacts);

/// <param name="Kind"><c>negativacao</c>, <c>protest</c>, <c>lawsuit</c> or <c>bounced_cheque</c>.</param>
/// <param name="Key">What identifies it across answers (the bureau's id, or its kind, creditor, date and amount).</param>
internal sealed record Restriction(string Key, string Kind, string? Creditor, decimal? Amount, DateOnly? Date);

/// <param name="Channel"><c>email</c> or <c>phone</c>.</param>
internal sealed record FoundContact(string Channel, string Value);

/// <summary>The bureau did not answer (after the retries) or answered something we cannot read: a 502 problem, nothing charged.</summary>
internal sealed class BureauUnavailableException(string detail)
    : ProblemException(502, ProblemTypes.Base + "bureau-unavailable", "The credit bureau did not answer", detail);
