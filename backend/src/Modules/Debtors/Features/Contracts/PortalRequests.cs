using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>
/// What the self-service portal asks of Debtors: who holds a document, and the debtor's own hold and opt-out, which run
/// as the agents' commands do (audited with the debtor as the actor, in the timeline).
/// </summary>
internal static class PortalRequests
{
    internal sealed class FindByDocumentHandler(DebtorsDb db) : IRequestHandler<FindDebtorByDocument, DebtorIdentity?>
    {
        public async Task<DebtorIdentity?> Handle(FindDebtorByDocument query, CancellationToken ct)
        {
            if (Documents.Normalize(query.Document) is not { } document) return null;
            await using var session = await db.OpenAsync(ct);
            var row = await session.QuerySingleOrDefaultAsync<Row>(
                "SELECT id, name FROM debtors.debtor WHERE document = @Document", new { Document = document });
            return row is null ? null : new DebtorIdentity(row.Id, row.Name);
        }

        private sealed class Row
        {
            public Guid Id { get; init; }
            public string Name { get; init; } = "";
        }
    }

    internal sealed class DisputeHandler(DebtorsDb db, IMediator mediator) : IRequestHandler<PlaceDisputeHold, Guid?>
    {
        public async Task<Guid?> Handle(PlaceDisputeHold request, CancellationToken ct)
        {
            if (request.InvoiceId is { } invoiceId)
            {
                await using var session = await db.OpenAsync(ct);
                if (await session.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.invoice WHERE id = @InvoiceId AND debtor_id = @DebtorId",
                        new { InvoiceId = invoiceId, request.DebtorId }) == 0) return null;
            }
            var hold = await mediator.Send(new PlaceHold.Command(request.DebtorId, "dispute", request.Reason,
                "Contestação do devedor pelo portal (CDC art. 42)", request.InvoiceId, null), ct);
            return hold.Id;
        }
    }

    internal sealed class OptOutHandler(IMediator mediator) : IRequestHandler<OptOutOwnContact, bool>
    {
        public async Task<bool> Handle(OptOutOwnContact request, CancellationToken ct)
        {
            try
            {
                await mediator.Send(new OptOutContact.Command(request.DebtorId, request.ContactId, request.Reason), ct);
                return true;
            }
            catch (NotFoundException)
            {
                return false;
            }
        }
    }
}
