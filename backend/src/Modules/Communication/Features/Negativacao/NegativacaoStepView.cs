namespace Recovery.Communication.Features.Negativacao;

/// <summary>One step of a negativação, kept as evidence.</summary>
[SchemaName("NegativacoesStepView")]
internal sealed class NegativacaoStepView
{
    public DateTimeOffset At { get; init; }
    public string Step { get; init; } = "";
    public string Detail { get; init; } = "";
}
