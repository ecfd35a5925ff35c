namespace Recovery.Bureau.Contracts;

/// <summary>
/// A credit bureau was paid for a lookup on the debtor (a cached answer is not paid again and publishes nothing).
/// <paramref name="PortfolioId"/> is the portfolio whose monthly budget paid for it; null when none did (monitoring of a
/// debtor with no open debt left in a portfolio). Reporting counts it among a portfolio's costs.
/// </summary>
public sealed record BureauLookupCharged(Guid LookupId, Guid DebtorId, Guid? PortfolioId, string Purpose, long CostCents, DateTimeOffset ChargedAt);

/// <summary>
/// The bureau answered contacts for the debtor (skip tracing). Debtors owns contacts: it adds those it does not have yet
/// with source <c>bureau</c>, never replacing one the creditor sent, and never adding again one the debtor opted out of
/// or one found invalid (a bounce, a wrong number).
/// </summary>
/// <param name="Contacts">Each with its channel (<c>email</c> or <c>phone</c>, E.164) and value, as the bureau gave it.</param>
public sealed record BureauContactsFound(Guid LookupId, Guid DebtorId, IReadOnlyList<BureauContact> Contacts);

public sealed record BureauContact(string Channel, string Value);

/// <summary>
/// The bureau reported a change on a debtor under monitoring. <paramref name="Kind"/>: <c>new_restriction</c> (a
/// negativação, protest, lawsuit or bounced cheque registered elsewhere), <c>score_rising</c> (a moment to call) or
/// <c>score_falling</c>. <paramref name="Summary"/> says it in pt-BR for people (the timeline, the work queue).
/// </summary>
public sealed record BureauAlertRaised(Guid AlertId, Guid DebtorId, string Kind, string Summary, int? ScoreBefore, int? ScoreAfter,
    DateTimeOffset RaisedAt);
