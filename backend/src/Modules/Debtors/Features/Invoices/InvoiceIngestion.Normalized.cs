using System.Security.Cryptography;
using System.Text;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>How an item is normalised and fingerprinted, and the statements and rows of an ingestion.</summary>
internal sealed partial class InvoiceIngestion
{
    private static Normalized Normalize(InvoiceInput i)
    {
        var d = i.Debtor!;
        var document = Documents.Normalize(d.Document)!;
        var emails = (d.Emails ?? []).Select(e => e.Trim().ToLowerInvariant()).Distinct().ToList();
        var phones = (d.Phones ?? []).Select(p => InvoiceRules.NormalizePhone(p)!).Distinct().ToList();
        var address = d.Address is null ? null : new AddressInput(Trim(d.Address.Street), Trim(d.Address.Number), Trim(d.Address.Complement),
            Trim(d.Address.District), Trim(d.Address.City), d.Address.State?.Trim().ToUpperInvariant(), InvoiceRules.NormalizePostalCode(d.Address.PostalCode));
        var n = new Normalized
        {
            ExternalId = i.ExternalId!,
            PortfolioCode = string.IsNullOrWhiteSpace(i.Portfolio) ? DefaultPortfolio : i.Portfolio.Trim(),
            Document = document,
            DebtorName = d.Name!.Trim(),
            BirthDate = d.BirthDate,
            IncomeCents = d.MonthlyIncome is { } income ? Money.ToCents(income) : null,
            Emails = emails,
            Phones = phones,
            Address = address,
            AmountCents = Money.ToCents(i.Amount!.Value),
            IssueDate = i.IssueDate,
            DueDate = i.DueDate!.Value,
            Description = Trim(i.Description),
            FineBp = i.Terms?.FinePercent is { } f ? InvoiceRules.BasisPoints(f) : null,
            InterestBp = i.Terms?.MonthlyInterestPercent is { } m ? InvoiceRules.BasisPoints(m) : null,
            InterestAgreed = i.Terms?.InterestAgreed ?? true,
            CorrectionIndex = InvoiceRules.NormalizeIndex(i.Terms?.CorrectionIndex),
            // Consumer protection applies to people by default (CDC); companies are not consumers unless told so.
            Consumer = i.Consumer ?? document.Length == 11,
        };
        n.Hash = Hash(n);
        return n;
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Hash(Normalized n)
    {
        var a = n.Address;
        var canonical = string.Join('\u001f', n.PortfolioCode.ToLowerInvariant(), n.Document, n.DebtorName, n.BirthDate, n.IncomeCents,
            string.Join(',', n.Emails), string.Join(',', n.Phones),
            a is null ? "" : string.Join('|', a.Street, a.Number, a.Complement, a.District, a.City, a.State, a.PostalCode),
            n.AmountCents, n.IssueDate, n.DueDate, n.Description, n.FineBp, n.InterestBp, n.CorrectionIndex, n.Consumer)
            // Appended only when set, so the fingerprints of invoices stored before the field existed stay the same.
            + (n.InterestAgreed ? "" : "\u001flegal-rate");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The per-row statements of a batch, each prepared once on first use.</summary>
    private sealed class Statements(DbSession tx) : IDisposable
    {
        private PreparedStatement? _insertInvoice, _updateInvoice, _insertDebtor, _insertContact;
        private Debtors.SearchIndex? _search;

        public Debtors.SearchIndex Search => _search ??= new Debtors.SearchIndex(tx);

        public PreparedStatement InsertInvoice => _insertInvoice ??= tx.Prepare(
            """
            INSERT INTO debtors.invoice
                (id, partner_id, external_id, portfolio_id, debtor_id, status, amount_cents, outstanding_cents, credit_cents,
                 issue_date, due_date, description, fine_bp, monthly_interest_bp, interest_agreed, correction_index, is_consumer,
                 content_hash, created_at, updated_at, version)
            VALUES
                (@Id, @PartnerId, @ExternalId, @PortfolioId, @DebtorId, 'open', @AmountCents, @Outstanding, 0,
                 @IssueDate, @DueDate, @Description, @Fine, @Interest, @Agreed, @Index, @Consumer, @Hash, @Now, @Now, 1)
            """,
            "Id", "PartnerId", "ExternalId", "PortfolioId", "DebtorId", "AmountCents", "Outstanding",
            "IssueDate", "DueDate", "Description", "Fine", "Interest", "Agreed", "Index", "Consumer", "Hash", "Now");

        public PreparedStatement UpdateInvoice => _updateInvoice ??= tx.Prepare(
            """
            UPDATE debtors.invoice
               SET portfolio_id = @PortfolioId, debtor_id = @DebtorId, amount_cents = @AmountCents,
                   outstanding_cents = @Outstanding, issue_date = @IssueDate, due_date = @DueDate,
                   description = @Description, fine_bp = @Fine, monthly_interest_bp = @Interest, interest_agreed = @Agreed,
                   correction_index = @Index, is_consumer = @Consumer, content_hash = @Hash, updated_at = @Now,
                   version = @Version
             WHERE id = @Id
            """,
            "PortfolioId", "DebtorId", "AmountCents", "Outstanding", "IssueDate", "DueDate", "Description", "Fine", "Interest",
            "Agreed", "Index", "Consumer", "Hash", "Now", "Version", "Id");

        public PreparedStatement InsertDebtor => _insertDebtor ??= tx.Prepare(
            """
            INSERT INTO debtors.debtor (id, document, kind, name, birth_date, monthly_income_cents, created_at, updated_at)
            VALUES (@Id, @Document, @Kind, @Name, @BirthDate, @IncomeCents, @Now, @Now)
            """,
            "Id", "Document", "Kind", "Name", "BirthDate", "IncomeCents", "Now");

        public PreparedStatement InsertContact => _insertContact ??= tx.Prepare(
            """
            INSERT INTO debtors.contact (id, debtor_id, channel, value, source_partner_id, is_valid, created_at)
            VALUES (@Id, @DebtorId, @Channel, @Value, @PartnerId, 1, @Now)
            """,
            "Id", "DebtorId", "Channel", "Value", "PartnerId", "Now");

        public void Dispose()
        {
            _insertInvoice?.Dispose();
            _updateInvoice?.Dispose();
            _insertDebtor?.Dispose();
            _insertContact?.Dispose();
            _search?.Dispose();
        }
    }

    private sealed class Normalized
    {
        public required string ExternalId { get; init; }
        public required string PortfolioCode { get; init; }
        public required string Document { get; init; }
        public required string DebtorName { get; init; }
        public DateOnly? BirthDate { get; init; }
        public long? IncomeCents { get; init; }
        public required List<string> Emails { get; init; }
        public required List<string> Phones { get; init; }
        public AddressInput? Address { get; init; }
        public long AmountCents { get; init; }
        public DateOnly? IssueDate { get; init; }
        public DateOnly DueDate { get; init; }
        public string? Description { get; init; }
        public int? FineBp { get; init; }
        public int? InterestBp { get; init; }
        public bool InterestAgreed { get; init; } = true;
        public string? CorrectionIndex { get; init; }
        public bool Consumer { get; init; }
        public string Hash { get; set; } = "";
    }

    private sealed class PortfolioRow
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public int FineBp { get; init; }
        public int MonthlyInterestBp { get; init; }
        public string CorrectionIndex { get; init; } = "";
    }

    private sealed class DebtorRow
    {
        public Guid Id { get; init; }
        public string Document { get; init; } = "";
        public string Name { get; init; } = "";
        public DateOnly? BirthDate { get; init; }
        public long? MonthlyIncomeCents { get; init; }
    }

    private sealed class ContactRow
    {
        public Guid DebtorId { get; init; }
        public string Channel { get; init; } = "";
        public string Value { get; init; } = "";
    }

    private sealed class InvoiceRow
    {
        public Guid Id { get; init; }
        public string ExternalId { get; init; } = "";
        public Guid DebtorId { get; init; }
        public string Status { get; init; } = "";
        public long AmountCents { get; init; }
        public long OutstandingCents { get; init; }
        public long CreditCents { get; init; }
        public DateOnly DueDate { get; init; }
        public string ContentHash { get; init; } = "";
        public long Version { get; init; }
    }
}
