using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Tests;

/// <summary>The pure part of the search: which tokens a debtor has, and how a query is taken apart.</summary>
public sealed class SearchTokensTests
{
    [Test]
    public void A_name_gives_each_word_lower_case_without_accents()
    {
        Assert.That(SearchTokens.NameWords("  Maria Ferreira da  CONCEIÇÃO "), Is.EqualTo(new[] { "maria", "ferreira", "da", "conceicao" }));
        Assert.That(SearchTokens.NameWords("Ana-Maria D'Ávila Ana"), Is.EqualTo(new[] { "ana", "maria", "d", "avila" }));
    }

    [Test]
    public void A_phone_is_found_with_and_without_the_country_and_area_codes()
    {
        Assert.That(SearchTokens.PhoneTokens("+5511987654321"), Is.EqualTo(new[] { "5511987654321", "11987654321", "987654321" }));
        Assert.That(SearchTokens.PhoneTokens("+14155550100"), Is.EqualTo(new[] { "14155550100" }));
    }

    [Test]
    public void A_contract_id_is_kept_as_sent_and_without_its_punctuation()
    {
        Assert.That(SearchTokens.ContractTokens("NF-2026/001"), Is.EqualTo(new[] { "nf-2026/001", "nf2026001" }));
        Assert.That(SearchTokens.ContractTokens("ABC123"), Is.EqualTo(new[] { "abc123" }));
    }

    [Test]
    public void A_query_gives_its_whole_text_its_letters_and_digits_and_its_words_longest_first()
    {
        var q = SearchTokens.Parse("Conceição  FERR");
        Assert.That((q.Whole, q.Compact), Is.EqualTo(("conceicao ferr", "conceicaoferr")));
        Assert.That(q.Words, Is.EqualTo(new[] { "conceicao", "ferr" }));
        Assert.That(SearchTokens.Parse("12.ABC.345/01DE-35").Compact, Is.EqualTo("12abc34501de35"));
        Assert.That(SearchTokens.Parse("+55 (11) 98765-4321").Compact, Is.EqualTo("5511987654321"));
        Assert.That(SearchTokens.Parse("+55 (11) 98765-4321").Words, Is.Empty, "no letter: not a name");
        Assert.That(SearchTokens.Parse("Maria@Example.com").Words, Is.Empty, "an e-mail is not a name");
    }

    [Test]
    public void A_prefix_range_ends_just_after_every_string_that_starts_with_it()
    {
        Assert.That(SearchTokens.PrefixEnd("silv"), Is.EqualTo("silw"));
        Assert.That(string.CompareOrdinal("silva", SearchTokens.PrefixEnd("silv")), Is.LessThan(0));
        Assert.That(string.CompareOrdinal("silw", SearchTokens.PrefixEnd("silv")), Is.Zero);
    }
}
