using System.Globalization;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Negotiation.Features.Agreements;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// One Pix the PSP reports, by webhook or found by the reconciliation: recorded once per endToEndId (a repeat is counted
/// and changes nothing), matched by txid to an installment's cobv, cobr (Pix Automático) or static code, and paid through the agreements' one
/// payment path (<see cref="AgreementStore.ApplyPaymentAsync"/>, key "pix:endToEndId", as the partner's Pix report).
/// A txid we do not know is recorded as received but unmatched.
/// </summary>
internal static class RegisterReceivedPix
{
    internal enum Outcome { Matched, Unmatched, Duplicate }

    public static async Task<Outcome> RegisterAsync(DbSession tx, PixItem pix, string source, DateTimeOffset now)
    {
        var amount = Money.ToCents(decimal.Parse(pix.Valor!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        var paidAt = pix.Horario!.Value;
        var inserted = await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("negotiation.pix_received",
                "end_to_end_id, txid, amount_cents, paid_at, business_date, source, outcome, repeats, received_at",
                "@EndToEndId, @Txid, @Amount, @PaidAt, @Day, @Source, 'unmatched', 0, @Now", "end_to_end_id"),
            new { pix.EndToEndId, pix.Txid, Amount = amount, PaidAt = paidAt, Day = BusinessDate.Of(paidAt), Source = source, Now = now });
        if (inserted == 0)
        {
            // A notification repeated is counted for the report; the reconciliation meeting a known Pix again is not a repeat.
            if (source == "webhook")
                await tx.ExecuteAsync("UPDATE negotiation.pix_received SET repeats = repeats + 1 WHERE end_to_end_id = @EndToEndId", new { pix.EndToEndId });
            return Outcome.Duplicate;
        }
        if (string.IsNullOrEmpty(pix.Txid)) return Outcome.Unmatched;

        var match = await tx.QuerySingleOrDefaultAsync<Match>(
            "SELECT agreement_id, number FROM negotiation.pix_charge WHERE txid = @Txid", new { pix.Txid })
            ?? await tx.QuerySingleOrDefaultAsync<Match>(
                "SELECT agreement_id, number FROM negotiation.pix_recurring_charge WHERE txid = @Txid", new { pix.Txid })
            ?? await tx.QuerySingleOrDefaultAsync<Match>(
                "SELECT agreement_id, number FROM negotiation.installment WHERE txid = @Txid", new { pix.Txid });
        if (match is null) return Outcome.Unmatched;

        // The cobv paid itself: it is concluded at the PSP, never to be removed.
        await tx.ExecuteAsync(
            "UPDATE negotiation.pix_charge SET status = 'paid', psp_status = 'CONCLUIDA', updated_at = @Now WHERE txid = @Txid AND status <> 'removed'",
            new { pix.Txid, Now = now });
        await tx.ExecuteAsync(
            "UPDATE negotiation.pix_recurring_charge SET status = 'paid', psp_status = 'CONCLUIDA', updated_at = @Now WHERE txid = @Txid AND status <> 'removed'",
            new { pix.Txid, Now = now });
        await tx.ExecuteAsync(
            "UPDATE negotiation.pix_received SET outcome = 'matched', agreement_id = @AgreementId, number = @Number WHERE end_to_end_id = @EndToEndId",
            new { match.AgreementId, match.Number, pix.EndToEndId });
        var a = await AgreementStore.GetAsync(tx, match.AgreementId);
        await AgreementStore.ApplyPaymentAsync(tx, a.Status == "active" ? a : null,
            new PaymentRecord($"pix:{pix.EndToEndId}", "pix", a.DebtorId, null, amount, BusinessDate.Of(paidAt), "pix"), now);
        return Outcome.Matched;
    }

    /// <summary>What a Pix must carry to be registered (schema Pix: endToEndId, valor as digits with two decimals, horario).</summary>
    public static string? Problem(PixItem? pix) =>
        pix is null ? "each pix is an object with endToEndId, valor and horario"
        : string.IsNullOrWhiteSpace(pix.EndToEndId) || pix.EndToEndId.Length > 35 || !pix.EndToEndId.All(char.IsAsciiLetterOrDigit)
            ? "endToEndId is required (letters and digits, up to 35)"
            : pix.Txid is { Length: > 35 } ? "txid has at most 35 characters"
            : pix.Valor is null || !System.Text.RegularExpressions.Regex.IsMatch(pix.Valor, @"^\d{1,10}\.\d{2}$") ? "valor is digits with two decimals, e.g. 123.45"
            : pix.Horario is not { Year: >= 2000 and <= 2999 } ? "horario is required (RFC 3339)"
            : null;

    private sealed class Match
    {
        public Guid AgreementId { get; init; }
        public int Number { get; init; }
    }
}
