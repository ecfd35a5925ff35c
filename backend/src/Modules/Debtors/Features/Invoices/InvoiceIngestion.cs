using System.Security.Cryptography;
using System.Text;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks.Observability;
using Recovery.Debtors.Contracts;

namespace Recovery.Debtors.Features.Invoices;

internal enum IngestOutcome { Created, Updated, Unchanged, Rejected }

internal sealed record IngestResult(int Index, string ExternalId, IngestOutcome Outcome, Guid? Id, IDictionary<string, string[]>? Errors);

/// <summary>One valid item of a push, and the JSON path prefix its errors are reported under ("" or "invoices[3].").</summary>
internal sealed record IngestItem(int Index, InvoiceInput Input, string Path);

/// <summary>
/// Upserts invoices (and their debtors, contacts and addresses) for one partner inside the caller's transaction:
/// a few set-based reads for the whole batch, then one write per change. Items are applied in order, so the same
/// external id twice in a batch ends as the later one says and both report what they did.
/// </summary>
internal sealed partial class InvoiceIngestion(TimeProvider clock)
{
    public const string DefaultPortfolio = "default";
    private static readonly HashSet<string> Locked = ["in_agreement", "paid", "cancelled"];

    public async Task<IReadOnlyList<IngestResult>> IngestAsync(DbSession tx, Guid partnerId, IReadOnlyList<IngestItem> items)
    {
        var now = clock.GetUtcNow();
        var normalized = items.Select(i => (Item: i, Value: Normalize(i.Input))).ToList();

        var portfolios = (await tx.QueryAsync<PortfolioRow>(
                "SELECT id, code, fine_bp, monthly_interest_bp, correction_index FROM debtors.portfolio WHERE partner_id = @PartnerId",
                new { PartnerId = partnerId }))
            .ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);

        // Each lookup is one statement over the whole batch: the keys travel as one JSON array parameter.
        var dialect = tx.Dialect;
        var debtors = (await tx.QueryAsync<DebtorRow>(
                $"SELECT id, document, name, birth_date, monthly_income_cents FROM debtors.debtor WHERE document IN ({dialect.JsonTexts("@Documents")})",
                new { Documents = dialect.JsonArray(normalized.Select(n => n.Value.Document).Distinct()) }))
            .ToDictionary(d => d.Document);

        var contacts = debtors.Count == 0
            ? []
            : (await tx.QueryAsync<ContactRow>(
                    $"SELECT debtor_id, channel, value FROM debtors.contact WHERE debtor_id IN ({dialect.JsonIds("@Ids")})",
                    new { Ids = dialect.JsonArray(debtors.Values.Select(d => d.Id)) }))
                .Select(c => (c.DebtorId, c.Channel, c.Value)).ToHashSet();

        var invoices = (await tx.QueryAsync<InvoiceRow>(
                $"""
                SELECT id, external_id, debtor_id, status, amount_cents, outstanding_cents, credit_cents, due_date, content_hash, version
                  FROM debtors.invoice WHERE partner_id = @PartnerId AND external_id IN ({dialect.JsonTexts("@Ids")})
                """, new { PartnerId = partnerId, Ids = dialect.JsonArray(normalized.Select(n => n.Value.ExternalId).Distinct()) }))
            .ToDictionary(i => i.ExternalId, StringComparer.Ordinal);

