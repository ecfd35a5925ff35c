using Recovery.BuildingBlocks.Errors;
using System.Net;
using System.Text.RegularExpressions;
using Recovery.BuildingBlocks;
using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Templates;

/// <summary>
/// Message templates per channel, in pt-BR, with <c>{{variables}}</c>. Every template names the creditor and its CNPJ
/// (CDC art. 42-A) and none may threaten or expose the debtor (CDC arts. 42 and 71): both are checked when it is saved.
/// </summary>
internal static partial class Templates
{
    public static readonly string[] Channels = ["email", "sms", "whatsapp", "letter", "call"];

    public static readonly string[] Variables =
        ["nome", "documento", "valor", "valor_original", "vencimento", "dias_atraso", "contrato", "credor", "cnpj_credor", "link_pagamento"];

    /// <summary>Words that threaten or expose the debtor; a template with one is refused.</summary>
    private static readonly string[] Forbidden =
        ["prisão", "preso", "cadeia", "polícia", "delegacia", "crime", "vergonha", "expor", "exposição", "vizinhos", "colegas de trabalho", "seu chefe"];

    internal sealed class Template
    {
        public string Code { get; init; } = "";
        public string Channel { get; init; } = "";
        public string? Subject { get; init; }
        public string Body { get; init; } = "";
        public string UpdatedBy { get; init; } = "";
        public DateTimeOffset UpdatedAt { get; init; }
    }

    [AuditAction("SaveTemplate")]
    internal sealed record Save(string Code, string? Channel, string? Subject, string? Body) : ICommand<Template>;

    internal sealed record SaveBody(string? Channel, string? Subject, string? Body);

