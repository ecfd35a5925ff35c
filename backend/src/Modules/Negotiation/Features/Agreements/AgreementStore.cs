using System.Text.Json;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Features.Plans;

namespace Recovery.Negotiation.Features.Agreements;

internal sealed class AgreementRow
{
    public Guid Id { get; init; }
    public Guid DebtorId { get; init; }
    public Guid PartnerId { get; init; }
    public Guid PortfolioId { get; init; }
    public string Status { get; init; } = "";
    public int PolicyVersion { get; init; }
    public DateOnly AgreementDate { get; init; }
    public long ValuationCents { get; init; }
    public long DiscountCents { get; init; }
    public int DiscountE2 { get; init; }
    public long TotalCents { get; init; }
    public long DownPaymentCents { get; init; }
    public int Installments { get; init; }
    public int MonthlyRateE4 { get; init; }
    public string CetMonthly { get; init; } = "";
    public string CetYearly { get; init; } = "";
    public int ToleranceDays { get; init; }
    public string RequiredRole { get; init; } = "";
    public long PaidCents { get; init; }
    public long CreditCents { get; init; }
    public string CreatedBy { get; init; } = "";
    public string CreatedByRole { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? EndReason { get; init; }
    public string? Violations { get; init; }

    /// <summary>The rules the plan broke when it was made, as recorded then.</summary>
    public IReadOnlyList<AgreementViolation> BrokenRules() => Violations is null ? []
        : System.Text.Json.JsonSerializer.Deserialize<List<AgreementViolation>>(Violations, Recovery.BuildingBlocks.Messaging.EventTypes.Json) ?? [];

    public const string Columns = """
        id, debtor_id, partner_id, portfolio_id, status, policy_version, agreement_date, valuation_cents, discount_cents, discount_e2,
        total_cents, down_payment_cents, installments, monthly_rate_e4, cet_monthly, cet_yearly, tolerance_days, required_role,
        paid_cents, credit_cents, created_by, created_by_role, created_at, decided_by, decided_at, ended_at, end_reason, violations
        """;
}

internal sealed class DebtRow
{
    public Guid AgreementId { get; init; }
    public Guid InvoiceId { get; init; }
    public string ExternalId { get; init; } = "";
    public DateOnly DueDate { get; init; }
    public long PrincipalCents { get; init; }
    public long ChargesCents { get; init; }
}

internal sealed class InstallmentRow
{
    public int Number { get; init; }
    public DateOnly DueDate { get; init; }
    public long AmountCents { get; init; }
    public long PaidCents { get; init; }
    public DateOnly? PaidAt { get; init; }
    public DateOnly BreaksOn { get; init; }
    public string Txid { get; init; } = "";
}

/// <param name="PixPayload">The Pix copia e cola: the cobv's when the PSP holds one for the installment, else the static BR Code.</param>
internal sealed record InstallmentView(int Number, DateOnly DueDate, decimal Amount, decimal Paid, DateOnly? PaidAt, string Status, string Txid,
    string? PixPayload, InstallmentPix? Pix);

/// <summary>
/// How the installment is paid by Pix: "cobv" (a charge at the creditor's PSP), "static" (the policy key's BR Code) or
/// "automatic" (a Pix Automático recurring charge, debited by the debtor's PSP: no code to copy; <paramref name="Recurrence"/>
/// is the recurrence's status).
/// </summary>
internal sealed record InstallmentPix(string Kind, string Txid, string? Location, string? Recurrence = null);

internal sealed class ChargeRow
{
    public int Number { get; init; }
    public string Txid { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Location { get; init; }
    public string? CopiaECola { get; init; }
}

/// <summary>A rule the plan broke when it was made and the role that may grant it (what the approver decides on).</summary>
internal sealed record AgreementViolation(string Rule, string Message, string? RequiredRole);

internal sealed record DebtView(Guid InvoiceId, string ExternalId, DateOnly DueDate, decimal Principal, decimal Charges);

internal sealed record AgreementView(
    Guid Id, string Status, Guid DebtorId, Guid PartnerId, Guid PortfolioId, int PolicyVersion, DateOnly AgreementDate,
    decimal ValuationTotal, decimal DiscountPercent, decimal Discount, decimal Total, decimal DownPayment, int InstallmentCount,
    decimal MonthlyRatePercent, decimal CetMonthly, decimal CetYearly, string RequiredRole, int ToleranceDays, decimal Paid, decimal Credit,
    IReadOnlyList<DebtView> Debts, IReadOnlyList<InstallmentView> Installments, string CreatedBy, DateTimeOffset CreatedAt,
    string? DecidedBy, DateTimeOffset? DecidedAt, DateTimeOffset? EndedAt, string? EndReason, IReadOnlyList<AgreementViolation> Violations,
    Pix.AutomaticPix? AutomaticPix = null);

/// <summary>Reads agreements, and the transitions every path shares: payments, completion, breach, cancellation.</summary>
internal static class AgreementStore
{
    public static Task<AgreementRow?> FindAsync(DbSession s, Guid id) =>
        s.QuerySingleOrDefaultAsync<AgreementRow>($"SELECT {AgreementRow.Columns} FROM negotiation.agreement WHERE id = @Id", new { Id = id });

