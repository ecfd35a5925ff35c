namespace Recovery.Analytics.Features.History;

/// <summary>
/// One dated fact of a debtor's history, as Analytics learnt it from an event: <see cref="On"/> is the business day the
/// event happened (was published), never a date it claims about the past, so a snapshot as of a day sees exactly what
/// was known at its end. <see cref="InvoiceId"/> is null for the debtor's facts (promises, contacts, installments).
/// </summary>
internal sealed record Fact(Guid DebtorId, Guid? InvoiceId, string Kind, DateOnly On, long? AmountCents, string? Code, Guid? RefId);

/// <summary>The kinds of facts.</summary>
internal static class Facts
{
    /// <summary>A debt's state as published: <c>Code</c> its status, <c>AmountCents</c> its outstanding.</summary>
    public const string State = "state";
    /// <summary>What the debt is and whose: <c>Code</c> "consumer" or "business", <c>RefId</c> the portfolio, <c>AmountCents</c> the amount.</summary>
    public const string Placed = "placed";
    /// <summary>The creditor of a debt (<c>RefId</c>), recorded with <see cref="Placed"/>.</summary>
    public const string Creditor = "creditor";
    public const string Payment = "payment";
    public const string Installment = "installment";
    /// <summary>An agreement over the debt (<c>RefId</c>) was made, completed, or broken or cancelled.</summary>
    public const string Agreement = "agreement";
    public const string AgreementCompleted = "agreement_completed";
    public const string AgreementBroken = "agreement_broken";
    public const string Promise = "promise";
    public const string PromiseKept = "promise_kept";
    public const string PromiseBroken = "promise_broken";
    /// <summary>A contact on a channel (<c>Code</c>): attempted, delivered, answered (calls).</summary>
    public const string Attempted = "attempted";
    public const string Delivered = "delivered";
    public const string Answered = "answered";
    /// <summary>The debtor's UF (<c>Code</c>) and declared monthly income (<c>AmountCents</c>) as last published.</summary>
    public const string Profile = "profile";

    /// <summary>The due date of a debt, carried in <see cref="Placed"/>'s <c>Code</c> after the kind of debtor ("consumer|2026-01-31").</summary>
    public static string PlacedCode(bool consumer, DateOnly dueDate) => $"{(consumer ? "consumer" : "business")}|{dueDate:yyyy-MM-dd}";
}
