namespace Recovery.BuildingBlocks.Security;

/// <summary>Endpoint metadata: the endpoint checks a shared secret in this header itself (the OpenAPI document names it as the operation's security).</summary>
public sealed record SharedSecretHeader(string Scheme, string Header, string Description);