        using var sql = new Statements(tx);
        var results = new List<IngestResult>(items.Count);
        foreach (var (item, n) in normalized)
        {
            var raced = false;
            retry:;
            invoices.TryGetValue(n.ExternalId, out var existing);
            if (existing is not null && existing.ContentHash.Trim() == n.Hash)
            {
                results.Add(new IngestResult(item.Index, n.ExternalId, IngestOutcome.Unchanged, existing.Id, null));
                continue;
            }
            if (existing is not null && Locked.Contains(existing.Status)
                && (existing.AmountCents != n.AmountCents || existing.DueDate != n.DueDate))
            {
                var field = existing.AmountCents != n.AmountCents ? "amount" : "dueDate";
                results.Add(new IngestResult(item.Index, n.ExternalId, IngestOutcome.Rejected, existing.Id,
                    new Dictionary<string, string[]>
                    {
                        [item.Path + field] = [$"{field} cannot change while the invoice is {existing.Status}"],
                    }));
                continue;
            }

            var portfolio = await PortfolioAsync(tx, partnerId, n.PortfolioCode, portfolios, now);
            var debtor = await DebtorAsync(tx, sql, n, debtors, now);
            await ContactsAsync(tx, sql, partnerId, debtor.Id, n, contacts, now);
            if (n.Address is not null) await AddressAsync(tx, partnerId, debtor.Id, n.Address, now);

            var fine = n.FineBp ?? portfolio.FineBp;
            // A contract that agreed no rate owes the legal rate, and with no index agreed either, correction by IPCA
            // (Civil Code arts. 389 and 406, Lei 14.905/2024): the portfolio's defaults stand for agreed terms only.
            var interest = n.InterestAgreed ? n.InterestBp ?? portfolio.MonthlyInterestBp : 0;
            var index = n.CorrectionIndex ?? (n.InterestAgreed ? portfolio.CorrectionIndex : "IPCA");
            var id = existing?.Id ?? Guid.CreateVersion7();
            // A new amount moves the outstanding by the difference: what was paid stays paid.
            var outstanding = existing is null ? n.AmountCents : Math.Max(0, existing.OutstandingCents + n.AmountCents - existing.AmountCents);
            var status = existing?.Status ?? "open";
            var credit = existing?.CreditCents ?? 0;
            var version = (existing?.Version ?? 0) + 1;
            if (existing is null)
            {
                if (!await InsertedAsync(tx, () => sql.InsertInvoice.ExecuteAsync(id, partnerId, n.ExternalId, portfolio.Id, debtor.Id, n.AmountCents,
                        outstanding, n.IssueDate, n.DueDate, n.Description, fine, interest, n.InterestAgreed, index, n.Consumer, n.Hash, now)))
                {
                    // A concurrent request created the same invoice first (SQL Server): this item is taken again against theirs.
                    if (raced) throw new InvalidOperationException($"invoice {n.ExternalId} raced twice");
                    raced = true;
                    invoices[n.ExternalId] = await tx.QuerySingleOrDefaultAsync<InvoiceRow>(
                        """
                        SELECT id, external_id, debtor_id, status, amount_cents, outstanding_cents, credit_cents, due_date, content_hash, version
                          FROM debtors.invoice WHERE partner_id = @PartnerId AND external_id = @ExternalId
                        """, new { PartnerId = partnerId, n.ExternalId }) ?? throw new InvalidOperationException("the invoice that won the insert is gone");
                    goto retry;
                }
                await sql.Search.AddContractAsync(debtor.Id, n.ExternalId);
            }
            else
            {
                await sql.UpdateInvoice.ExecuteAsync(portfolio.Id, debtor.Id, n.AmountCents, outstanding, n.IssueDate, n.DueDate,
                    n.Description, fine, interest, n.InterestAgreed, index, n.Consumer, n.Hash, now, version, id);
                if (existing.DebtorId != debtor.Id)   // the contract moved to another document: its id finds the new debtor
                {
                    await sql.Search.AddContractAsync(debtor.Id, n.ExternalId);
                    await sql.Search.RefreshContractsAsync(existing.DebtorId);
                }
            }
            // The row was written just above in this transaction: its state is known without reading it back.
            await tx.PublishAsync(new DebtStateChanged(id, debtor.Id, partnerId, portfolio.Id, portfolio.Code, n.ExternalId, EventCodes.Parse<DebtStatus>(status),
                n.AmountCents, outstanding, credit, n.DueDate, n.Consumer, version, existing is null ? DebtChange.Received : DebtChange.Updated,
                n.Address?.State, debtor.MonthlyIncomeCents), now);

            invoices[n.ExternalId] = new InvoiceRow
            {
                Id = id, ExternalId = n.ExternalId, DebtorId = debtor.Id, Status = status, AmountCents = n.AmountCents,
                OutstandingCents = outstanding, CreditCents = credit, DueDate = n.DueDate, ContentHash = n.Hash, Version = version,
            };
            results.Add(new IngestResult(item.Index, n.ExternalId, existing is null ? IngestOutcome.Created : IngestOutcome.Updated, id, null));
        }
        Measure(tx, results);
        return results;
    }

    /// <summary>A refusal counts at once (nothing is stored either way); what is stored counts once it commits.</summary>
    private static void Measure(DbSession tx, List<IngestResult> results)
    {
        RecoveryMetrics.InvoiceRejected("locked", results.Count(r => r.Outcome == IngestOutcome.Rejected));
        var accepted = results.Where(r => r.Outcome != IngestOutcome.Rejected).GroupBy(r => r.Outcome)
            .Select(g => (Outcome: g.Key.ToString().ToLowerInvariant(), Count: g.Count())).ToList();
        if (accepted.Count > 0) tx.AfterCommit(() => accepted.ForEach(a => RecoveryMetrics.InvoiceAccepted(a.Outcome, a.Count)));
    }

    private static async Task<PortfolioRow> PortfolioAsync(DbSession tx, Guid partnerId, string code,
        Dictionary<string, PortfolioRow> portfolios, DateTimeOffset now)
    {
        if (portfolios.TryGetValue(code, out var known)) return known;
        // A portfolio a partner names for the first time is created with the default terms (2% fine, 1% a month,
        // IPCA); an administrator can tune it later.
        var created = new PortfolioRow { Id = Guid.CreateVersion7(), Code = code, FineBp = 200, MonthlyInterestBp = 100, CorrectionIndex = "IPCA" };
        var inserted = await InsertedAsync(tx, () => tx.ExecuteAsync(
            """
            INSERT INTO debtors.portfolio (id, partner_id, code, name, fine_bp, monthly_interest_bp, correction_index, created_at)
            VALUES (@Id, @PartnerId, @Code, @Name, @FineBp, @MonthlyInterestBp, @CorrectionIndex, @Now)
            """,
            new { created.Id, PartnerId = partnerId, created.Code, Name = code == DefaultPortfolio ? "Carteira padrão" : code,
                  created.FineBp, created.MonthlyInterestBp, created.CorrectionIndex, Now = now }));
        if (!inserted)   // a concurrent request named it first: theirs is the portfolio
            created = await tx.QuerySingleOrDefaultAsync<PortfolioRow>(
                "SELECT id, code, fine_bp, monthly_interest_bp, correction_index FROM debtors.portfolio WHERE partner_id = @PartnerId AND code = @Code",
                new { PartnerId = partnerId, Code = code }) ?? throw new InvalidOperationException("the portfolio that won the insert is gone");
        portfolios[code] = created;
        return created;
    }

    private static async Task<DebtorRow> DebtorAsync(DbSession tx, Statements sql, Normalized n, Dictionary<string, DebtorRow> debtors, DateTimeOffset now)
    {
        if (!debtors.TryGetValue(n.Document, out var debtor))
        {
            debtor = new DebtorRow { Id = Guid.CreateVersion7(), Document = n.Document, Name = n.DebtorName, BirthDate = n.BirthDate, MonthlyIncomeCents = n.IncomeCents };
            var fresh = debtor;
            if (await InsertedAsync(tx, () => sql.InsertDebtor.ExecuteAsync(fresh.Id, n.Document, n.Document.Length == 11 ? "cpf" : "cnpj", n.DebtorName,
                    n.BirthDate, n.IncomeCents, now)))
            {
                await sql.Search.AddDebtorAsync(fresh.Id, n.DebtorName, n.Document);
                debtors[n.Document] = debtor;
                return debtor;
            }
            // A concurrent request created the same debtor first (SQL Server): theirs is the debtor, updated below.
            debtor = await tx.QuerySingleOrDefaultAsync<DebtorRow>(
                "SELECT id, document, name, birth_date, monthly_income_cents FROM debtors.debtor WHERE document = @Document", new { n.Document })
                ?? throw new InvalidOperationException("the debtor that won the insert is gone");
            debtors[n.Document] = debtor;
        }
        // What a partner leaves out keeps its value; what it sends is the newest word.
        var birth = n.BirthDate ?? debtor.BirthDate;
        var income = n.IncomeCents ?? debtor.MonthlyIncomeCents;
        if (debtor.Name != n.DebtorName || debtor.BirthDate != birth || debtor.MonthlyIncomeCents != income)
        {
            await tx.ExecuteAsync(
                """
                UPDATE debtors.debtor SET name = @Name, birth_date = @BirthDate,
                       monthly_income_cents = @Income, updated_at = @Now WHERE id = @Id
                """,
                new { debtor.Id, Name = n.DebtorName, BirthDate = birth, Income = income, Now = now });
            if (debtor.Name != n.DebtorName) await sql.Search.RenameAsync(debtor.Id, n.DebtorName);
            debtor = new DebtorRow { Id = debtor.Id, Document = debtor.Document, Name = n.DebtorName, BirthDate = birth, MonthlyIncomeCents = income };
            debtors[n.Document] = debtor;
        }
        return debtor;
    }

    private static async Task ContactsAsync(DbSession tx, Statements sql, Guid partnerId, Guid debtorId, Normalized n,
        HashSet<(Guid, string, string)> contacts, DateTimeOffset now)
    {
        foreach (var (channel, value) in n.Emails.Select(e => ("email", e)).Concat(n.Phones.Select(p => ("phone", p))))
        {
            if (!contacts.Add((debtorId, channel, value))) continue;
            if (await InsertedAsync(tx, () => sql.InsertContact.ExecuteAsync(Guid.CreateVersion7(), debtorId, channel, value, partnerId, now)))
                await sql.Search.AddContactAsync(debtorId, channel, value);
        }
    }

    private static async Task AddressAsync(DbSession tx, Guid partnerId, Guid debtorId, AddressInput a, DateTimeOffset now)
    {
        var args = new
        {
            DebtorId = debtorId, a.Street, a.Number, a.Complement, a.District, a.City, a.State, a.PostalCode, PartnerId = partnerId, Now = now,
        };
        var updated = await tx.ExecuteAsync(
            """
            UPDATE debtors.address SET street = @Street, number = @Number, complement = @Complement, district = @District,
                   city = @City, state = @State, postal_code = @PostalCode, source_partner_id = @PartnerId, updated_at = @Now
             WHERE debtor_id = @DebtorId
            """, args);
        if (updated == 0)
            await InsertedAsync(tx, () => tx.ExecuteAsync(
                """
                INSERT INTO debtors.address (debtor_id, street, number, complement, district, city, state, postal_code, source_partner_id, updated_at)
                VALUES (@DebtorId, @Street, @Number, @Complement, @District, @City, @State, @PostalCode, @PartnerId, @Now)
                """, args));
    }

    /// <summary>
    /// Runs an insert and tells whether it added the row: false when a concurrent request added the same key first (a
    /// unique violation, which SQL Server raises once the other transaction commits; SQLite's writers never meet). The
    /// failed statement leaves the transaction usable, so the caller goes on with the winner's row.
    /// </summary>
    private static async Task<bool> InsertedAsync(DbSession tx, Func<Task> insert)
    {
        try
        {
            await insert();
            return true;
        }
        catch (Exception ex) when (tx.Dialect.IsUniqueViolation(ex))
        {
            return false;
        }
    }
}
