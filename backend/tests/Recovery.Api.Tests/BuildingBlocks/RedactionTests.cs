using Recovery.BuildingBlocks.Observability;

namespace Recovery.Api.Tests.BuildingBlocks;

/// <summary>What a log line or a span may carry of an exception's message or a request's path.</summary>
public sealed class RedactionTests
{
    [TestCase("5.1.1 <maria.silva@example.com>: Recipient address rejected", "5.1.1 <***>: Recipient address rejected")]
    [TestCase("/api/v1/lgpd/data-subjects/123.456.789-09", "/api/v1/lgpd/data-subjects/***")]
    [TestCase("/api/v1/lgpd/data-subjects/12345678909", "/api/v1/lgpd/data-subjects/***")]
    [TestCase("CNPJ 12.345.678/0001-95 refused", "CNPJ *** refused")]
    [TestCase("CNPJ 12.ABC.345/01DE-35 refused", "CNPJ *** refused")]
    [TestCase("/api/v1/lgpd/data-subjects/12abc34501de35", "/api/v1/lgpd/data-subjects/***")]
    [TestCase("creditor 12ABC34501DE35, debtor 123.456.789-09", "creditor ***, debtor ***")]
    [TestCase("SMS to +55 (11) 98765-4321 failed", "SMS to *** failed")]
    [TestCase("Cannot insert duplicate key row in object 'debtors.debtor' with unique index 'ux'. The duplicate key value is (Maria da Silva, 1980).",
        "Cannot insert duplicate key row in object 'debtors.debtor' with unique index 'ux'. The duplicate key value is (***).")]
    public void Personal_data_is_masked(string text, string expected) =>
        Assert.That(Redaction.Text(text), Is.EqualTo(expected));

    [TestCase("Event 0197e3a2-5b1c-7d4e-9f00-123456789abc failed (attempt 3)")]
    [TestCase("HTTP 503 after 1500 ms on 2026-09-01")]
    [TestCase("invoices[12].amount must be positive")]
    [TestCase("due 2026-09-01 10:00, 3 attempts")]
    [TestCase("template COBRANCA2026D05 and key ABCDEFGHIJKL12 kept")]
    public void Ids_codes_and_numbers_stay(string text) => Assert.That(Redaction.Text(text), Is.EqualTo(text));

    [Test]
    public void An_exception_logs_its_type_and_stack_with_the_messages_masked()
    {
        Exception caught;
        try { throw new InvalidOperationException("mail to joao@example.com failed", new IOException("phone 11987654321")); }
        catch (Exception ex) { caught = ex; }
        var logged = Redaction.Exception(caught).ToString();
        Assert.That(logged, Does.StartWith("System.InvalidOperationException: mail to *** failed"));
        Assert.That(logged, Does.Contain("System.IO.IOException: phone ***"));
        Assert.That(logged, Does.Contain(nameof(An_exception_logs_its_type_and_stack_with_the_messages_masked)), "the stack trace stays");
        Assert.That(logged, Does.Not.Contain("joao@").And.Not.Contain("987654321"));
    }
}