    public static async Task<AgreementRow> GetAsync(DbSession s, Guid id) =>
        await FindAsync(s, id) ?? throw new NotFoundException($"Agreement {id} does not exist.");

    public static async Task<List<DebtRow>> DebtsAsync(DbSession s, Guid id) =>
        (await s.QueryAsync<DebtRow>(
            "SELECT invoice_id, external_id, due_date, principal_cents, charges_cents FROM negotiation.agreement_debt WHERE agreement_id = @Id ORDER BY due_date, invoice_id",
            new { Id = id })).ToList();

    public static async Task<List<InstallmentRow>> InstallmentsAsync(DbSession s, Guid id) =>
        (await s.QueryAsync<InstallmentRow>(
            "SELECT number, due_date, amount_cents, paid_cents, paid_at, breaks_on, txid FROM negotiation.installment WHERE agreement_id = @Id ORDER BY number",
            new { Id = id })).ToList();

    public static async Task<AgreementView> ViewAsync(DbSession s, Guid id)
    {
        var a = await GetAsync(s, id);
        var debts = await DebtsAsync(s, id);
        var installments = await InstallmentsAsync(s, id);
        // No Pix while the agreement waits for approval or after it was refused: nobody pays a plan that is not in force.
        var payable = a.Status is not ("pending_approval" or "rejected");
        var pix = payable ? (await PolicyStore.VersionAsync(s, a.PortfolioId, a.PolicyVersion)).Pix : null;
        var charges = (await s.QueryAsync<ChargeRow>(
            "SELECT number, txid, status, location, copia_e_cola FROM negotiation.pix_charge WHERE agreement_id = @Id AND status = 'active' AND copia_e_cola IS NOT NULL",
            new { Id = id })).ToDictionary(c => c.Number);
        var (automatic, recurring) = await Pix.AutomaticPixView.LoadAsync(s, id);
        return new AgreementView(a.Id, a.Status, a.DebtorId, a.PartnerId, a.PortfolioId, a.PolicyVersion, a.AgreementDate,
            Money.ToReais(a.ValuationCents), a.DiscountE2 / 100m, Money.ToReais(a.DiscountCents), Money.ToReais(a.TotalCents),
            Money.ToReais(a.DownPaymentCents), a.Installments, a.MonthlyRateE4 / 10_000m, decimal.Parse(a.CetMonthly, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(a.CetYearly, System.Globalization.CultureInfo.InvariantCulture), a.RequiredRole, a.ToleranceDays, Money.ToReais(a.PaidCents), Money.ToReais(a.CreditCents),
            debts.Select(d => new DebtView(d.InvoiceId, d.ExternalId, d.DueDate, Money.ToReais(d.PrincipalCents), Money.ToReais(d.ChargesCents))).ToList(),
            installments.Select(i =>
            {
                var status = i.PaidCents >= i.AmountCents ? "paid" : i.PaidCents > 0 ? "partial" : "open";
                if (payable && charges.TryGetValue(i.Number, out var c))
                    return new InstallmentView(i.Number, i.DueDate, Money.ToReais(i.AmountCents), Money.ToReais(i.PaidCents), i.PaidAt, status, i.Txid,
                        c.CopiaECola, new InstallmentPix("cobv", c.Txid, c.Location));
                if (payable && recurring.TryGetValue(i.Number, out var cobr))
                    return new InstallmentView(i.Number, i.DueDate, Money.ToReais(i.AmountCents), Money.ToReais(i.PaidCents), i.PaidAt, status, i.Txid,
                        null, new InstallmentPix("automatic", cobr, null, automatic?.Status));
                var payload = pix is null ? null : PixCode.Payload(pix, i.AmountCents - i.PaidCents > 0 ? i.AmountCents - i.PaidCents : i.AmountCents, i.Txid);
                return new InstallmentView(i.Number, i.DueDate, Money.ToReais(i.AmountCents), Money.ToReais(i.PaidCents), i.PaidAt, status, i.Txid,
                    payload, payload is null ? null : new InstallmentPix("static", i.Txid, null));
            }).ToList(),
            a.CreatedBy, a.CreatedAt, a.DecidedBy, a.DecidedAt, a.EndedAt, a.EndReason, a.BrokenRules(), automatic);
    }

    /// <summary>
    /// Records a payment once per key and applies it to the agreement's installments in order (down payment first);
    /// what is beyond the schedule is the debtor's credit. Completes the agreement when everything is paid. Returns false
    /// when the key was already recorded: a payment never counts twice.
    /// </summary>
    public static async Task<bool> ApplyPaymentAsync(DbSession tx, AgreementRow? a, PaymentRecord p, DateTimeOffset now)
    {
        var inserted = await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("negotiation.payment",
                "id, payment_key, source, debtor_id, invoice_id, agreement_id, amount_cents, paid_at, recorded_by, created_at",
                "@Id, @Key, @Source, @DebtorId, @InvoiceId, @AgreementId, @AmountCents, @PaidAt, @RecordedBy, @Now", "payment_key"),
            new { Id = Guid.CreateVersion7(), p.Key, p.Source, p.DebtorId, p.InvoiceId, AgreementId = a?.Id, p.AmountCents, p.PaidAt, p.RecordedBy, Now = now });
        if (inserted == 0 || a is null) return inserted > 0;

        var left = p.AmountCents;
        var open = (await InstallmentsAsync(tx, a.Id)).Where(i => i.PaidCents < i.AmountCents).ToList();
        var unpaid = open.Count;
        foreach (var i in open)
        {
            if (left == 0) break;
            var pay = Math.Min(left, i.AmountCents - i.PaidCents);
            left -= pay;
            var full = i.PaidCents + pay == i.AmountCents;
            if (full) unpaid--;
            await tx.ExecuteAsync(
                "UPDATE negotiation.installment SET paid_cents = paid_cents + @Pay, paid_at = @PaidAt WHERE agreement_id = @Id AND number = @Number",
                new { Pay = pay, PaidAt = p.PaidAt, a.Id, i.Number });
            if (full)
                await tx.PublishAsync(new InstallmentPaid(a.Id, a.DebtorId, a.PartnerId, i.Number, i.AmountCents, p.PaidAt, p.Source), now);
        }
        await tx.ExecuteAsync("UPDATE negotiation.agreement SET paid_cents = paid_cents + @Paid, credit_cents = credit_cents + @Credit WHERE id = @Id",
            new { Paid = p.AmountCents - left, Credit = left, a.Id });

        if (unpaid == 0 && a.Status == "active")
        {
            await EndAsync(tx, a.Id, "completed", "every installment paid", now);
            var debts = await DebtsAsync(tx, a.Id);
            await tx.PublishAsync(new AgreementCompleted(a.Id, a.DebtorId, a.PartnerId, debts.Select(d => d.InvoiceId).ToList(),
                a.PaidCents + p.AmountCents - left), now);
        }
        return true;
    }

