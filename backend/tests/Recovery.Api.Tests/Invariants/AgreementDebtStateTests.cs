using System.Text.Json.Nodes;
using Recovery.Testing;

namespace Recovery.Api.Tests.Invariants;

/// <summary>
/// The scenarios of "one truth for a debt's state", step by step: an agreement waiting for a supervisor does not take
/// the debt out of open anywhere; an agreement rejected or cancelled after the debt was paid does not reopen it anywhere.
/// </summary>
[Category("Invariant")]
public sealed class AgreementDebtStateTests
{
    private SmtpSink _smtp = null!;
    private RecoveryApp _app = null!;
    private DebtViews _views = null!;
    private HttpClient _partner = null!, _agent = null!, _supervisor = null!;
    private Guid _partnerId;

    [SetUp]
    public async Task StartAsync()
    {
        _smtp = new SmtpSink(keep: false);
        _app = new RecoveryApp(InvariantHost.Settings(_smtp));
        InvariantHost.MoveToWeekdayMorning(_app);
        _views = new DebtViews(_app);
        (_partner, _partnerId, _) = await _app.PartnerAsync();
        _agent = await _app.PersonAsync("agent");
        _supervisor = await _app.PersonAsync("supervisor");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Test]
    public async Task An_agreement_waiting_for_approval_leaves_the_debt_open_everywhere_and_a_rejection_keeps_it_open()
    {
        var debt = await DebtAsync(charges: false);
        var pending = await PendingAgreementAsync(debt);
        await EverywhereAsync(debt, "open", 1000.00m, "an agreement above the agent's authority waits for a supervisor");
        var aged = await (await _supervisor.GetAsync("/api/v1/reports/aging/debts")).JsonAsync();
        Assert.That(aged.EnumerateArray().Select(d => d.GetProperty("invoiceId").GetGuid()), Does.Contain(debt.InvoiceId), "an open overdue debt is in the aging");

        (await _supervisor.PostAsJsonAsync($"/api/v1/agreements/{pending}/reject", new { reason = "desconto fora da política" })).EnsureSuccessStatusCode();
        await EverywhereAsync(debt, "open", 1000.00m, "the agreement was rejected");
    }

    [Test]
    public async Task A_rejected_agreement_on_a_debt_paid_while_it_waited_does_not_reopen_the_debt_anywhere()
    {
        var debt = await DebtAsync(charges: false);
        var pending = await PendingAgreementAsync(debt);
        await PayAsync(debt, 1000.00m);
        using (Assert.EnterMultipleScope())
        {
            await EverywhereAsync(debt, "paid", 0m, "the partner registered the whole debt as paid while the agreement waited");
            (await _supervisor.PostAsJsonAsync($"/api/v1/agreements/{pending}/reject", new { reason = "débito já pago" })).EnsureSuccessStatusCode();
            await EverywhereAsync(debt, "paid", 0m, "the agreement was rejected after the debt was paid");
            await NotChasedAsync(debt, "the agreement was rejected after the debt was paid");
        }
    }

