using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Portal.Contracts;
using Recovery.Reporting.Features.ReadModels;

namespace Recovery.Reporting.Features.Funnel;

/// <summary>
/// The portal funnel's steps from events (ADR 0025), applied by the <see cref="Projector"/> when an event arrives and
/// when a rebuild replays the journal. A step of the debtor as a whole (a code sent, a session) counts in every portfolio
/// where the debtor has a debt open or in agreement at that moment; offers seen count in the portfolios of the debts they
/// were for; an agreement and its first installment paid in the agreement's portfolio. Each step is written once
/// (its event's or agreement's id and the portfolio are the key).
/// </summary>
internal static class PortalSteps
{
    public static Task CodeSentAsync(DbSession tx, RequestedMessageSent e, DateOnly on) =>
        e.Kind != "access_code" ? Task.CompletedTask : OfDebtorAsync(tx, "code_sent", e.MessageId, e.DebtorId, on);

    public static Task SessionAsync(DbSession tx, PortalSessionStarted e, Guid eventId, DateOnly on) => OfDebtorAsync(tx, "session", eventId, e.DebtorId, on);

    public static Task OffersSeenAsync(DbSession tx, PortalOffersShown e, Guid eventId, DateOnly on) =>
        e.Offers == 0 || e.InvoiceIds.Count == 0 ? Task.CompletedTask : tx.ExecuteAsync(
            $"""
            INSERT INTO reporting.portal_step (stage, ref_id, portfolio_id, portfolio_code, partner_id, debtor_id, month, occurred_on)
            SELECT DISTINCT 'offers_seen', @Ref, d.portfolio_id, COALESCE(d.portfolio_code, ''), d.partner_id, @DebtorId, @Month, @On
              FROM reporting.debt d
             WHERE d.invoice_id IN ({tx.Dialect.JsonIds("@Ids")}) AND d.debtor_id = @DebtorId
               AND NOT EXISTS (SELECT 1 FROM reporting.portal_step s WHERE s.stage = 'offers_seen' AND s.ref_id = @Ref AND s.portfolio_id = d.portfolio_id)
            """, new { Ref = eventId, e.DebtorId, Ids = tx.Dialect.JsonArray(e.InvoiceIds), Month = Projector.Month(on), On = on });

    /// <summary>An agreement the debtor made alone in the portal (read after the agreement's own row is written).</summary>
    public static Task AgreementAsync(DbSession tx, AgreementCreated e) =>
        e.CreatedByKind != "debtor" ? Task.CompletedTask : tx.ExecuteAsync(
            $"""
            INSERT INTO reporting.portal_step (stage, ref_id, portfolio_id, portfolio_code, partner_id, debtor_id, month, occurred_on)
            SELECT 'agreement', a.agreement_id, a.portfolio_id, COALESCE(a.portfolio_code, ''), a.partner_id, a.debtor_id, @Month, @On
              FROM reporting.agreement a
             WHERE a.agreement_id = @AgreementId AND a.portfolio_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM reporting.portal_step s WHERE s.stage = 'agreement' AND s.ref_id = @AgreementId)
            """, new { e.AgreementId, Month = Projector.Month(e.AgreementDate), On = e.AgreementDate });

    /// <summary>The first installment paid of an agreement made in the portal.</summary>
    public static Task FirstPaidAsync(DbSession tx, InstallmentPaid e) =>
        tx.ExecuteAsync(
            $"""
            INSERT INTO reporting.portal_step (stage, ref_id, portfolio_id, portfolio_code, partner_id, debtor_id, month, occurred_on)
            SELECT 'first_paid', s.ref_id, s.portfolio_id, s.portfolio_code, s.partner_id, s.debtor_id, @Month, @On
              FROM reporting.portal_step s
             WHERE s.stage = 'agreement' AND s.ref_id = @AgreementId
               AND NOT EXISTS (SELECT 1 FROM reporting.portal_step f WHERE f.stage = 'first_paid' AND f.ref_id = @AgreementId)
            """, new { e.AgreementId, Month = Projector.Month(e.PaidAt), On = e.PaidAt });

    private static Task OfDebtorAsync(DbSession tx, string stage, Guid refId, Guid debtorId, DateOnly on) =>
        tx.ExecuteAsync(
            $"""
            INSERT INTO reporting.portal_step (stage, ref_id, portfolio_id, portfolio_code, partner_id, debtor_id, month, occurred_on)
            SELECT DISTINCT @Stage, @Ref, d.portfolio_id, COALESCE(d.portfolio_code, ''), d.partner_id, @DebtorId, @Month, @On
              FROM reporting.debt d
             WHERE d.debtor_id = @DebtorId AND d.status IN ('open', 'in_agreement')
               AND NOT EXISTS (SELECT 1 FROM reporting.portal_step s WHERE s.stage = @Stage AND s.ref_id = @Ref AND s.portfolio_id = d.portfolio_id)
            """, new { Stage = stage, Ref = refId, DebtorId = debtorId, Month = Projector.Month(on), On = on });
}
