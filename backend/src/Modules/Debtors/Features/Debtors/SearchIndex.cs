using Recovery.BuildingBlocks.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// Keeps debtors.search_token in step with the names, documents, contacts and invoices it indexes, inside the caller's
/// transaction: whoever writes one of those writes its tokens in the same commit (ADR 0020). The insert is prepared once
/// per transaction, for the bulk paths.
/// </summary>
internal sealed class SearchIndex(DbSession tx) : IDisposable
{
    private PreparedStatement? _insert;

    // The guard makes a token already there (a second phone with the same local number) a no-op on both engines; a
    // concurrent writer of the same token (SQL Server) is a unique violation, taken as the same no-op.
    private PreparedStatement Insert => _insert ??= tx.Prepare(
        """
        INSERT INTO debtors.search_token (kind, token, debtor_id)
        SELECT @Kind, @Token, @DebtorId
         WHERE NOT EXISTS (SELECT 1 FROM debtors.search_token WHERE kind = @Kind AND token = @Token AND debtor_id = @DebtorId)
        """,
        "Kind", "Token", "DebtorId");

    public async Task AddDebtorAsync(Guid debtorId, string name, string document)
    {
        await AddAsync(debtorId, SearchTokens.Name, SearchTokens.NameWords(name));
        await AddAsync(debtorId, SearchTokens.Document, [SearchTokens.DocumentToken(document)]);
    }

    /// <summary>A new name replaces every word of the old one: the old name finds the debtor no more.</summary>
    public async Task RenameAsync(Guid debtorId, string name)
    {
        await tx.ExecuteAsync("DELETE FROM debtors.search_token WHERE debtor_id = @DebtorId AND kind = 'name'", new { DebtorId = debtorId });
        await AddAsync(debtorId, SearchTokens.Name, SearchTokens.NameWords(name));
    }

    public Task AddContactAsync(Guid debtorId, string channel, string value) => channel == "phone"
        ? AddAsync(debtorId, SearchTokens.Phone, SearchTokens.PhoneTokens(value))
        : AddAsync(debtorId, SearchTokens.Email, [SearchTokens.EmailToken(value)]);

    public Task AddContractAsync(Guid debtorId, string externalId) =>
        AddAsync(debtorId, SearchTokens.Contract, SearchTokens.ContractTokens(externalId));

    /// <summary>The contract ids of a debtor made again from its invoices (one moved to another debtor).</summary>
    public async Task RefreshContractsAsync(Guid debtorId)
    {
        await tx.ExecuteAsync("DELETE FROM debtors.search_token WHERE debtor_id = @DebtorId AND kind = 'contract'", new { DebtorId = debtorId });
        var ids = await tx.QueryAsync<string>("SELECT external_id FROM debtors.invoice WHERE debtor_id = @DebtorId", new { DebtorId = debtorId });
        foreach (var id in ids) await AddContractAsync(debtorId, id);
    }

    /// <summary>
    /// Anonymisation: nothing that names the person stays findable (name, document, phones, e-mails); the partners'
    /// contract ids stay, as they stay on the invoices.
    /// </summary>
    public async Task AnonymiseAsync(Guid debtorId, string anonymousName)
    {
        await tx.ExecuteAsync("DELETE FROM debtors.search_token WHERE debtor_id = @DebtorId AND kind <> 'contract'", new { DebtorId = debtorId });
        await AddAsync(debtorId, SearchTokens.Name, SearchTokens.NameWords(anonymousName));
    }

    private async Task AddAsync(Guid debtorId, string kind, IEnumerable<string> tokens)
    {
        foreach (var token in tokens)
        {
            try
            {
                await Insert.ExecuteAsync(kind, token, debtorId);
            }
            catch (Exception ex) when (tx.Dialect.IsUniqueViolation(ex))
            {
            }
        }
    }

    public void Dispose() => _insert?.Dispose();
}
