using System.Globalization;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Compliance;
using Recovery.Communication.Features.Requested;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.AgentCalls;

/// <summary>
/// The debtor asks in the portal to be called back (ADR 0025). The moment must be in the future, within 30 days, and
/// lawful for the debtor's state by the dispatcher's calendar (<see cref="ContactCalendar.NextAllowed"/>), as an agent's
/// callback must; otherwise a field problem names the next lawful moment. The phone is one of the debtor's own, valid and
/// not opted out. Publishes <see cref="CallbackRequested"/>: Debtors makes it the debtor's callback in the work queue.
/// </summary>
internal static class RequestCallbackCommand
{
    [AuditAction("RequestCallback")]
    internal sealed record Command(Guid DebtorId, DateTimeOffset CallbackAt, Guid? ContactId, string? Note) : ICommand<CallbackScheduled>;

    internal sealed class ContractHandler(IMediator mediator) : IRequestHandler<RequestCallback, CallbackScheduled>
    {
        public Task<CallbackScheduled> Handle(RequestCallback request, CancellationToken ct) =>
            mediator.Send(new Command(request.DebtorId, request.CallbackAt, request.ContactId, request.Note), ct);
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ContactCalendar calendar, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, CallbackScheduled>
    {
        public async Task<CallbackScheduled> Handle(Command command, CancellationToken ct)
        {
            var debtor = await mediator.Send(new GetDebtorContacts(command.DebtorId), ct) ?? throw new NotFoundException("Devedor não encontrado.");
            var phones = debtor.Contacts.Where(c => c.Channel == "phone" && !c.OptedOut).ToList();
            var phone = command.ContactId is { } contactId
                ? phones.FirstOrDefault(c => c.Id == contactId) ?? throw new FieldException("contactId", "escolha um dos seus telefones que aceitam ligação")
                : phones.FirstOrDefault() ?? throw new FieldException("contactId", "não há telefone seu que aceite ligação: cadastre um com o credor ou use outro canal");
            var now = clock.GetUtcNow();
            if (command.CallbackAt <= now.AddMinutes(5) || command.CallbackAt > now.AddDays(30))
                throw new FieldException("callbackAt", "escolha um horário a partir de daqui a alguns minutos e até 30 dias");
            var (next, reason) = calendar.NextAllowed(command.CallbackAt, debtor.State);
            if (next != command.CallbackAt)
                throw new FieldException("callbackAt",
                    $"a lei não permite ligar nesse horário ({reason}); o próximo horário permitido é {Local(next, debtor.State)}");

            var id = Guid.CreateVersion7();
            var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
            await using var tx = await db.BeginAsync(ct);
            await tx.ExecuteAsync(
                "INSERT INTO communication.callback_request (id, debtor_id, phone, callback_at, note, requested_at) VALUES (@Id, @DebtorId, @Phone, @CallbackAt, @Note, @Now)",
                new { Id = id, command.DebtorId, Phone = phone.Value, command.CallbackAt, Note = note, Now = now });
            await tx.PublishAsync(new CallbackRequested(id, command.DebtorId, phone.Value, command.CallbackAt, note, now), now);
            await tx.CommitAsync(ct);
            audit.Describe("debtor", command.DebtorId, after: new { callbackId = id, command.CallbackAt, note });
            return new CallbackScheduled(id, command.CallbackAt, RequestedMessages.Mask(phone.Value, "phone"));
        }

        private static string Local(DateTimeOffset at, string? state) =>
            at.ToOffset(ContactCalendar.UtcOffset(state)).ToString("dd/MM/yyyy 'às' HH:mm", CultureInfo.InvariantCulture);
    }
}

/// <summary>The debtor a message was written for (the signed portal link names only the message).</summary>
internal sealed class FindMessageDebtorHandler(CommunicationDb db) : IRequestHandler<FindMessageDebtor, Guid?>
{
    public async Task<Guid?> Handle(FindMessageDebtor query, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        return await session.QuerySingleOrDefaultAsync<Guid?>("SELECT debtor_id FROM communication.message WHERE id = @MessageId", query);
    }
}
