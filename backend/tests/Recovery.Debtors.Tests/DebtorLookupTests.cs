namespace Recovery.Debtors.Tests;

public sealed class DebtorLookupTests : PartnerFixture
{
    private async Task<(string Cpf, Guid DebtorId)> PushForAsync(string name)
    {
        var cpf = TestData.Cpf();
        var body = Invoices.Example(document: cpf);
        body["debtor"]!["name"] = name;
        var invoice = await (await Partner.PushAsync(body)).JsonAsync();
        return (cpf, invoice.GetProperty("debtorId").GetGuid());
    }

    [Test]
    public async Task An_agent_finds_a_debtor_by_CPF_with_any_punctuation_and_sees_it_masked()
    {
        var (cpf, debtorId) = await PushForAsync("Maria da Silva");
        var agent = await App.PersonAsync("agent");
        foreach (var query in new[] { cpf, $"{cpf[..3]}.{cpf[3..6]}.{cpf[6..9]}-{cpf[9..]}" })
        {
            var found = await (await agent.GetAsync($"/api/v1/debtors?query={Uri.EscapeDataString(query)}")).JsonAsync();
            var item = found.GetProperty("items").EnumerateArray().Single();
            Assert.That(item.GetProperty("id").GetGuid(), Is.EqualTo(debtorId));
            Assert.That(item.GetProperty("document").GetString(), Is.EqualTo($"***.{cpf[3..6]}.{cpf[6..9]}-**"));
            Assert.That(item.GetProperty("outstanding").GetDecimal(), Is.EqualTo(1234.56m));
            Assert.That(item.ToString(), Does.Not.Contain(cpf));
        }
    }

    [Test]
    public async Task Names_match_by_prefix_whatever_the_case_and_accents()
    {
        var unique = "Zélia" + Guid.NewGuid().ToString("N")[..6];
        var (_, debtorId) = await PushForAsync($"{unique} Conceição");
        var agent = await App.PersonAsync("agent");
        foreach (var query in new[] { unique.ToLowerInvariant().Replace("é", "e"), unique.ToUpperInvariant(), $"{unique} conceicao" })
        {
            var found = await (await agent.GetAsync($"/api/v1/debtors?query={Uri.EscapeDataString(query)}")).JsonAsync();
            Assert.That(found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()), Does.Contain(debtorId), query);
        }
        var none = await (await agent.GetAsync("/api/v1/debtors?query=Xyzzy-nobody")).JsonAsync();
        Assert.That(none.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task An_empty_or_one_letter_query_is_400()
    {
        var agent = await App.PersonAsync("agent");
        (await (await agent.GetAsync("/api/v1/debtors")).AssertProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("query");
        Assert.That((await (await agent.GetAsync("/api/v1/debtors?query=a")).AssertProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("query"), Is.Not.Empty);
        await (await App.Anonymous().GetAsync("/api/v1/debtors?query=maria")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task The_debtor_screen_has_contacts_address_and_debts_with_the_document_masked()
    {
        var (cpf, debtorId) = await PushForAsync("Ana Paula");
        var agent = await App.PersonAsync("agent");
        var debtor = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync();
        Assert.That(debtor.GetProperty("name").GetString(), Is.EqualTo("Ana Paula"));
        Assert.That(debtor.GetProperty("document").GetString(), Does.StartWith("***."));
        Assert.That(debtor.GetProperty("documentRevealed").GetBoolean(), Is.False);
        Assert.That(debtor.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("value").GetString()),
            Is.EquivalentTo(new[] { "maria@example.com", "+5511987654321" }));
        Assert.That(debtor.GetProperty("address").GetProperty("state").GetString(), Is.EqualTo("SP"));
        Assert.That(debtor.GetProperty("invoices").GetArrayLength(), Is.EqualTo(1));
        Assert.That(debtor.GetProperty("monthlyIncome").GetDecimal(), Is.EqualTo(3200m));
        Assert.That(debtor.ToString(), Does.Not.Contain(cpf));
        await (await agent.GetAsync($"/api/v1/debtors/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Revealing_the_document_is_logged_and_auditors_may_not()
    {
        var (cpf, debtorId) = await PushForAsync("Carlos Lima");
        var agent = await App.PersonAsync("agent");
        var revealed = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}?reveal=true")).JsonAsync();
        Assert.That(revealed.GetProperty("document").GetString(), Is.EqualTo($"{cpf[..3]}.{cpf[3..6]}.{cpf[6..9]}-{cpf[9..]}"));

        var auditor = await App.PersonAsync("auditor");
        await (await auditor.GetAsync($"/api/v1/debtors/{debtorId}?reveal=true")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var log = await (await auditor.GetAsync($"/api/v1/audit?resource={debtorId}")).JsonAsync();
        var entry = log.GetProperty("items").EnumerateArray().Single();
        Assert.That(entry.GetProperty("action").GetString(), Is.EqualTo("ViewFullPersonalData"));
        Assert.That(entry.GetProperty("actorRole").GetString(), Is.EqualTo("agent"));
    }
}
