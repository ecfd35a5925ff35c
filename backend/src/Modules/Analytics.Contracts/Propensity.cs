using MediatR;

namespace Recovery.Analytics.Contracts;

/// <summary>
/// The propensity to pay of each of these debts: the probability that the debt is paid, or put in an agreement that is
/// kept, within 90 days. Answers every debt asked for: one Analytics has not heard of yet gets the scorecard's figure
/// for its <see cref="DebtAsked.DueDate"/> alone.
/// </summary>
public sealed record GetPropensities(IReadOnlyList<DebtAsked> Debts) : IRequest<IReadOnlyList<Propensity>>;

public sealed record DebtAsked(Guid InvoiceId, DateOnly DueDate);

/// <param name="Band">A (most likely) to E.</param>
/// <param name="ModelVersion"><c>scorecard-1</c>, or <c>propensity-N</c> for the trained model version N.</param>
public sealed record Propensity(Guid InvoiceId, double Probability, string Band, string ModelVersion);

/// <summary>
/// The debtor's score (that of their open debts, weighted by balance) with the reasons that moved it most, for the 360
/// and the data-subject report (LGPD art. 20); null when Analytics knows no open debt of theirs.
/// </summary>
public sealed record GetDebtorScore(Guid DebtorId) : IRequest<DebtorScore?>;

public sealed record DebtorScore(double Probability, string Band, string ModelVersion, IReadOnlyList<ScoreReason> Reasons, DateTimeOffset ScoredAt);

/// <param name="Feature">The feature's stable code (<c>days_late</c>, <c>prior_payments</c>, ...).</param>
/// <param name="Effect">How much it moved the score, in log-odds: positive raises the probability.</param>
/// <param name="Text">The same in pt-BR words, for people.</param>
public sealed record ScoreReason(string Feature, double Effect, string Text);
