using Recovery.BuildingBlocks;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>
/// The data-subject report the debtor asked for in the portal (ADR 0025): the existing report as a PDF
/// (<see cref="PrintDataSubjectReport"/>), queued by Communication for the debtor's own e-mail, and the request in the
/// timeline; audited as <c>SendDataSubjectReport</c> with the debtor as the actor.
/// </summary>
internal static class SendOwnDataSubjectReportHandler
{
    [AuditAction("SendDataSubjectReport")]
    internal sealed record Command(Guid DebtorId) : ICommand<string?>;

    internal sealed class ContractHandler(IMediator mediator) : IRequestHandler<SendOwnDataSubjectReport, string?>
    {
        public Task<string?> Handle(SendOwnDataSubjectReport request, CancellationToken ct) => mediator.Send(new Command(request.DebtorId), ct);
    }

    internal sealed class Handler(DebtorsDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, string?>
    {
        public async Task<string?> Handle(Command command, CancellationToken ct)
        {
            string? document;
            await using (var session = await db.OpenAsync(ct))
                document = await session.QuerySingleOrDefaultAsync<string>("SELECT document FROM debtors.debtor WHERE id = @DebtorId", command);
            if (document is null) throw new NotFoundException("Devedor não encontrado.");
            var pdf = await mediator.Send(new PrintDataSubjectReport.Query(document), ct);
            // Communication queues it in a transaction of its own: this command writes only the timeline.
            var sent = await mediator.Send(new SendDataSubjectReport(command.DebtorId, pdf.Content, pdf.FileName), ct);
            if (sent is null) return null;
            await using var tx = await db.BeginAsync(ct);
            await Timeline.AppendAsync(tx, command.DebtorId, null, "data_subject_report",
                $"Relatório de dados pessoais (LGPD) pedido pelo devedor no portal; enviado por e-mail para {sent.Recipient}", actor, clock.GetUtcNow(),
                channel: "portal", result: "requested");
            await tx.CommitAsync(ct);
            audit.Describe("debtor", command.DebtorId, after: new { channel = sent.Channel, recipient = sent.Recipient });
            return sent.Recipient;
        }
    }
}
