using FsCheck;
using FsCheck.Fluent;
using Recovery.BuildingBlocks;

namespace Recovery.Api.Tests.BuildingBlocks;

public sealed class DocumentsTests
{
    [TestCase("123.456.789-09", "12345678909")]
    [TestCase("12345678909", "12345678909")]
    [TestCase("11.222.333/0001-81", "11222333000181")]
    [TestCase(" 11222333000181 ", "11222333000181")]
    [TestCase("12.ABC.345/01DE-35", "12ABC34501DE35")]   // alphanumeric CNPJ, IN RFB 2.229/2024
    [TestCase("12.abc.345/01de-35", "12ABC34501DE35")]
    [TestCase("12ABC34501DE35", "12ABC34501DE35")]
    public void Valid_documents_normalise_to_their_digits(string input, string expected) =>
        Assert.That(Documents.Normalize(input), Is.EqualTo(expected));

    [TestCase("123.456.789-00")]      // wrong check digits
    [TestCase("111.111.111-11")]      // repeated digits pass the arithmetic but are not issued
    [TestCase("11.222.333/0001-82")]
    [TestCase("1234567890")]
    [TestCase("123456789091")]
    [TestCase("123.456.789-0x")]
    [TestCase("12.ABC.345/01DE-36")]  // wrong check digit
    [TestCase("12.ABC.345/01DE-3A")]  // check digits are digits
    [TestCase("1234567890A")]         // a CPF has no letters
    [TestCase("12.ABÇ.345/01DE-35")]  // letters are A to Z
    [TestCase("")]
    [TestCase(null)]
    public void Invalid_documents_are_refused(string? input) => Assert.That(Documents.Normalize(input), Is.Null);

    [Test]
    public void Masks_hide_the_first_and_last_digits() =>
        Assert.Multiple(() =>
        {
            Assert.That(Documents.Mask("12345678909"), Is.EqualTo("***.456.789-**"));
            Assert.That(Documents.Format("12345678909"), Is.EqualTo("123.456.789-09"));
            Assert.That(Documents.Format("11222333000181"), Is.EqualTo("11.222.333/0001-81"));
            Assert.That(Documents.Format("12ABC34501DE35"), Is.EqualTo("12.ABC.345/01DE-35"));
            Assert.That(Documents.Mask("12ABC34501DE35"), Is.EqualTo("**.ABC.345/01DE-**"));
        });

    [Test]
    public void Any_generated_CPF_or_CNPJ_is_valid_formatted_or_not_and_a_changed_check_digit_breaks_it()
    {
        var docs = Gen.Choose(0, 1).Select(kind => kind == 0
            ? Infrastructure.TestData.Cpf()
            : new string(Infrastructure.TestData.Cnpj().Where(char.IsDigit).ToArray()));
        // Only the check digits: the modulus-11 rule folds remainders 0 and 1 into the same digit, so some changes to the
        // other digits go unnoticed by design of the Receita's algorithm.
        Prop.ForAll(docs.ToArbitrary(), Gen.Choose(1, 2).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (string doc, int fromEnd, int delta) =>
        {
            var ok = Documents.Normalize(doc) == doc && Documents.Normalize(Documents.Format(doc)) == doc;
            var i = doc.Length - fromEnd;
            var changed = doc[..i] + (char)('0' + (doc[i] - '0' + delta) % 10) + doc[(i + 1)..];
            return ok && Documents.Normalize(changed) is null;
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Any_alphanumeric_CNPJ_is_valid_in_any_case_and_punctuation_and_a_changed_check_digit_breaks_it()
    {
        var cnpjs = Gen.Choose(0, int.MaxValue).Select(seed => Infrastructure.TestData.AlphanumericCnpj(new Random(seed)));
        Prop.ForAll(cnpjs.ToArbitrary(), Gen.Choose(1, 2).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (string cnpj, int fromEnd, int delta) =>
        {
            var stored = Documents.Normalize(cnpj) == cnpj
                && Documents.Normalize(cnpj.ToLowerInvariant()) == cnpj
                && Documents.Normalize(Documents.Format(cnpj).ToLowerInvariant()) == cnpj
                && Documents.KindOf(cnpj) == DocumentKind.Cnpj;
            var i = cnpj.Length - fromEnd;
            var changed = cnpj[..i] + (char)('0' + (cnpj[i] - '0' + delta) % 10) + cnpj[(i + 1)..];
            return stored && Documents.Normalize(changed) is null;
        }).QuickCheckThrowOnFailure();
    }
}
