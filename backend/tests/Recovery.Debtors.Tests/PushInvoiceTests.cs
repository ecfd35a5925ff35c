namespace Recovery.Debtors.Tests;

public sealed class PushInvoiceTests : PartnerFixture
{
    [Test]
    public async Task The_contract_example_creates_then_reports_unchanged_then_updated()
    {
        var body = Invoices.Example();
        var externalId = body["externalId"]!.GetValue<string>();

        var created = await Partner.PushAsync(body);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var invoice = await created.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(invoice.GetProperty("externalId").GetString(), Is.EqualTo(externalId));
            Assert.That(invoice.GetProperty("portfolio").GetString(), Is.EqualTo("varejo"));
            Assert.That(invoice.GetProperty("status").GetString(), Is.EqualTo("open"));
            Assert.That(invoice.GetProperty("amount").GetDecimal(), Is.EqualTo(1234.56m));
            Assert.That(invoice.GetProperty("outstanding").GetDecimal(), Is.EqualTo(1234.56m));
            Assert.That(invoice.GetProperty("issueDate").GetString(), Is.EqualTo("2026-08-01"));
            Assert.That(invoice.GetProperty("dueDate").GetString(), Is.EqualTo("2026-09-01"));
            Assert.That(invoice.GetProperty("debtorId").GetGuid(), Is.Not.EqualTo(Guid.Empty));
            Assert.That(created.Headers.Location!.ToString(), Does.EndWith(externalId));
        });

        var again = await Partner.PushAsync(body);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var unchanged = await again.JsonAsync();
        Assert.That(unchanged.GetProperty("updatedAt").GetDateTimeOffset(), Is.EqualTo(invoice.GetProperty("updatedAt").GetDateTimeOffset()));

        body["amount"] = 1500.10m;
        var changed = await Partner.PushAsync(body);
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var updated = await changed.JsonAsync();
        Assert.That(updated.GetProperty("id").GetGuid(), Is.EqualTo(invoice.GetProperty("id").GetGuid()));
        Assert.That(updated.GetProperty("amount").GetDecimal(), Is.EqualTo(1500.10m));
        Assert.That(updated.GetProperty("outstanding").GetDecimal(), Is.EqualTo(1500.10m));
        Assert.That((await Partner.InvoiceAsync(externalId)).GetProperty("amount").GetDecimal(), Is.EqualTo(1500.10m));
    }

    [Test]
    public async Task Only_the_required_fields_are_enough_and_defaultsApply()
    {
        var externalId = "MIN-" + Guid.NewGuid().ToString("N")[..8];
        var response = await Partner.PushAsync(new JsonObject
        {
            ["externalId"] = externalId,
            ["debtor"] = new JsonObject { ["document"] = TestData.Cpf(), ["name"] = "José" },
            ["amount"] = 10,
            ["dueDate"] = "2026-10-10",
        });
        var invoice = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(invoice.GetProperty("portfolio").GetString(), Is.EqualTo("default"));
        Assert.That(invoice.GetProperty("issueDate").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task The_same_document_is_one_debtor_across_creditors_whatever_its_punctuation()
    {
        var cpf = TestData.Cpf();
        var (other, _, _) = await App.PartnerAsync();
        var a = await (await Partner.PushAsync(Invoices.Example(document: cpf))).JsonAsync();
        var formatted = $"{cpf[..3]}.{cpf[3..6]}.{cpf[6..9]}-{cpf[9..]}";
        var b = await (await other.PushAsync(Invoices.Example(document: formatted))).JsonAsync();
        Assert.That(b.GetProperty("debtorId").GetGuid(), Is.EqualTo(a.GetProperty("debtorId").GetGuid()));
    }

    [Test]
    public async Task An_external_id_with_a_slash_is_reached_percent_encoded()
    {
        var externalId = "contrato/998:" + Guid.NewGuid().ToString("N")[..6];
        (await Partner.PushAsync(Invoices.Example(externalId))).EnsureSuccessStatusCode();
        var invoice = await Partner.InvoiceAsync(externalId);
        Assert.That(invoice.GetProperty("externalId").GetString(), Is.EqualTo(externalId));
    }

    [Test]
    public async Task Idempotency_key_replays_the_creation_and_refuses_another_body()
    {
        var key = Guid.NewGuid().ToString();
        var body = Invoices.Example();
        var first = await Partner.PushAsync(body, key);
        var replay = await Partner.PushAsync(body, key);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the first response, not a fresh 200");
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));

        body["amount"] = 1;
        var problem = await (await Partner.PushAsync(body, key)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/idempotency-key-reused"));
    }

    private static IEnumerable<TestCaseData> BadFields()
    {
        yield return Case("missing externalId", b => b.Remove("externalId"), "externalId");
        yield return Case("externalId with a space", b => b["externalId"] = "NF 1", "externalId");
        yield return Case("externalId of 65", b => b["externalId"] = new string('x', 65), "externalId");
        yield return Case("missing debtor", b => b.Remove("debtor"), "debtor");
        yield return Case("invalid CPF", b => b["debtor"]!["document"] = "123.456.789-00", "debtor.document");
        yield return Case("missing name", b => b["debtor"]!["name"] = "", "debtor.name");
        yield return Case("three decimals", b => b["amount"] = 10.001m, "amount");
        yield return Case("negative amount", b => b["amount"] = -5, "amount");
        yield return Case("zero amount", b => b["amount"] = 0, "amount");
        yield return Case("amount over the maximum", b => b["amount"] = 100_000_000.01m, "amount");
        yield return Case("missing dueDate", b => b.Remove("dueDate"), "dueDate");
        yield return Case("issue after due", b => b["issueDate"] = "2026-12-01", "issueDate");
        yield return Case("unknown UF", b => b["debtor"]!["address"]!["state"] = "XX", "debtor.address.state");
        yield return Case("bad CEP", b => b["debtor"]!["address"]!["postalCode"] = "123", "debtor.address.postalCode");
        yield return Case("bad e-mail", b => b["debtor"]!["emails"] = new JsonArray("not-an-email"), "debtor.emails[0]");
        yield return Case("bad phone", b => b["debtor"]!["phones"] = new JsonArray("12"), "debtor.phones[0]");
        yield return Case("fine over 100%", b => b["terms"]!["finePercent"] = 120, "terms.finePercent");
        yield return Case("unknown index", b => b["terms"]!["correctionIndex"] = "SELIC", "terms.correctionIndex");
        yield return Case("negative income", b => b["debtor"]!["monthlyIncome"] = -1, "debtor.monthlyIncome");

        static TestCaseData Case(string name, Action<JsonObject> spoil, string field) => new TestCaseData(spoil, field).SetName("Rejected: " + name);
    }

    [TestCaseSource(nameof(BadFields))]
    public async Task Each_bad_field_is_a_400_naming_it_and_nothing_is_stored(Action<JsonObject> spoil, string field)
    {
        var body = Invoices.Example();
        var externalId = body["externalId"]!.GetValue<string>();
        spoil(body);
        var problem = await (await Partner.PushAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, $"errors: {problem.GetProperty("errors")}");
        await (await Partner.GetAsync($"/api/v1/partner/invoices/{externalId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [TestCase("""{"externalId": "X1", "amount": "abc"}""", "amount")]
    [TestCase("""{"externalId": "X1", "dueDate": "2026-13-01"}""", "dueDate")]
    [TestCase("""{"externalId": "X1", "debtor": {"birthDate": "01/05/1980"}}""", "debtor.birthDate")]
    [TestCase("""{"externalId": 12}""", "externalId")]
    public async Task Wrong_types_and_impossible_dates_are_400_naming_the_field(string json, string field)
    {
        var problem = await (await Partner.PushRawAsync(json)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToString());
    }

    [Test]
    public async Task Malformed_json_is_400_and_a_10_MB_body_is_413()
    {
        await (await Partner.PushRawAsync("{ \"externalId\": ")).AssertProblemAsync(HttpStatusCode.BadRequest);
        var huge = "{\"description\": \"" + new string('a', 10 * 1024 * 1024) + "\"}";
        await (await Partner.PushRawAsync(huge)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task A_push_leaves_an_audit_entry_that_came_through_the_outbox()
    {
        var invoice = await (await Partner.PushAsync(Invoices.Example())).JsonAsync();
        var id = invoice.GetProperty("id").GetString();
        var admin = await App.AdminAsync();
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await admin.GetAsync($"/api/v1/audit?resource={id}")).JsonAsync()).GetProperty("items").GetArrayLength() == 1,
            "the invoice's audit entry");
    }
}
