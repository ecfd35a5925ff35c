using System.Globalization;
using Recovery.Analytics.Features.History;

namespace Recovery.Analytics.Features.Propensity;

/// <summary>
/// The features of one debt as of the end of a day, folded from its debtor's facts known by then (ADR 0027): a fact of a
/// later day never reaches them, so a snapshot taken today of a past day is the one that day would have taken.
/// </summary>
internal sealed record FeatureSet(Guid InvoiceId, Guid DebtorId, Guid PortfolioId, string? State, DateOnly AsOf, float[] Values)
{
    /// <summary>The features' stable codes, in the order of <see cref="Values"/> (the model's columns).</summary>
    public static readonly string[] Codes =
    [
        "days_late", "balance", "balance_band", "consumer", "open_debts", "creditors", "prior_payments", "payment_regularity",
        "promises_kept", "promises_broken", "agreements_completed", "agreements_broken",
        "email_attempted", "email_delivered", "sms_attempted", "sms_delivered", "whatsapp_attempted", "whatsapp_delivered",
        "call_attempted", "call_answered", "days_since_contact", "days_since_payment", "income_to_balance",
    ];

    public const int Count = 23;

    /// <summary>What a "never" (no contact, no payment) counts as in days.</summary>
    public const float Never = 999;

    public float this[string code] => Values[Array.IndexOf(Codes, code)];

