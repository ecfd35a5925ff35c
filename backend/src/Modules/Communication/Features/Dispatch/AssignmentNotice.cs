using System.Security.Cryptography;
using System.Text;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// The assignment notice of a purchased portfolio (cessão de crédito, Civil Code art. 290; ADR 0028): its evidence is kept
/// when the notice leaves (which message, channel, when, to whom, the SHA-256 of what was sent), and from then on the
/// debt's other steps may be planned and sent.
/// </summary>
internal static class AssignmentNotice
{
    public static async Task RecordAsync(DbSession tx, MessageRow row, Outgoing outgoing, DateTimeOffset at)
    {
        if (row.InvoiceId is not { } invoiceId) return;
        var portfolioId = await tx.QuerySingleOrDefaultAsync<Guid?>("SELECT portfolio_id FROM communication.debt WHERE invoice_id = @InvoiceId",
            new { InvoiceId = invoiceId });
        await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("communication.assignment_notice",
                "invoice_id, debtor_id, portfolio_id, message_id, channel, recipient, sent_at, content_sha256",
                "@InvoiceId, @DebtorId, @PortfolioId, @MessageId, @Channel, @Recipient, @At, @Digest", "invoice_id"),
            new
            {
                InvoiceId = invoiceId, row.DebtorId, PortfolioId = portfolioId ?? Guid.Empty, MessageId = row.Id, outgoing.Channel, outgoing.Recipient, At = at,
                Digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{outgoing.Recipient}\n{outgoing.Subject}\n{outgoing.Body}"))),
            });
    }
}

/// <summary>Communication's copy of the purchased portfolios, from Debtors' <see cref="PortfolioPurchased"/>.</summary>
internal sealed class OnPortfolioPurchased(CommunicationDb db) : IEventSubscriber<PortfolioPurchased>
{
    public async Task HandleAsync(PortfolioPurchased e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        if (await tx.ExecuteAsync(
                "UPDATE communication.purchased_portfolio SET seller = @Seller, purchased_on = @PurchasedOn WHERE portfolio_id = @PortfolioId", e) == 0)
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("communication.purchased_portfolio", "portfolio_id, partner_id, seller, purchased_on",
                "@PortfolioId, @PartnerId, @Seller, @PurchasedOn", "portfolio_id"), e);
    }
}