    /// <summary>Ends an agreement: its debts are free again (for a new agreement, or settled).</summary>
    public static async Task EndAsync(DbSession tx, Guid id, string status, string reason, DateTimeOffset now)
    {
        await tx.ExecuteAsync("UPDATE negotiation.agreement SET status = @Status, ended_at = @Now, end_reason = @Reason WHERE id = @Id",
            new { Status = status, Now = now, Reason = reason, Id = id });
        await tx.ExecuteAsync("UPDATE negotiation.agreement_debt SET live = 0 WHERE agreement_id = @Id", new { Id = id });
    }

    /// <summary>
    /// The payments made under the agreement that the debts' own records do not have (agents, Pix), spread over the debts
    /// oldest first up to each one's principal, the rest on the last: the original debts come back with them credited.
    /// </summary>
    public static async Task<List<AgreementCredit>> CreditsAsync(DbSession tx, Guid id)
    {
        var debts = await DebtsAsync(tx, id);
        var payments = await tx.QueryAsync<PaymentRow>(
            "SELECT agreement_id, id, amount_cents, paid_at FROM negotiation.payment WHERE agreement_id = @Id AND source <> 'partner' ORDER BY paid_at, created_at",
            new { Id = id });
        return Credits(debts, payments);
    }

    /// <summary>Spreads the payments over the debts, oldest debt first up to its principal, the rest on the last.</summary>
    public static List<AgreementCredit> Credits(IReadOnlyList<DebtRow> debts, IEnumerable<PaymentRow> payments)
    {
        var room = debts.Select(d => d.PrincipalCents).ToArray();
        var credits = new List<AgreementCredit>();
        foreach (var p in payments)
        {
            var left = p.AmountCents;
            for (var k = 0; k < debts.Count && left > 0; k++)
            {
                var part = k == debts.Count - 1 ? left : Math.Min(left, room[k]);
                if (part <= 0) continue;
                room[k] -= part;
                left -= part;
                credits.Add(new AgreementCredit(debts[k].InvoiceId, $"acordo-{p.Id:N}", part, p.PaidAt));
            }
        }
        return credits;
    }

    internal sealed class PaymentRow
    {
        public Guid AgreementId { get; init; }
        public Guid Id { get; init; }
        public long AmountCents { get; init; }
        public DateOnly PaidAt { get; init; }
    }
}

/// <summary>A payment as Negotiation records it; <see cref="Key"/> ("source:id") makes it count once.</summary>
internal sealed record PaymentRecord(string Key, string Source, Guid DebtorId, Guid? InvoiceId, long AmountCents, DateOnly PaidAt, string RecordedBy);
