using Recovery.BuildingBlocks.Data;

namespace Recovery.Communication.Features.Templates;

/// <summary>A message template of a channel, in pt-BR, with <c>{{variables}}</c> (<see cref="TemplateText"/>).</summary>
[SchemaName("TemplatesTemplate")]
internal sealed class Template
{
    public static readonly string[] Channels = ["email", "sms", "whatsapp", "letter", "call"];

    public string Code { get; init; } = "";
    public string Channel { get; init; } = "";
    public string? Subject { get; init; }
    public string Body { get; init; } = "";
    public string UpdatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }

    public const string Columns = "code, channel, subject, body, updated_by, updated_at";

    public static Task<Template?> FindAsync(DbSession session, string code) =>
        session.QuerySingleOrDefaultAsync<Template>($"SELECT {Columns} FROM communication.template WHERE code = @Code", new { Code = code });
}
