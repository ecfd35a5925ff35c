using Recovery.BuildingBlocks;
using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Templates;

/// <summary>
/// Creates or changes a template. Every template names the creditor and its CNPJ (CDC art. 42-A) and none may threaten
/// or expose the debtor (CDC arts. 42 and 71): both are checked here.
/// </summary>
internal static class SaveTemplate
{
    internal sealed record Command(string Code, string? Channel, string? Subject, string? Body) : ICommand<Template>;

    [SchemaName("TemplatesSaveBody")]
    internal sealed record Input(string? Channel, string? Subject, string? Body);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).Matches("^[a-z0-9][a-z0-9._-]{0,63}$").WithMessage("code is 1-64 lower-case letters, digits, '.', '_' or '-'", "código: de 1 a 64 letras minúsculas, dígitos, '.', '_' ou '-'");
            RuleFor(c => c.Channel).NotEmpty().OneOf(Template.Channels).WithMessage($"channel is one of {string.Join(", ", Template.Channels)}", $"canal deve ser um destes: {string.Join(", ", Template.Channels)}");
            RuleFor(c => c.Subject).NotEmpty().When(c => c.Channel == "email").WithMessage("an e-mail needs a subject", "um e-mail precisa de assunto").MaximumLength(200);
            RuleFor(c => c.Body).NotEmpty().WithMessage("body is required", "escreva o texto da mensagem").MaximumLength(20_000);
            RuleFor(c => c.Body!).Must(b => b.Contains("{{credor}}") && b.Contains("{{cnpj_credor}}"))
                .When(c => !string.IsNullOrEmpty(c.Body))
                .WithMessage("every message names the creditor and its CNPJ (CDC art. 42-A): use {{credor}} and {{cnpj_credor}}", "toda mensagem identifica o credor e seu CNPJ (CDC art. 42-A): use {{credor}} e {{cnpj_credor}}");
            RuleFor(c => c.Body!).Must(b => TemplateText.UnknownVariables(b).Count == 0).When(c => !string.IsNullOrEmpty(c.Body))
                .WithMessage(c => $"unknown variables: {string.Join(", ", TemplateText.UnknownVariables(c.Body!))}; known: {string.Join(", ", TemplateText.Variables)}",
                    c => $"variáveis desconhecidas: {string.Join(", ", TemplateText.UnknownVariables(c.Body!))}; conhecidas: {string.Join(", ", TemplateText.Variables)}");
            RuleFor(c => c.Body!).Must(b => TemplateText.Threat(b) is null).When(c => !string.IsNullOrEmpty(c.Body))
                .WithMessage(c => $"a message may not threaten or expose the debtor (CDC arts. 42 and 71): \"{TemplateText.Threat(c.Body!)}\"",
                    c => $"a mensagem não pode ameaçar nem expor o devedor (CDC arts. 42 e 71): \"{TemplateText.Threat(c.Body!)}\"");
            RuleFor(c => c.Subject!).Must(s => TemplateText.Threat(s) is null).When(c => !string.IsNullOrEmpty(c.Subject))
                .WithMessage(c => $"a message may not threaten or expose the debtor (CDC arts. 42 and 71): \"{TemplateText.Threat(c.Subject!)}\"",
                    c => $"a mensagem não pode ameaçar nem expor o devedor (CDC arts. 42 e 71): \"{TemplateText.Threat(c.Subject!)}\"");
        }
    }

    internal sealed class Handler(CommunicationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Template>
    {
        public async Task<Template> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var before = await Template.FindAsync(tx, command.Code);
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

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPut("/templates/{code}", async (string code, Input body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(code, body.Channel, body.Subject, body.Body), ct)))
            .WithName(nameof(SaveTemplate))
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem();
}