    internal sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator()
        {
            RuleFor(c => c.Code).Matches("^[a-z0-9][a-z0-9._-]{0,63}$").WithMessage("code is 1-64 lower-case letters, digits, '.', '_' or '-'", "código: de 1 a 64 letras minúsculas, dígitos, '.', '_' ou '-'");
            RuleFor(c => c.Channel).NotEmpty().Must(c => Channels.Contains(c)).WithMessage($"channel is one of {string.Join(", ", Channels)}", $"canal deve ser um destes: {string.Join(", ", Channels)}");
            RuleFor(c => c.Subject).NotEmpty().When(c => c.Channel == "email").WithMessage("an e-mail needs a subject", "um e-mail precisa de assunto").MaximumLength(200);
            RuleFor(c => c.Body).NotEmpty().WithMessage("body is required", "escreva o texto da mensagem").MaximumLength(20_000);
            RuleFor(c => c.Body!).Must(b => b.Contains("{{credor}}") && b.Contains("{{cnpj_credor}}"))
                .When(c => !string.IsNullOrEmpty(c.Body))
                .WithMessage("every message names the creditor and its CNPJ (CDC art. 42-A): use {{credor}} and {{cnpj_credor}}", "toda mensagem identifica o credor e seu CNPJ (CDC art. 42-A): use {{credor}} e {{cnpj_credor}}");
            RuleFor(c => c.Body!).Must(b => UnknownVariables(b).Count == 0).When(c => !string.IsNullOrEmpty(c.Body))
                .WithMessage(c => $"unknown variables: {string.Join(", ", UnknownVariables(c.Body!))}; known: {string.Join(", ", Variables)}",
                    c => $"variáveis desconhecidas: {string.Join(", ", UnknownVariables(c.Body!))}; conhecidas: {string.Join(", ", Variables)}");
            RuleFor(c => c.Body!).Must(b => Threat(b) is null).When(c => !string.IsNullOrEmpty(c.Body))
                .WithMessage(c => $"a message may not threaten or expose the debtor (CDC arts. 42 and 71): \"{Threat(c.Body!)}\"",
                    c => $"a mensagem não pode ameaçar nem expor o devedor (CDC arts. 42 e 71): \"{Threat(c.Body!)}\"");
            RuleFor(c => c.Subject!).Must(s => Threat(s) is null).When(c => !string.IsNullOrEmpty(c.Subject))
                .WithMessage(c => $"a message may not threaten or expose the debtor (CDC arts. 42 and 71): \"{Threat(c.Subject!)}\"",
                    c => $"a mensagem não pode ameaçar nem expor o devedor (CDC arts. 42 e 71): \"{Threat(c.Subject!)}\"");
        }
    }

    internal sealed class SaveHandler(CommunicationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Save, Template>
    {
        public async Task<Template> Handle(Save command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var before = await FindAsync(tx, command.Code);
            var saved = new Template
            {
                Code = command.Code, Channel = command.Channel!, Subject = command.Subject?.Trim(), Body = command.Body!, UpdatedBy = actor.Name,
                UpdatedAt = clock.GetUtcNow(),
            };
            var args = new { saved.Code, saved.Channel, saved.Subject, saved.Body, saved.UpdatedBy, saved.UpdatedAt };
            if (before is null)
                await tx.ExecuteAsync("INSERT INTO communication.template (code, channel, subject, body, updated_by, updated_at) VALUES (@Code, @Channel, @Subject, @Body, @UpdatedBy, @UpdatedAt)", args);
            else
                await tx.ExecuteAsync("UPDATE communication.template SET channel = @Channel, subject = @Subject, body = @Body, updated_by = @UpdatedBy, updated_at = @UpdatedAt WHERE code = @Code", args);
            await tx.CommitAsync(ct);
            audit.Describe("template", saved.Code, before, saved);
            return saved;
        }
    }

    internal sealed record List : IRequest<ListResponse>;

    internal sealed record ListResponse(IReadOnlyList<Template> Items);

    internal sealed class ListHandler(CommunicationDb db) : IRequestHandler<List, ListResponse>
    {
        public async Task<ListResponse> Handle(List query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return new ListResponse((await session.QueryAsync<Template>(
                "SELECT code, channel, subject, body, updated_by, updated_at FROM communication.template ORDER BY code")).ToList());
        }
    }

    public static async Task<Template?> FindAsync(BuildingBlocks.Data.DbSession session, string code) =>
        await session.QuerySingleOrDefaultAsync<Template>(
            "SELECT code, channel, subject, body, updated_by, updated_at FROM communication.template WHERE code = @Code", new { Code = code });

    /// <summary>Fills the variables; <paramref name="html"/> escapes the values for HTML bodies (e-mail, letters).</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values, bool html) =>
        VariablePattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? (html ? WebUtility.HtmlEncode(v) : v) : m.Value);

    private static List<string> UnknownVariables(string text) =>
        VariablePattern().Matches(text).Select(m => m.Groups[1].Value).Where(v => !Variables.Contains(v)).Distinct().ToList();

    private static string? Threat(string text) =>
        Forbidden.FirstOrDefault(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"\{\{\s*([a-z_]+)\s*\}\}")]
    private static partial Regex VariablePattern();

    internal static void Map(RouteGroupBuilder group)
    {
        group.MapPut("/templates/{code}", async (string code, SaveBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Save(code, body.Channel, body.Subject, body.Body), ct)))
            .WithName("SaveTemplate")
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem();
        group.MapGet("/templates", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new List(), ct)))
            .WithName("ListTemplates")
            .RequireAuthorization(Policies.Agent);
    }

    /// <summary>The values of the variables for one debt (or a debtor without a debt) and its creditor.</summary>
    public static Dictionary<string, string> Values(string name, string document, string creditor, string creditorDocument,
        Debts.DebtRow? debt, DateOnly today, string? paymentLink) => new()
    {
        ["nome"] = name,
        ["documento"] = Documents.Mask(document),
        ["valor"] = debt is null ? "" : Money.Format(debt.OutstandingCents),
        ["valor_original"] = debt is null ? "" : Money.Format(debt.AmountCents),
        ["vencimento"] = debt?.DueDate.ToString("dd/MM/yyyy", Money.PtBr) ?? "",
        ["dias_atraso"] = debt is null ? "" : Math.Max(0, today.DayNumber - debt.DueDate.DayNumber).ToString(Money.PtBr),
        ["contrato"] = debt?.ExternalId ?? "",
        ["credor"] = creditor,
        ["cnpj_credor"] = Documents.Format(creditorDocument),
        ["link_pagamento"] = paymentLink ?? "",
    };
}
