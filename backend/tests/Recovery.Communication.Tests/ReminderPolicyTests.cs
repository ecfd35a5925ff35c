using Recovery.Communication.Features.Compliance;
using Recovery.Communication.Features.Dispatch;
using Recovery.Debtors.Contracts;
using static Recovery.Communication.Features.Dispatch.ContactPolicy;

namespace Recovery.Communication.Tests;

/// <summary>
/// The contact policy on a reminder of an agreement's installment: the installment and its agreement speak first, then
/// the same rules as for every message. 4 March 2026 is a Wednesday without holiday; 7 March a Saturday.
/// </summary>
public sealed class ReminderPolicyTests
{
    private static readonly ContactCalendar Calendar = new(new ContactOptions());
    private static readonly Caps Default = new(PerWeek: 3, PerChannelPerDay: 1);
    private static readonly Guid DebtorId = Guid.NewGuid();
    private static readonly DebtorContact Email = new(Guid.NewGuid(), "email", "maria@example.com", false);
    private static readonly DebtorContacts Debtor = new(DebtorId, "Maria da Silva", "12345678909", "SP", null, [Email]);
    private static readonly DateTimeOffset WednesdayMorning = new(2026, 3, 4, 10, 0, 0, TimeSpan.FromHours(-3));

    private static Due Reminder(string? installment, string? hold = null, params Contact[] contacted) =>
        new(DebtorId, null, "email", null, hold, [], contacted, Guid.NewGuid(), installment);

    private static Decision Decide(Due message, DateTimeOffset? now = null) => ContactPolicy.Decide(message, Debtor, Calendar, Default, now ?? WednesdayMorning);

    [Test]
    public void An_open_installment_of_an_agreement_in_force_goes_to_the_debtor()
    {
        var decision = Decide(Reminder("open"));
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Send), decision.Reason);
        Assert.That(decision.Recipient, Is.EqualTo(Email.Value));
    }

    [TestCase("paid", "parcela paga")]
    [TestCase("completed", "acordo quitado")]
    [TestCase("broken", "acordo quebrado")]
    [TestCase("cancelled", "acordo cancelado")]
    public void A_paid_installment_or_an_agreement_no_longer_in_force_cancels_the_reminder(string installment, string reason)
    {
        var decision = Decide(Reminder(installment, hold: "dispute"));
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Cancel), "the installment speaks before the hold");
        Assert.That(decision.Reason, Is.EqualTo(reason));
    }

    [Test]
    public void An_installment_Communication_does_not_know_blocks() =>
        Assert.That(Decide(Reminder(null)).Reason, Is.EqualTo("parcela do acordo desconhecida"));

    [Test]
    public void A_reminder_is_held_like_any_message_by_holds_hours_and_caps()
    {
        Assert.That(Decide(Reminder("open", hold: "dispute")), Is.EqualTo(Decision.Block("cobrança suspensa (dispute)")));
        var saturdayEvening = new DateTimeOffset(2026, 3, 7, 18, 0, 0, TimeSpan.FromHours(-3));
        var deferred = Decide(Reminder("open"), saturdayEvening);
        Assert.That(deferred.Verdict, Is.EqualTo(Verdict.Defer));
        Assert.That(deferred.Until, Is.EqualTo(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.FromHours(-3))), "Monday 08:00: no contact on Sunday");
        var capped = Decide(Reminder("open", contacted: new Contact(WednesdayMorning.AddHours(-1), "email")));
        Assert.That(capped.Verdict, Is.EqualTo(Verdict.Defer));
        Assert.That(capped.Reason, Does.Contain("por canal por dia"));
    }
}
