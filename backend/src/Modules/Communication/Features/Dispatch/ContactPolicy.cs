using Recovery.Communication.Features.Compliance;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// The law at the moment a message is due (rules.md "Contact"), as a pure function of what is known then: whether it may
/// go now, must wait until a later instant, or may never go; always with the reason in Portuguese. No I/O: the
/// dispatcher gathers the facts for a whole batch, asks here, and acts on the answers.
/// </summary>
/// <remarks>
/// The rules apply in this order, the first that speaks decides: a negativação needs a debt; a reminder's installment must
/// be known, unpaid and its agreement in force (paid, completed, broken or cancelled cancels it); the debt must be known and
/// open (paid, in agreement, cancelled or prescribed cancels the message for good); no hold on the debtor or the debt;
/// the debtor known and the contacts the debtor's own; a usable address for the channel (a postal address for letters,
/// a contact not opted out, WhatsApp only to a phone with the debtor's opt-in); the contact window of the debtor's state
/// in its time zone (no Sunday, no national holiday); then the caps, per channel per local day and per seven days.
/// </remarks>
internal static class ContactPolicy
{
    /// <summary>A contact the debtor already had (a message sent or delivered): when, and on which channel.</summary>
    internal readonly record struct Contact(DateTimeOffset At, string Channel);

    /// <summary>What is known of a message when it is due.</summary>
    /// <param name="InvoiceId">The debt the message is about; null for one about the debtor.</param>
    /// <param name="DebtStatus">That debt's status as Communication knows it; null when Communication does not know the debt.</param>
    /// <param name="Hold">The kind of hold on the debtor or on that debt; null without one.</param>
    /// <param name="WhatsAppOptIns">The phones the debtor agreed to receive WhatsApp on.</param>
    /// <param name="Contacted">The debtor's contacts of the last seven days, those decided earlier in the same batch included.</param>
    /// <param name="AgreementId">The agreement a reminder is about; null for a message about a debt or the debtor.</param>
    /// <param name="Installment">A reminder's installment as Communication knows it: <c>open</c> or <c>paid</c> while its
    /// agreement is active, else the agreement's status (<c>completed</c>, <c>broken</c>, <c>cancelled</c>); null when unknown.</param>
    /// <param name="AssignmentPending">The debt (or, for a message about the debtor, a debt of theirs) is in a purchased
    /// portfolio and its assignment notice was not sent yet, and this message is not that notice (Civil Code art. 290).</param>
    internal sealed record Due(Guid DebtorId, Guid? InvoiceId, string Channel, string? DebtStatus, string? Hold,
        IReadOnlyCollection<string> WhatsAppOptIns, IReadOnlyList<Contact> Contacted, Guid? AgreementId = null, string? Installment = null,
        bool AssignmentPending = false);

    /// <summary>The frequency caps: contacts per debtor in any seven days; attempts per channel per debtor per local day.</summary>
    internal sealed record Caps(int PerWeek, int PerChannelPerDay);

    internal enum Verdict
    {
        /// <summary>Goes now, to <see cref="Decision.Recipient"/>.</summary>
        Send,

        /// <summary>Waits until <see cref="Decision.Until"/>, the next moment it may go.</summary>
        Defer,

        /// <summary>May never go as it is (no address, a hold, an opt-out...).</summary>
        Block,

        /// <summary>Has nothing left to collect: the debt is no longer open.</summary>
        Cancel,
    }

    internal sealed record Decision(Verdict Verdict, string? Reason, string? Recipient = null, DateTimeOffset? Until = null)
    {
        public static Decision Send(string recipient) => new(Verdict.Send, null, recipient);

        public static Decision Defer(DateTimeOffset until, string reason) => new(Verdict.Defer, reason, Until: until);

        public static Decision Block(string reason) => new(Verdict.Block, reason);

        public static Decision Cancel(string reason) => new(Verdict.Cancel, reason);

        /// <summary>The outcome as kept in the message's history: send, deferred, blocked, cancelled.</summary>
        public string Outcome => Verdict switch
        {
            Verdict.Send => "send",
            Verdict.Defer => "deferred",
            Verdict.Block => "blocked",
            _ => "cancelled",
        };
    }