    public IReadOnlyDictionary<string, float> ByCode() => Codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => Values[x.i]);

    /// <summary>Balance bands in reais: up to 500, 2,000, 10,000, 50,000, above.</summary>
    public static int BalanceBand(long cents) => cents switch
    {
        <= 50_000 => 0,
        <= 200_000 => 1,
        <= 1_000_000 => 2,
        <= 5_000_000 => 3,
        _ => 4,
    };

    public static readonly string[] Channels = ["email", "sms", "whatsapp", "call"];

    /// <summary>
    /// The features of <paramref name="invoiceId"/> as of the end of <paramref name="asOf"/>, from its debtor's facts (any
    /// order; those after the day are ignored); null when the debt was not known by then.
    /// </summary>
    public static FeatureSet? Of(Guid invoiceId, IEnumerable<Fact> debtorFacts, DateOnly asOf)
    {
        var known = debtorFacts.Where(f => f.On <= asOf).ToList();
        var placed = known.LastOrDefault(f => f.InvoiceId == invoiceId && f.Kind == Facts.Placed);
        if (placed is null) return null;
        var states = new Dictionary<Guid, (string Status, long Outstanding)>();
        var creditors = new HashSet<Guid>();
        string? state = null;
        long? income = null;
        int payments = 0, kept = 0, broken = 0;
        var completed = new HashSet<Guid>();
        var agreementsBroken = new HashSet<Guid>();
        var months = new HashSet<int>();
        DateOnly? lastPayment = null, lastContact = null;
        var contacts = new int[8];
        foreach (var f in known)
        {
            switch (f.Kind)
            {
                case Facts.State when f.InvoiceId is { } id: states[id] = (f.Code ?? "", f.AmountCents ?? 0); break;
                case Facts.Creditor when f.RefId is { } partner: creditors.Add(partner); break;
                case Facts.Profile:
                    state = f.Code ?? state;
                    income = f.AmountCents ?? income;
                    break;
                case Facts.Payment or Facts.Installment:
                    payments++;
                    if (f.On > asOf.AddDays(-180)) months.Add(f.On.Year * 12 + f.On.Month);
                    if (lastPayment is null || f.On > lastPayment) lastPayment = f.On;
                    break;
                case Facts.PromiseKept: kept++; break;
                case Facts.PromiseBroken: broken++; break;
                case Facts.AgreementCompleted when f.RefId is { } a: completed.Add(a); break;
                case Facts.AgreementBroken when f.RefId is { } a: agreementsBroken.Add(a); break;
                case Facts.Attempted or Facts.Delivered or Facts.Answered:
                    var channel = Array.IndexOf(Channels, f.Code);
                    if (channel < 0) break;
                    if (f.Kind == Facts.Attempted) contacts[channel * 2]++;
                    else
                    {
                        contacts[channel * 2 + 1]++;
                        if (lastContact is null || f.On > lastContact) lastContact = f.On;
                    }
                    break;
            }
        }
        var parts = placed.Code!.Split('|');
        var consumer = parts[0] == "consumer";
        var dueDate = DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var outstanding = states.TryGetValue(invoiceId, out var own) ? own.Outstanding : placed.AmountCents ?? 0;
        var openBalance = states.Values.Where(s => s.Status == "open").Sum(s => s.Outstanding);
        var values = new float[Count];
        values[0] = Math.Max(0, asOf.DayNumber - dueDate.DayNumber);
        values[1] = outstanding / 100f;
        values[2] = BalanceBand(outstanding);
        values[3] = consumer ? 1 : 0;
        values[4] = states.Values.Count(s => s.Status == "open");
        values[5] = creditors.Count;
        values[6] = payments;
        values[7] = months.Count / 6f;
        values[8] = kept;
        values[9] = broken;
        values[10] = completed.Count;
        values[11] = agreementsBroken.Count;
        for (var i = 0; i < 8; i++) values[12 + i] = contacts[i];
        values[20] = lastContact is { } c ? asOf.DayNumber - c.DayNumber : Never;
        values[21] = lastPayment is { } p ? asOf.DayNumber - p.DayNumber : Never;
        values[22] = income is { } inc && openBalance > 0 ? (float)inc / openBalance : -1;
        return new FeatureSet(invoiceId, placed.DebtorId, placed.RefId ?? Guid.Empty, state, asOf, values);
    }

    /// <summary>Whether the debt is open at the end of the day (its last state known by then).</summary>
    public static bool OpenAsOf(Guid invoiceId, IEnumerable<Fact> debtorFacts, DateOnly asOf) =>
        debtorFacts.Where(f => f.InvoiceId == invoiceId && f.Kind == Facts.State && f.On <= asOf).LastOrDefault()?.Code == "open";

    public string Describe(int index) => Describe(Codes[index], Values[index]);

    /// <summary>A feature and its value in pt-BR words, for agents and the data-subject report.</summary>
    public static string Describe(string code, float value)
    {
        var n = value.ToString("0.##", CultureInfo.GetCultureInfo("pt-BR"));
        var whole = ((int)value).ToString(CultureInfo.InvariantCulture);
        return code switch
        {
            "days_late" => $"{whole} dias em atraso",
            "balance" => $"saldo de R$ {value.ToString("N2", CultureInfo.GetCultureInfo("pt-BR"))}",
            "balance_band" => $"faixa de saldo {whole} (de 0 a 4)",
            "consumer" => value > 0 ? "pessoa física" : "pessoa jurídica",
            "open_debts" => $"{whole} débito(s) em aberto",
            "creditors" => $"{whole} credor(es)",
            "prior_payments" => $"{whole} pagamento(s) anteriores",
            "payment_regularity" => $"pagou em {(int)Math.Round(value * 6)} dos últimos 6 meses",
            "promises_kept" => $"{whole} promessa(s) cumprida(s)",
            "promises_broken" => $"{whole} promessa(s) não cumprida(s)",
            "agreements_completed" => $"{whole} acordo(s) quitado(s)",
            "agreements_broken" => $"{whole} acordo(s) rompido(s) ou cancelado(s)",
            "email_attempted" => $"{whole} e-mail(s) enviado(s)",
            "email_delivered" => $"{whole} e-mail(s) entregue(s)",
            "sms_attempted" => $"{whole} SMS enviado(s)",
            "sms_delivered" => $"{whole} SMS entregue(s)",
            "whatsapp_attempted" => $"{whole} WhatsApp enviado(s)",
            "whatsapp_delivered" => $"{whole} WhatsApp entregue(s)",
            "call_attempted" => $"{whole} ligação(ões) feita(s)",
            "call_answered" => $"{whole} ligação(ões) atendida(s)",
            "days_since_contact" => value >= Never ? "nenhum contato efetivo" : $"último contato efetivo há {whole} dias",
            "days_since_payment" => value >= Never ? "nenhum pagamento" : $"último pagamento há {whole} dias",
            "income_to_balance" => value < 0 ? "renda não informada" : $"renda mensal de {n} vez(es) o saldo em aberto",
            _ => code,
        };
    }
}
