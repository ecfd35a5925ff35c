using System.Net;
using Microsoft.Extensions.Options;
using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Dispatch;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Requested;

/// <summary>
/// Picks the contact for a portal sign-in code and writes the message to the queue of requested messages, valid as long
/// as the code; <see cref="RequestedMessageSender"/> sends it just after. The caller's request never waits for a mail
/// server, so its time says nothing of whether the debtor exists; a crash before the send does not lose the code.
/// </summary>
internal sealed class SendAccessCodeHandler(CommunicationDb db, IMediator mediator, RequestedMessageSignal signal, IOptions<CommunicationOptions> options,
    TimeProvider clock) : IRequestHandler<SendAccessCode, AccessCodeSent?>
{
    public async Task<AccessCodeSent?> Handle(SendAccessCode request, CancellationToken ct)
    {
        if (await mediator.Send(new GetDebtorContacts(request.DebtorId), ct) is not { } debtor) return null;
        var usable = debtor.Contacts.Where(c => !c.OptedOut).ToList();
        var email = usable.FirstOrDefault(c => c.Channel == "email");
        var phone = string.IsNullOrEmpty(options.Value.Sms.Url) ? null : usable.FirstOrDefault(c => c.Channel == "phone");
        var text = $"Seu código de acesso ao portal de negociação é {request.Code}. Ele vale por {request.ValidMinutes} minutos e só pode ser usado uma vez. " +
                   "Não compartilhe este código com ninguém; nós nunca o pedimos por telefone.";
        Outgoing message;
        if (email is not null)
            message = new Outgoing(Guid.CreateVersion7(), "email", email.Value, $"Seu código de acesso: {request.Code}",
                $"<p>Olá, {WebUtility.HtmlEncode(debtor.Name)}.</p><p>{WebUtility.HtmlEncode(text)}</p>" +
                "<p>Se você não pediu este código, ignore esta mensagem.</p>", debtor.Name, debtor.State);
        else if (phone is not null)
            message = new Outgoing(Guid.CreateVersion7(), "sms", phone.Value, null, text, debtor.Name, debtor.State);
        else return null;

        var now = clock.GetUtcNow();
        await using (var tx = await db.BeginIndependentAsync(ct))
        {
            await RequestedMessages.EnqueueAsync(tx, debtor.DebtorId, RequestedMessages.AccessCode, message, now, now.AddMinutes(request.ValidMinutes));
            await tx.CommitAsync(ct);
        }
        signal.Notify();
        return new AccessCodeSent(message.Channel, RequestedMessages.Mask(message.Recipient, message.Channel));
    }
}

/// <summary>
/// Writes the debtor's data-subject report to the queue of requested messages, to the debtor's own e-mail on file (never
/// an opted-out one); it leaves within seconds and is kept for a day of retries.
/// </summary>
internal sealed class SendDataSubjectReportHandler(CommunicationDb db, IMediator mediator, RequestedMessageSignal signal, TimeProvider clock)
    : IRequestHandler<SendDataSubjectReport, AccessCodeSent?>
{
    public async Task<AccessCodeSent?> Handle(SendDataSubjectReport request, CancellationToken ct)
    {
        if (await mediator.Send(new GetDebtorContacts(request.DebtorId), ct) is not { } debtor) return null;
        if (debtor.Contacts.FirstOrDefault(c => c.Channel == "email" && !c.OptedOut) is not { } email) return null;
        var body = $"<p>Olá, {WebUtility.HtmlEncode(debtor.Name)}.</p>" +
                   "<p>Você pediu, no portal de negociação, o relatório dos seus dados pessoais que mantemos (Lei 13.709/2018, art. 18, II, e art. 19, II). " +
                   "Ele está no arquivo PDF anexo a esta mensagem: o que guardamos, de onde veio e por que tratamos.</p>" +
                   "<p>Se você não fez este pedido, fale conosco pelos canais de atendimento.</p>";
        var message = new Outgoing(Guid.CreateVersion7(), "email", email.Value, "Relatório dos seus dados pessoais (LGPD)", body, debtor.Name, debtor.State,
            new Attachment(request.FileName, "application/pdf", request.Pdf));
        var now = clock.GetUtcNow();
        await using (var tx = await db.BeginIndependentAsync(ct))
        {
            await RequestedMessages.EnqueueAsync(tx, debtor.DebtorId, RequestedMessages.DataSubjectReport, message, now, now.AddDays(1));
            await tx.CommitAsync(ct);
        }
        signal.Notify();
        return new AccessCodeSent("email", RequestedMessages.Mask(email.Value, "email"));
    }
}