    /// <param name="debtor">The debtor's contacts as Debtors answers them; null when Debtors does not know the debtor.</param>
    public static Decision Decide(Due message, DebtorContacts? debtor, ContactCalendar calendar, Caps caps, DateTimeOffset now)
    {
        if (message.Channel == "negativacao" && message.InvoiceId is null) return Decision.Block("a negativação é de um débito: falta o débito");
        if (message.AgreementId is not null && message.Installment != "open") return message.Installment switch
        {
            null => Decision.Block("parcela do acordo desconhecida"),
            "paid" => Decision.Cancel("parcela paga"),
            "completed" => Decision.Cancel("acordo quitado"),
            "broken" => Decision.Cancel("acordo quebrado"),
            "cancelled" or "rejected" => Decision.Cancel("acordo cancelado"),
            var other => Decision.Cancel($"acordo {other}"),
        };
        if (message.InvoiceId is not null)
        {
            if (message.DebtStatus is null) return Decision.Block("débito desconhecido");
            if (message.DebtStatus != "open") return Decision.Cancel(message.DebtStatus switch
            {
                "paid" => "débito pago",
                "in_agreement" => "débito em acordo",
                "cancelled" => "débito cancelado pelo credor",
                "prescribed" => "débito prescrito (CC art. 206 §5 I): não pode ser cobrado",
                var other => $"débito {other}",
            });
        }
        if (message.Hold is not null) return Decision.Block($"cobrança suspensa ({message.Hold})");
        if (message.AssignmentPending)
            return Decision.Block("carteira comprada: a notificação da cessão de crédito (CC art. 290) ainda não foi enviada e vem antes de qualquer cobrança");
        if (debtor is null) return Decision.Block("devedor desconhecido");
        if (debtor.DebtorId != message.DebtorId) return Decision.Block("os contatos não são do devedor da mensagem");

        var (recipient, noRecipient) = Recipient(message, debtor);
        if (recipient is null) return Decision.Block(noRecipient);

        var (allowedAt, closed) = calendar.NextAllowed(now, debtor.State);
        if (allowedAt > now) return Decision.Defer(allowedAt, closed!);
        if (Cap(message, debtor.State, caps, now) is { } cap) return Decision.Defer(calendar.NextAllowed(cap.Until, debtor.State).At, cap.Reason);
        return Decision.Send(recipient);
    }

    /// <summary>The debtor's own address for the channel, or why there is none.</summary>
    private static (string? Recipient, string Why) Recipient(Due message, DebtorContacts debtor)
    {
        if (message.Channel is "letter" or "negativacao")
            return debtor.PostalAddress is { } address ? (address, "") : (null, "sem endereço postal");
        var kind = message.Channel == "email" ? "email" : "phone";
        var contacts = debtor.Contacts.Where(c => c.Channel == kind).ToList();
        if (contacts.Count == 0) return (null, kind == "email" ? "sem e-mail do devedor" : "sem telefone do devedor");
        var usable = contacts.Where(c => !c.OptedOut).ToList();
        if (usable.Count == 0) return (null, "o devedor pediu para não ser contatado neste canal (opt-out)");
        if (message.Channel != "whatsapp") return (usable[0].Value, "");
        // The opt-in counts only for a phone that is still the debtor's own and not opted out.
        var phone = usable.FirstOrDefault(c => message.WhatsAppOptIns.Contains(c.Value));
        return phone is null ? (null, "WhatsApp sem opt-in registrado do devedor") : (phone.Value, "");
    }

    /// <summary>The caps: the moment before which this message may not go, and why; null when it may go.</summary>
    private static (DateTimeOffset Until, string Reason)? Cap(Due message, string? state, Caps caps, DateTimeOffset now)
    {
        var offset = ContactCalendar.UtcOffset(state);
        var today = DateOnly.FromDateTime(now.ToOffset(offset).DateTime);
        var week = message.Contacted.Where(c => c.At > now.AddDays(-7) && c.At <= now).ToList();
        var sameChannelToday = week.Count(c => c.Channel == message.Channel && DateOnly.FromDateTime(c.At.ToOffset(offset).DateTime) == today);
        if (sameChannelToday >= caps.PerChannelPerDay)
            return (new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), offset), $"limite de {caps.PerChannelPerDay} tentativa(s) por canal por dia");
        if (week.Count >= caps.PerWeek)
        {
            var oldestCounted = week.Select(c => c.At).OrderByDescending(a => a).Skip(caps.PerWeek - 1).First();
            return (oldestCounted.AddDays(7), $"limite de {caps.PerWeek} contatos em 7 dias");
        }
        return null;
    }
}
