namespace Recovery.Communication.Features.Negativacao;

/// <summary>A debt as the bureau needs it, to register or remove.</summary>
internal sealed record BureauRecord(Guid NegativacaoId, string Document, string Name, string Creditor, string CreditorDocument, string Contract,
    long AmountCents, DateOnly DueDate);
