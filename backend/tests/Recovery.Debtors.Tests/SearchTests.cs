namespace Recovery.Debtors.Tests;

/// <summary>GET /api/v1/debtors?query= over every name word, the document, contract ids, phones and e-mails (ADR 0020).</summary>
public sealed class SearchTests : PartnerFixture
{
    private static readonly Random Random = new();

    /// <summary>A word no other test's debtor has, made of letters only ("Qvxkjt…").</summary>
    private static string Unique() => "Q" + new string(Enumerable.Range(0, 7).Select(_ => (char)('a' + Random.Next(26))).ToArray());

    private static string MobileDigits() => $"{Random.Next(11, 99)}9{Random.Next(10_000_000, 99_999_999)}";

    private async Task<(Guid DebtorId, string ExternalId)> PushAsync(string name, string document, string email, string phone, string? externalId = null)
    {
        var body = Invoices.Example(externalId, document);
        body["debtor"]!["name"] = name;
        body["debtor"]!["emails"] = new JsonArray(email);
        body["debtor"]!["phones"] = new JsonArray(phone);
        var response = await Partner.PushAsync(body);
        Assert.That((int)response.StatusCode, Is.EqualTo(201).Or.EqualTo(200), await response.Content.ReadAsStringAsync());
        var invoice = await response.JsonAsync();
        return (invoice.GetProperty("debtorId").GetGuid(), invoice.GetProperty("externalId").GetString()!);
    }

    private async Task<List<(Guid Id, string MatchedBy)>> SearchAsync(HttpClient person, string query, string extra = "")
    {
        var response = await person.GetAsync($"/api/v1/debtors?query={Uri.EscapeDataString(query)}{extra}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), query);
        var found = await response.JsonAsync();
        return found.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("id").GetGuid(), i.GetProperty("matchedBy").GetString()!)).ToList();
    }

    [Test]
    public async Task Every_form_of_a_debtor_finds_it()
    {
        var surname = Unique();
        var cpf = TestData.Cpf();
        var phone = MobileDigits();
        var email = $"{surname.ToLowerInvariant()}.ferreira@exemplo.com.br";
        var (id, contract) = await PushAsync($"Maria {surname} da Conceição Silva", cpf, email, $"+55{phone}",
            externalId: $"CTR-{surname}/2026.01");
        var agent = await App.PersonAsync("agent");

        var forms = new (string Query, string MatchedBy)[]
        {
            (surname, "name"),                                            // a surname in the middle
            (surname.ToUpperInvariant(), "name"),                         // any case
            (surname[..4].ToLowerInvariant(), "name"),                    // a prefix of a word
            ($"conceic {surname[..5]}", "name"),                          // without accents, words in any order, prefixes
            ($"{surname} CONCEIÇÃO", "name"),
            (cpf, "document"),                                            // the document without punctuation
            ($"{cpf[..3]}.{cpf[3..6]}.{cpf[6..9]}-{cpf[9..]}", "document"), // and with it
            (contract, "contract"),                                       // the contract id as the partner sent it
            (contract.ToLowerInvariant().Replace("-", "").Replace("/", "").Replace(".", ""), "contract"), // without its punctuation
            ($"+55 ({phone[..2]}) {phone[2..7]}-{phone[7..]}", "phone"), // the phone with +55, formatted
            ($"{phone[..2]} {phone[2..]}", "phone"),                      // without +55
            ($"{phone[2..7]}-{phone[7..]}", "phone"),                     // without the area code
            (email.ToUpperInvariant(), "email"),                          // the e-mail, case-insensitive
        };
        foreach (var (query, matchedBy) in forms)
        {
            var found = await SearchAsync(agent, query);
            Assert.That(found, Does.Contain((id, matchedBy)), query);
        }
        Assert.That(await SearchAsync(agent, surname + "zz"), Is.Empty, "a longer word is not a prefix");
        Assert.That(await SearchAsync(agent, $"{surname} pereira"), Is.Empty, "every word must match");
    }

    [Test]
    public async Task An_alphanumeric_CNPJ_is_found_with_or_without_punctuation_in_any_case()
    {
        var cnpj = TestData.AlphanumericCnpj(Random);
        var (id, _) = await PushAsync($"Empresa {Unique()} Ltda", cnpj, "financeiro@example.com", "+551133334444");
        var agent = await App.PersonAsync("agent");
        var formatted = $"{cnpj[..2]}.{cnpj[2..5]}.{cnpj[5..8]}/{cnpj[8..12]}-{cnpj[12..]}";
        foreach (var query in new[] { cnpj, formatted, formatted.ToLowerInvariant() })
            Assert.That(await SearchAsync(agent, query), Does.Contain((id, "document")), query);
    }

    [Test]
    public async Task A_renamed_debtor_is_no_longer_found_by_the_old_name()
    {
        var old = Unique();
        var renamed = Unique();
        var cpf = TestData.Cpf();
        var (id, contract) = await PushAsync($"José {old}", cpf, "jose@example.com", "+5511912345678");
        var agent = await App.PersonAsync("agent");
        Assert.That((await SearchAsync(agent, old)).Select(f => f.Id), Does.Contain(id));

        await PushAsync($"José {renamed}", cpf, "jose@example.com", "+5511912345678", contract);

        Assert.That((await SearchAsync(agent, old)).Select(f => f.Id), Does.Not.Contain(id));
        Assert.That((await SearchAsync(agent, renamed)).Select(f => f.Id), Does.Contain(id));
        Assert.That((await SearchAsync(agent, "josé " + renamed[..3])).Select(f => f.Id), Does.Contain(id));
    }

    [Test]
    public async Task An_exact_document_or_contract_comes_before_names_and_prefixes()
    {
        // One debtor whose e-mail starts with the other's contract id, one named like it: the exact contract ranks first.
        var word = Unique().ToLowerInvariant();
        var (owner, contract) = await PushAsync($"Ana {Unique()}", TestData.Cpf(), "ana@example.com", "+5511900000001", externalId: word);
        var (named, _) = await PushAsync($"Bruno {word}", TestData.Cpf(), "bruno@example.com", "+5511900000002");
        var (mailed, _) = await PushAsync($"Carla {Unique()}", TestData.Cpf(), $"{word}x@example.com", "+5511900000003");
        var agent = await App.PersonAsync("agent");

        var found = await SearchAsync(agent, contract);
        Assert.That(found, Is.EqualTo(new[] { (owner, "contract"), (named, "name"), (mailed, "email") }));
    }

    [Test]
    public async Task Results_come_in_pages()
    {
        var surname = Unique();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await PushAsync($"Pessoa {surname}", TestData.Cpf(), $"p{i}@example.com", "+5511900000009")).DebtorId);
        var agent = await App.PersonAsync("agent");

        var first = await (await agent.GetAsync($"/api/v1/debtors?query={surname}&limit=2")).JsonAsync();
        Assert.That(first.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        Assert.That(first.GetProperty("nextOffset").GetInt32(), Is.EqualTo(2));
        var seen = new List<Guid>();
        for (int? offset = 0; offset is not null;)
        {
            var page = await (await agent.GetAsync($"/api/v1/debtors?query={surname}&limit=2&offset={offset}")).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            offset = page.GetProperty("nextOffset").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextOffset").GetInt32();
        }
        Assert.That(seen, Is.EquivalentTo(ids));
        await (await agent.GetAsync($"/api/v1/debtors?query={surname}&limit=51")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
