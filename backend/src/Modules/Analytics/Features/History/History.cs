using Recovery.Analytics.Data;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;

namespace Recovery.Analytics.Features.History;

/// <summary>
/// Receives the other modules' events through the inbox (each once) and writes them as dated facts, the only thing
/// features are made of; a debtor's stored scores are dropped with each new fact of theirs, and the scoring job scores
/// them again. Names, documents, contacts, notes and addresses never arrive here: only amounts, dates, codes and the UF.
/// </summary>
internal sealed class History(AnalyticsDb db)
    : IEventSubscriber<DebtStateChanged>, IEventSubscriber<PaymentReceived>,
      IEventSubscriber<AgreementCreated>, IEventSubscriber<AgreementCompleted>, IEventSubscriber<AgreementBroken>,
      IEventSubscriber<AgreementCancelled>, IEventSubscriber<InstallmentPaid>, IEventSubscriber<PromiseMade>,
      IEventSubscriber<PromiseChecked>, IEventSubscriber<MessageAttempted>, IEventSubscriber<CallOutcomeRecorded>
{
    /// <summary>The outcomes of a call in which nobody answered.</summary>
    private static readonly string[] Unanswered = ["no_answer", "voicemail", "wrong_number", "message_left"];

    public async Task HandleAsync(DebtStateChanged e, EventEnvelope envelope, CancellationToken ct)
    {
        var on = BusinessDate.Of(envelope.OccurredAt);
        await using var tx = await db.BeginAsync(ct);
        var known = await tx.QuerySingleOrDefaultAsync<DebtRow>(
            "SELECT version, portfolio_id, consumer, due_date, amount_cents FROM analytics.debt WHERE invoice_id = @InvoiceId", new { e.InvoiceId });
        if (known is not null && known.Version >= e.Version) return;   // an older state arriving late: the newer one stands
        var facts = new List<Fact>();
        if (known is null) facts.Add(new Fact(e.DebtorId, e.InvoiceId, Facts.Creditor, on, null, null, e.PartnerId));
        if (known is null || known.PortfolioId != e.PortfolioId || known.Consumer != (e.Consumer ? 1 : 0) || known.DueDate != e.DueDate
            || known.AmountCents != e.AmountCents)
            facts.Add(new Fact(e.DebtorId, e.InvoiceId, Facts.Placed, on, e.AmountCents, Facts.PlacedCode(e.Consumer, e.DueDate), e.PortfolioId));
        facts.Add(new Fact(e.DebtorId, e.InvoiceId, Facts.State, on, e.OutstandingCents, e.Status.Code(), null));
        if (e.DebtorState is not null || e.MonthlyIncomeCents is not null)
        {
            var profile = await tx.QueryFirstOrDefaultAsync<ProfileRow>(tx.Dialect.Limit(
                "SELECT code, amount_cents FROM analytics.fact WHERE debtor_id = @DebtorId AND kind = 'profile' ORDER BY seq DESC", "@One"),
                new { e.DebtorId, One = 1 });
            var state = e.DebtorState?.ToUpperInvariant() ?? profile?.Code;
            var income = e.MonthlyIncomeCents ?? profile?.AmountCents;
            if (profile is null || profile.Code != state || profile.AmountCents != income)
                facts.Add(new Fact(e.DebtorId, null, Facts.Profile, on, income, state is { Length: 2 } ? state : null, null));
        }
        await InsertAsync(tx, facts);
        var args = new
        {
            e.InvoiceId, e.DebtorId, e.PartnerId, e.PortfolioId, Consumer = e.Consumer ? 1 : 0, e.AmountCents, e.OutstandingCents,
            Status = e.Status.Code(), e.DueDate, e.Version,
        };
        if (known is null)
            await tx.ExecuteAsync(
                """
                INSERT INTO analytics.debt (invoice_id, debtor_id, partner_id, portfolio_id, consumer, amount_cents, outstanding_cents, status, due_date, version)
                VALUES (@InvoiceId, @DebtorId, @PartnerId, @PortfolioId, @Consumer, @AmountCents, @OutstandingCents, @Status, @DueDate, @Version)
                """, args);
        else
            await tx.ExecuteAsync(
                """
                UPDATE analytics.debt SET debtor_id = @DebtorId, portfolio_id = @PortfolioId, consumer = @Consumer, amount_cents = @AmountCents,
                       outstanding_cents = @OutstandingCents, status = @Status, due_date = @DueDate, version = @Version
                 WHERE invoice_id = @InvoiceId
                """, args);
        await StaleAsync(tx, e.DebtorId);
        await tx.CommitAsync(ct);
    }

    public Task HandleAsync(PaymentReceived e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, new Fact(e.DebtorId, e.InvoiceId, Facts.Payment, default, e.AmountCents, null, null));

    public Task HandleAsync(AgreementCreated e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, e.InvoiceIds.Select(i => new Fact(e.DebtorId, i, Facts.Agreement, default, e.TotalCents, null, e.AgreementId)).ToArray());

    public Task HandleAsync(AgreementCompleted e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, e.InvoiceIds.Select(i => new Fact(e.DebtorId, i, Facts.AgreementCompleted, default, null, null, e.AgreementId)).ToArray());

    public Task HandleAsync(AgreementBroken e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, e.InvoiceIds.Select(i => new Fact(e.DebtorId, i, Facts.AgreementBroken, default, null, "broken", e.AgreementId)).ToArray());

    public Task HandleAsync(AgreementCancelled e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, e.InvoiceIds.Select(i => new Fact(e.DebtorId, i, Facts.AgreementBroken, default, null, e.Status.Code(), e.AgreementId)).ToArray());

    public Task HandleAsync(InstallmentPaid e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, new Fact(e.DebtorId, null, Facts.Installment, default, e.AmountCents, null, e.AgreementId));

    public Task HandleAsync(PromiseMade e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, new Fact(e.DebtorId, null, Facts.Promise, default, e.PromisedCents, null, e.PromiseId));

    public Task HandleAsync(PromiseChecked e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, new Fact(e.DebtorId, null, e.Outcome == PromiseOutcome.Kept ? Facts.PromiseKept : Facts.PromiseBroken, default,
            e.PaidCents, e.Outcome.Code(), e.PromiseId));

    public Task HandleAsync(MessageAttempted e, EventEnvelope envelope, CancellationToken ct) => e.Outcome switch
    {
        MessageOutcome.Sent or MessageOutcome.Failed =>
            RecordAsync(envelope, ct, new Fact(e.DebtorId, e.InvoiceId, Facts.Attempted, default, null, e.Channel, e.MessageId)),
        MessageOutcome.Delivered =>
            RecordAsync(envelope, ct, new Fact(e.DebtorId, e.InvoiceId, Facts.Delivered, default, null, e.Channel, e.MessageId)),
        _ => Task.CompletedTask,
    };

    public Task HandleAsync(CallOutcomeRecorded e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(envelope, ct, Unanswered.Contains(e.Outcome)
            ? [new Fact(e.DebtorId, null, Facts.Attempted, default, null, "call", e.CallId)]
            : [new Fact(e.DebtorId, null, Facts.Attempted, default, null, "call", e.CallId), new Fact(e.DebtorId, null, Facts.Answered, default, null, "call", e.CallId)]);

    private async Task RecordAsync(EventEnvelope envelope, CancellationToken ct, params Fact[] facts)
    {
        if (facts.Length == 0) return;
        var on = BusinessDate.Of(envelope.OccurredAt);
        await using var tx = await db.BeginAsync(ct);
        await InsertAsync(tx, facts.Select(f => f with { On = on }).ToList());
        await StaleAsync(tx, facts[0].DebtorId);
        await tx.CommitAsync(ct);
    }

    private static async Task InsertAsync(DbSession tx, IReadOnlyList<Fact> facts)
    {
        foreach (var f in facts)
            await tx.ExecuteAsync(
                """
                INSERT INTO analytics.fact (debtor_id, invoice_id, kind, on_date, amount_cents, code, ref_id)
                VALUES (@DebtorId, @InvoiceId, @Kind, @On, @AmountCents, @Code, @RefId)
                """, new { f.DebtorId, f.InvoiceId, f.Kind, f.On, f.AmountCents, f.Code, f.RefId });
    }

    private static Task StaleAsync(DbSession tx, Guid debtorId) =>
        tx.ExecuteAsync("DELETE FROM analytics.score WHERE debtor_id = @DebtorId", new { DebtorId = debtorId });

    /// <summary>The facts of these debtors, each debtor's in the order they were learnt.</summary>
    public static async Task<Dictionary<Guid, List<Fact>>> LoadAsync(DbSession session, IReadOnlyCollection<Guid> debtorIds)
    {
        var rows = await session.QueryAsync<FactRow>(
            $"""
            SELECT debtor_id, invoice_id, kind, on_date, amount_cents, code, ref_id FROM analytics.fact
             WHERE debtor_id IN ({session.Dialect.JsonIds("@Ids")}) ORDER BY seq
            """, new { Ids = session.Dialect.JsonArray(debtorIds) });
        return rows.GroupBy(r => r.DebtorId).ToDictionary(g => g.Key, g => g.Select(r => r.ToFact()).ToList());
    }

    internal sealed class FactRow
    {
        public Guid DebtorId { get; init; }
        public Guid? InvoiceId { get; init; }
        public string Kind { get; init; } = "";
        public DateOnly OnDate { get; init; }
        public long? AmountCents { get; init; }
        public string? Code { get; init; }
        public Guid? RefId { get; init; }

        public Fact ToFact() => new(DebtorId, InvoiceId, Kind, OnDate, AmountCents, Code, RefId);
    }

    private sealed class DebtRow
    {
        public long Version { get; init; }
        public Guid PortfolioId { get; init; }
        public int Consumer { get; init; }
        public DateOnly DueDate { get; init; }
        public long AmountCents { get; init; }
    }

    private sealed class ProfileRow
    {
        public string? Code { get; init; }
        public long? AmountCents { get; init; }
    }
}
