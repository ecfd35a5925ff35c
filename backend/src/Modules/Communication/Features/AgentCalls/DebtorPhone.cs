using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.AgentCalls;

/// <summary>The debtor's phone an agent names, as typed or as stored (E.164): only a valid phone of the debtor is called.</summary>
internal static class DebtorPhone
{
    public static DebtorContact Find(DebtorContacts debtor, string? typed)
    {
        var digits = Digits(typed);
        return debtor.Contacts.FirstOrDefault(c => c.Channel == "phone" && digits.Length >= 10
                                                    && (Digits(c.Value) == digits || Digits(c.Value) == "55" + digits))
               ?? throw new FieldException("phone", Language.IsPortuguese
                   ? "este número não é um telefone válido do devedor"
                   : "phone is not a valid phone of the debtor");
    }

    private static string Digits(string? text) => new((text ?? "").Where(char.IsAsciiDigit).ToArray());
}
