using Recovery.Communication.Features.Compliance;
using Recovery.Communication.Features.Dispatch;
using Recovery.Debtors.Contracts;
using static Recovery.Communication.Features.Dispatch.ContactPolicy;

namespace Recovery.Communication.Tests;

/// <summary>
/// Every rule of the contact policy, alone, at its boundaries and against the others. The dates are fixed: March 2026
/// has no national holiday; 4 March is a Wednesday, 7 March a Saturday, 8 March a Sunday; 21 April (Tiradentes) a Tuesday.
/// </summary>
public sealed class ContactPolicyTests
{
    private static readonly ContactCalendar Calendar = new(new ContactOptions());
    private static readonly Caps Default = new(PerWeek: 3, PerChannelPerDay: 1);
    private static readonly Guid DebtorId = Guid.NewGuid();
    private static readonly Guid InvoiceId = Guid.NewGuid();

    private static readonly DebtorContact Email = new(Guid.NewGuid(), "email", "maria@example.com", false);
    private static readonly DebtorContact Phone = new(Guid.NewGuid(), "phone", "+5511987654321", false);
    private const string Address = "Rua das Flores 10, Centro, São Paulo - SP, 01000-000";

    /// <summary>A local time in a UTC offset (São Paulo by default).</summary>
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0, int second = 0, int offset = -3) =>
        new(2026, month, day, hour, minute, second, TimeSpan.FromHours(offset));

    private static readonly DateTimeOffset WednesdayMorning = At(3, 4, 10);

    private static DebtorContacts Debtor(string? state = "SP", string? address = Address, params DebtorContact[] contacts) =>
        new(DebtorId, "Maria da Silva", "12345678909", state, address, contacts.Length == 0 ? [Email, Phone] : contacts);

    private static Due Message(string channel = "email", string? debtStatus = "open", Guid? invoiceId = null, string? hold = null,
        IReadOnlyCollection<string>? optIns = null, params Contact[] contacted) =>
        new(DebtorId, invoiceId ?? InvoiceId, channel, debtStatus, hold, optIns ?? [], contacted);

    private static Decision Decide(Due message, DebtorContacts? debtor = null, DateTimeOffset? now = null, Caps? caps = null) =>
        ContactPolicy.Decide(message, debtor ?? Debtor(), Calendar, caps ?? Default, now ?? WednesdayMorning);

    private static void AssertSent(Decision decision, string recipient)
    {
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Send), decision.Reason);
        Assert.That(decision.Recipient, Is.EqualTo(recipient));
    }

    private static void AssertDeferred(Decision decision, DateTimeOffset until, string reason)
    {
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Defer), decision.Reason);
        Assert.That(decision.Until, Is.EqualTo(until));
        Assert.That(decision.Reason, Does.Contain(reason));
    }

    private static void AssertBlocked(Decision decision, string reason)
    {
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Block), decision.Reason);
        Assert.That(decision.Reason, Does.Contain(reason));
        Assert.That(decision.Outcome, Is.EqualTo("blocked"));
    }

    // ---- the debt and the hold ----

    [Test]
    public void An_open_debt_in_the_window_goes_to_the_debtors_email() => AssertSent(Decide(Message()), Email.Value);

    [TestCase("paid", "débito pago")]
    [TestCase("in_agreement", "débito em acordo")]
    [TestCase("cancelled", "débito cancelado pelo credor")]
    [TestCase("prescribed", "débito prescrito (CC art. 206 §5 I)")]
    public void A_debt_no_longer_open_cancels_the_message(string status, string reason)
    {
        var decision = Decide(Message(debtStatus: status));
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Cancel));
        Assert.That(decision.Outcome, Is.EqualTo("cancelled"));
        Assert.That(decision.Reason, Does.StartWith(reason));
    }

    [Test]
    public void A_debt_Communication_does_not_know_blocks() => AssertBlocked(Decide(Message(debtStatus: null)), "débito desconhecido");

    [Test]
    public void A_message_about_the_debtor_and_no_debt_needs_no_debt_status() =>
        AssertSent(Decide(new Due(DebtorId, null, "email", null, null, [], [])), Email.Value);

    [Test]
    public void A_negativacao_notice_needs_a_debt() =>
        AssertBlocked(Decide(new Due(DebtorId, null, "negativacao", null, null, [], [])), "falta o débito");

    [Test]
    public void A_hold_blocks_with_its_kind() => AssertBlocked(Decide(Message(hold: "dispute")), "cobrança suspensa (dispute)");

    // ---- whose contacts ----

    [Test]
    public void A_debtor_Debtors_does_not_know_blocks() =>
        AssertBlocked(ContactPolicy.Decide(Message(), null, Calendar, Default, WednesdayMorning), "devedor desconhecido");

    [Test]
    public void Contacts_of_another_debtor_are_never_used()
    {
        var someoneElse = Debtor() with { DebtorId = Guid.NewGuid() };
        AssertBlocked(Decide(Message(), someoneElse), "não são do devedor");
    }

    [Test]
    public void Without_an_email_or_a_phone_for_the_channel_it_is_blocked()
    {
        AssertBlocked(Decide(Message("email"), Debtor(contacts: [Phone])), "sem e-mail do devedor");
        AssertBlocked(Decide(Message("sms"), Debtor(contacts: [Email])), "sem telefone do devedor");
        AssertBlocked(Decide(Message("call"), Debtor(contacts: [Email])), "sem telefone do devedor");
    }

    [Test]
    public void An_opted_out_contact_is_skipped_and_all_opted_out_blocks()
    {
        var optedOut = Email with { Value = "antigo@example.com", OptedOut = true };
        AssertSent(Decide(Message(), Debtor(contacts: [optedOut, Email])), Email.Value);
        AssertBlocked(Decide(Message(), Debtor(contacts: [optedOut, Phone])), "opt-out");
        AssertBlocked(Decide(Message("sms"), Debtor(contacts: [Email, Phone with { OptedOut = true }])), "opt-out");
    }

    [Test]
    public void A_letter_goes_to_the_postal_address_and_without_one_is_blocked()
    {
        AssertSent(Decide(Message("letter")), Address);
        AssertSent(Decide(Message("negativacao")), Address);
        AssertBlocked(Decide(Message("letter"), Debtor(address: null)), "sem endereço postal");
    }

    [Test]
    public void WhatsApp_goes_only_to_a_phone_of_the_debtor_with_its_opt_in()
    {
        AssertBlocked(Decide(Message("whatsapp")), "WhatsApp sem opt-in");
        AssertBlocked(Decide(Message("whatsapp", optIns: ["+5521900000000"])), "WhatsApp sem opt-in");   // not the debtor's phone
        var other = new DebtorContact(Guid.NewGuid(), "phone", "+5511911112222", false);
        AssertBlocked(Decide(Message("whatsapp", optIns: [other.Value]), Debtor(contacts: [Phone, other with { OptedOut = true }])), "WhatsApp sem opt-in");
        AssertSent(Decide(Message("whatsapp", optIns: [other.Value]), Debtor(contacts: [Phone, other])), other.Value);
    }

    // ---- the window, in the debtor's time zone ----

    [Test]
    public void The_weekday_window_opens_at_8_and_closes_at_20_in_Sao_Paulo()
    {
        AssertDeferred(Decide(Message(), now: At(3, 4, 7, 59, 59)), At(3, 4, 8), "a partir de 08:00");
        AssertSent(Decide(Message(), now: At(3, 4, 8)), Email.Value);
        AssertSent(Decide(Message(), now: At(3, 4, 19, 59, 59)), Email.Value);
        AssertDeferred(Decide(Message(), now: At(3, 4, 20)), At(3, 5, 8), "até 20:00");
    }

    [Test]
    public void Acre_is_five_hours_behind_UTC_and_Amazonas_four_with_its_own_window()
    {
        var eightInSaoPaulo = At(3, 4, 8);
        AssertDeferred(Decide(Message(), Debtor("AC"), eightInSaoPaulo), At(3, 4, 8, offset: -5), "AC: a partir de 08:00");
        AssertSent(Decide(Message(), Debtor("AC"), At(3, 4, 8, offset: -5)), Email.Value);
        AssertSent(Decide(Message(), Debtor("AC"), At(3, 4, 19, 59, 59, offset: -5)), Email.Value);   // 21:59:59 in São Paulo

        AssertDeferred(Decide(Message(), Debtor("AM"), eightInSaoPaulo), At(3, 4, 8, offset: -4), "AM: a partir de 08:00");
        AssertSent(Decide(Message(), Debtor("AM"), At(3, 4, 17, 59, 59, offset: -4)), Email.Value);
        AssertDeferred(Decide(Message(), Debtor("AM"), At(3, 4, 18, offset: -4)), At(3, 5, 8, offset: -4), "AM: até 18:00");
    }

    [Test]
    public void Saturday_has_a_morning_in_Sao_Paulo_and_none_in_Amazonas()
    {
        AssertSent(Decide(Message(), now: At(3, 7, 8)), Email.Value);
        AssertSent(Decide(Message(), now: At(3, 7, 13, 59, 59)), Email.Value);
        AssertDeferred(Decide(Message(), now: At(3, 7, 14)), At(3, 9, 8), "até 14:00");   // Sunday skipped
        AssertDeferred(Decide(Message(), Debtor("AM"), At(3, 7, 10, offset: -4)), At(3, 9, 8, offset: -4), "sábado sem horário permitido");
        AssertDeferred(Decide(Message(), Debtor("RJ"), At(3, 7, 10)), At(3, 9, 9), "sábado sem horário permitido");
    }

    [Test]
    public void Sunday_waits_for_Monday_morning() =>
        AssertDeferred(Decide(Message(), now: At(3, 8, 10)), At(3, 9, 8), "domingo");

    [Test]
    public void A_national_holiday_waits_for_the_next_working_morning()
    {
        AssertDeferred(Decide(Message(), now: At(4, 21, 10)), At(4, 22, 8), "feriado nacional (Tiradentes)");
        AssertDeferred(Decide(Message(), now: At(4, 20, 20, 30)), At(4, 22, 8), "até 20:00");   // the evening before
        AssertDeferred(Decide(Message(), now: At(4, 3, 10)), At(4, 4, 8), "Sexta-feira Santa");    // Saturday after Good Friday
    }

    [Test]
    public void A_missing_state_uses_the_default_window_in_Brasilia_time() =>
        AssertDeferred(Decide(Message(), Debtor(state: null), At(3, 4, 7)), At(3, 4, 8), "UF desconhecida");

    // ---- the caps ----

    [Test]
    public void The_same_channel_once_a_local_day_then_tomorrow_morning()
    {
        var earlier = new Contact(At(3, 4, 9), "email");
        AssertDeferred(Decide(Message(contacted: [earlier])), At(3, 5, 8), "limite de 1 tentativa(s) por canal por dia");
        AssertSent(Decide(Message("sms", contacted: [earlier])), Phone.Value);
        AssertSent(Decide(Message(contacted: [earlier]), caps: Default with { PerChannelPerDay = 2 }), Email.Value);
    }

    [Test]
    public void The_day_of_the_daily_cap_is_the_debtors_local_day()
    {
        // 23:30 in São Paulo on Tuesday is already Wednesday in UTC: it counts for Tuesday.
        AssertSent(Decide(Message(contacted: [new Contact(At(3, 3, 23, 30), "email")]), now: At(3, 4, 8)), Email.Value);
        // 23:30 in Acre on Tuesday is Wednesday 01:30 in São Paulo: still Tuesday for the Acre debtor.
        AssertSent(Decide(Message(contacted: [new Contact(At(3, 3, 23, 30, offset: -5), "email")]), Debtor("AC"), At(3, 4, 9, offset: -5)), Email.Value);
        // 00:30 in São Paulo on Wednesday is Wednesday for a São Paulo debtor.
        AssertDeferred(Decide(Message(contacted: [new Contact(At(3, 4, 0, 30), "email")]), now: At(3, 4, 9)), At(3, 5, 8), "por canal por dia");
    }

    [Test]
    public void The_fourth_contact_in_seven_days_waits_until_the_oldest_is_seven_days_old()
    {
        Contact[] three = [new(At(3, 2, 10), "sms"), new(At(3, 3, 11), "letter"), new(At(3, 3, 12), "call")];
        AssertDeferred(Decide(Message(contacted: three)), At(3, 9, 10), "limite de 3 contatos em 7 dias");
        AssertSent(Decide(Message(contacted: three), caps: Default with { PerWeek = 4 }), Email.Value);
        // A contact exactly seven days old no longer counts.
        Contact[] oneOld = [new(WednesdayMorning.AddDays(-7), "sms"), three[1], three[2]];
        AssertSent(Decide(Message(contacted: oneOld)), Email.Value);
    }

    [Test]
    public void A_weekly_cap_ending_out_of_the_window_waits_for_the_window()
    {
        // The oldest of the three was on a Sunday at 10:00: seven days later is Sunday again, so it waits for Monday 08:00.
        Contact[] three = [new(At(3, 1, 10), "sms"), new(At(3, 3, 11), "letter"), new(At(3, 3, 12), "call")];
        AssertDeferred(Decide(Message(contacted: three), now: At(3, 4, 10)), At(3, 9, 8), "limite de 3 contatos em 7 dias");
    }

    // ---- the order of the rules ----

    [Test]
    public void The_debt_speaks_before_the_hold_and_the_hold_before_the_contacts()
    {
        Assert.That(ContactPolicy.Decide(Message(debtStatus: "paid", hold: "dispute"), null, Calendar, Default, WednesdayMorning).Verdict, Is.EqualTo(Verdict.Cancel));
        AssertBlocked(ContactPolicy.Decide(Message(hold: "dispute"), null, Calendar, Default, WednesdayMorning), "cobrança suspensa");
        AssertBlocked(Decide(Message(hold: "dispute"), Debtor(contacts: [Phone])), "cobrança suspensa");
    }

    [Test]
    public void What_may_never_go_is_blocked_even_on_a_Sunday()
    {
        AssertBlocked(Decide(Message(), Debtor(contacts: [Phone]), At(3, 8, 10)), "sem e-mail do devedor");
        AssertBlocked(Decide(Message("whatsapp"), now: At(3, 8, 10)), "WhatsApp sem opt-in");
    }

    [Test]
    public void The_window_speaks_before_the_caps_and_the_daily_cap_before_the_weekly()
    {
        Contact[] three = [new(At(3, 7, 9), "email"), new(At(3, 6, 11), "letter"), new(At(3, 6, 12), "call")];
        AssertDeferred(Decide(Message(contacted: three), now: At(3, 8, 10)), At(3, 9, 8), "domingo");
        AssertDeferred(Decide(Message(contacted: three), now: At(3, 7, 10)), At(3, 9, 8), "por canal por dia");
        AssertDeferred(Decide(Message("sms", contacted: three), now: At(3, 9, 10)), At(3, 13, 11), "3 contatos em 7 dias");
    }
}