    [Test]
    public async Task An_agreement_whose_debt_was_paid_while_it_waited_cannot_be_approved()
    {
        var debt = await DebtAsync(charges: false);
        var pending = await PendingAgreementAsync(debt);
        await PayAsync(debt, 1000.00m);
        await EverywhereAsync(debt, "paid", 0m, "the partner registered the whole debt as paid while the agreement waited");

        var problem = await (await _supervisor.PostAsJsonAsync($"/api/v1/agreements/{pending}/approve", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/agreement-debts-not-open"));
        var agreement = await (await _supervisor.GetAsync($"/api/v1/agreements/{pending}")).JsonAsync();
        Assert.That(agreement.GetProperty("status").GetString(), Is.EqualTo("pending_approval"), "nothing changed");
        await EverywhereAsync(debt, "paid", 0m, "the approval was refused");
    }

    [Test]
    public async Task A_cancelled_agreement_on_a_debt_paid_meanwhile_does_not_reopen_the_debt_anywhere()
    {
        // Fine and interest make the agreement worth more than the debt's outstanding: the partner's payment of the
        // outstanding pays the debt but not the whole agreement, which stays active until it is cancelled.
        var debt = await DebtAsync(charges: true);
        var created = await _agent.PostAsJsonAsync("/api/v1/agreements", Plan(debt, discount: 0m, down: 0m, installments: 1));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agreement = await created.JsonAsync();
        Assert.That(agreement.Money("total"), Is.GreaterThan(1000.00m));
        await EverywhereAsync(debt, "in_agreement", 1000.00m, "an agreement within the agent's authority is in force");

        await PayAsync(debt, 1000.00m);
        var (status, outstanding) = await DebtViews.PartnerAsync(debt);
        Assert.That(outstanding, Is.Zero, $"the partner's payment covers the debt ({status})");
        var id = agreement.GetProperty("id").GetGuid();
        Assert.That((await (await _agent.GetAsync($"/api/v1/agreements/{id}")).JsonAsync()).GetProperty("status").GetString(), Is.EqualTo("active"));

        (await _supervisor.PostAsJsonAsync($"/api/v1/agreements/{id}/cancel", new { reason = "pedido do devedor" })).EnsureSuccessStatusCode();
        using (Assert.EnterMultipleScope())
        {
            await EverywhereAsync(debt, "paid", 0m, "the agreement was cancelled after the debt was paid");
            await NotChasedAsync(debt, "the agreement was cancelled after the debt was paid");
        }
    }

    /// <summary>Asserts, once the events have settled, that the partner's API, Communication and Reporting all tell the status and outstanding.</summary>
    private async Task EverywhereAsync(WalkDebt debt, string status, decimal outstanding, string after)
    {
        await _views.QuiescentAsync(after);
        var (partnerStatus, partnerOutstanding) = await DebtViews.PartnerAsync(debt);
        var communication = (await _views.CopiesAsync("communication")).GetValueOrDefault(debt.InvoiceId);
        var reporting = (await _views.CopiesAsync("reporting")).GetValueOrDefault(debt.InvoiceId);
        var values = $"after {after}: partner {partnerStatus} {partnerOutstanding:0.00}, communication {communication}, reporting {reporting}";
        Assert.Multiple(() =>
        {
            Assert.That((partnerStatus, partnerOutstanding), Is.EqualTo((status, outstanding)), "the partner's API " + values);
            Assert.That((communication?.Status, communication?.OutstandingCents), Is.EqualTo(((string?)status, (long?)WalkData.Cents(outstanding))), "Communication " + values);
            Assert.That((reporting?.Status, reporting?.OutstandingCents), Is.EqualTo(((string?)status, (long?)WalkData.Cents(outstanding))), "Reporting " + values);
        });
    }

    /// <summary>
    /// A dunning schedule whose step falls on the debt today (forty days after its due date), a run, the dispatcher given
    /// its time: nothing may be planned, let alone sent, for a debt that is not open.
    /// </summary>
    private async Task NotChasedAsync(WalkDebt debt, string after)
    {
        (await _supervisor.PutAsJsonAsync("/api/v1/communication/templates/lembrete", new
        {
            channel = "email", subject = "{{credor}}", body = "<p>{{nome}}, o contrato {{contrato}} está em aberto.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>",
        })).EnsureSuccessStatusCode();
        var admin = await _app.AdminAsync();
        var portfolio = (await (await admin.GetAsync($"/api/v1/admin/partners/{_partnerId}/portfolios")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid();
        (await _supervisor.PutAsJsonAsync($"/api/v1/portfolios/{portfolio}/schedule", new
        {
            steps = new object[] { new { key = "D+40", offsetDays = 40, channel = "email", template = "lembrete" } },
        })).EnsureSuccessStatusCode();
        var started = await (await _supervisor.PostAsync("/api/v1/communication/runs", null)).JsonAsync();
        var run = started;
        await RecoveryApp.EventuallyAsync(async () =>
            (run = await (await _supervisor.GetAsync($"/api/v1/communication/runs/{started.GetProperty("id").GetGuid()}")).JsonAsync())
            .GetProperty("status").GetString() != "running", "the dunning run to finish");
        await _views.DispatchSettledAsync(after);
        var messages = (await _views.MessagesAsync()).Where(m => m.InvoiceId == debt.InvoiceId).ToList();
        var (status, outstanding) = await DebtViews.PartnerAsync(debt);
        var communication = (await _views.CopiesAsync("communication")).GetValueOrDefault(debt.InvoiceId);
        Assert.That(messages, Is.Empty, $"after {after}, the dunning run ({run}) planned for a debt the partner sees {status} {outstanding:0.00} " +
                                        $"(communication {communication}): {string.Join("; ", messages)}");
        Assert.That(_smtp.Count, Is.Zero, "no e-mail went out");
    }

    /// <summary>A debt of 1,000.00 forty days late (with 2% fine and 1% a month when <paramref name="charges"/>).</summary>
    private async Task<WalkDebt> DebtAsync(bool charges)
    {
        var partner = new WalkPartner { Index = 0, Client = _partner, Id = Guid.Empty };
        var debtor = new WalkDebtor { Partner = partner, Document = TestData.Cpf(), Name = "Maria da Silva", Email = "maria@example.com" };
        var debt = new WalkDebt
        {
            Debtor = debtor, ExternalId = "NF-" + Guid.NewGuid().ToString("N")[..10], Portfolio = "varejo", DueDate = _app.Today.AddDays(-40), Amount = 1000.00m,
        };
        var body = WalkData.Invoice(debt);
        if (charges) body["terms"] = new JsonObject { ["finePercent"] = 2.0m, ["monthlyInterestPercent"] = 1.0m, ["correctionIndex"] = "NONE" };
        var invoice = await (await _partner.PostAsJsonAsync("/api/v1/partner/invoices", body)).JsonAsync();
        debt.InvoiceId = invoice.GetProperty("id").GetGuid();
        debtor.Id = invoice.GetProperty("debtorId").GetGuid();
        await EverywhereAsync(debt, "open", 1000.00m, "the partner pushed the debt");
        return debt;
    }

    private object Plan(WalkDebt debt, decimal discount, decimal down, int installments) => new
    {
        debtorId = debt.Debtor.Id, invoiceIds = new[] { debt.InvoiceId }, downPayment = down, installments,
        firstDueDate = _app.Today.AddDays(20).ToString("yyyy-MM-dd"), discountPercent = discount,
    };

    /// <summary>
    /// 5% off a debt without charges, 40 days late: the policy allows no discount on principal in that bucket, a supervisor
    /// up to 10%. Total 950.00, 285.00 down and two installments of 332.50.
    /// </summary>
    private async Task<Guid> PendingAgreementAsync(WalkDebt debt)
    {
        var simulation = await (await _agent.PostAsJsonAsync("/api/v1/negotiations/simulate", Plan(debt, 5m, 285.00m, 2))).JsonAsync();
        Assert.That(simulation.GetProperty("requiredRole").GetString(), Is.EqualTo("supervisor"), simulation.ToString());
        var created = await _agent.PostAsJsonAsync("/api/v1/agreements", Plan(debt, 5m, 285.00m, 2));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await created.Content.ReadAsStringAsync());
        var agreement = await created.JsonAsync();
        Assert.That(agreement.GetProperty("status").GetString(), Is.EqualTo("pending_approval"));
        return agreement.GetProperty("id").GetGuid();
    }

    private async Task PayAsync(WalkDebt debt, decimal amount) =>
        (await _partner.PostAsJsonAsync($"/api/v1/partner/invoices/{debt.ExternalId}/payments",
            new { paymentId = "PAG-" + Guid.NewGuid().ToString("N")[..8], amount, paidAt = _app.Today.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
}
