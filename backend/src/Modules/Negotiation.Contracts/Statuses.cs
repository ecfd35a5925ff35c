using System.Text.Json.Serialization;

namespace Recovery.Negotiation.Contracts;

/// <summary>An agreement's status, serialised as the API spells it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgreementStatus>))]
public enum AgreementStatus
{
    [JsonStringEnumMemberName("pending_approval")] PendingApproval,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("broken")] Broken,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("rejected")] Rejected,
}

/// <summary>How a promise to pay ended when it came due.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PromiseOutcome>))]
public enum PromiseOutcome
{
    [JsonStringEnumMemberName("kept")] Kept,
    [JsonStringEnumMemberName("partial")] Partial,
    [JsonStringEnumMemberName("broken")] Broken,
}
