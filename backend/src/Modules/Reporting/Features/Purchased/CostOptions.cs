namespace Recovery.Reporting.Features.Purchased;

/// <summary>
/// What each message sent costs, in reais, by channel (configuration section <c>Reporting:Costs</c>): the purchased
/// portfolios' report counts them among a portfolio's costs. Bureau lookups carry their own cost.
/// </summary>
internal sealed class CostOptions
{
    public decimal Email { get; set; } = 0.01m;
    public decimal Sms { get; set; } = 0.08m;
    public decimal WhatsApp { get; set; } = 0.30m;
    public decimal Letter { get; set; } = 3.50m;
    public decimal Negativacao { get; set; } = 3.50m;
    public decimal Call { get; set; } = 0.50m;

    public decimal Of(string channel) => channel switch
    {
        "email" => Email,
        "sms" => Sms,
        "whatsapp" => WhatsApp,
        "letter" => Letter,
        "negativacao" => Negativacao,
        "call" => Call,
        _ => 0m,
    };
}
