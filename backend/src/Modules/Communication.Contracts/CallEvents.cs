using System.Text.Json.Serialization;

namespace Recovery.Communication.Contracts;

/// <summary>
/// An agent recorded a call to the debtor's <paramref name="Phone"/> and what came of it: <paramref name="Outcome"/> is the
/// code of the portfolio's outcome catalogue, <paramref name="Label"/> its pt-BR name and <paramref name="Effect"/> what it
/// does (Debtors marks a wrong number invalid and places the deceased hold; Reporting counts it for the agent).
/// <paramref name="CallbackAt"/>, when set, is the lawful moment the agent will call again: until then the debtor leaves the
/// agent's work queue, from then on it comes first. <paramref name="MessageId"/> names the dunning call task the call closed.
/// </summary>
public sealed record CallOutcomeRecorded(Guid CallId, Guid DebtorId, Guid? PortfolioId, string Phone, string Outcome, string Label,
    CallEffect Effect, string? Note, DateTimeOffset? CallbackAt, Guid? AgentId, string Agent, Guid? MessageId, DateTimeOffset CalledAt);

/// <summary>
/// An agent is dialling <paramref name="Phone"/> of the debtor (a <c>tel:</c> link or the dial button): the hook for a
/// softphone or dialer, delivered to partners' webhooks as <c>call.dialed</c>.
/// </summary>
public sealed record CallDialed(Guid DebtorId, string Phone, Guid? AgentId, string Agent, DateTimeOffset DialedAt);

/// <summary>What an outcome of a call does, serialised as its code.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallEffect>))]
public enum CallEffect
{
    /// <summary>Only recorded.</summary>
    [JsonStringEnumMemberName("none")] None,
    /// <summary>The debtor promised to pay: the agent records the promise (the SPA opens its form prefilled).</summary>
    [JsonStringEnumMemberName("promise")] Promise,
    /// <summary>The number is not the debtor's: it is marked invalid and no channel uses it again.</summary>
    [JsonStringEnumMemberName("invalid_phone")] InvalidPhone,
    /// <summary>The debtor died: the deceased hold is placed on the debtor.</summary>
    [JsonStringEnumMemberName("deceased_hold")] DeceasedHold,
    /// <summary>The debtor disputes the debt: the agent places the dispute hold with its reason.</summary>
    [JsonStringEnumMemberName("dispute")] Dispute,
    /// <summary>The debtor accepts an agreement: the agent simulates and records it.</summary>
    [JsonStringEnumMemberName("agreement")] Agreement,
}
