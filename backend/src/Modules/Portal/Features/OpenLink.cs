using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Portal.Access;
using Recovery.Portal.Contracts;
using Recovery.Portal.Data;

namespace Recovery.Portal.Features;

/// <summary>
/// Opens the signed link a message's <c>{{link_pagamento}}</c> became (ADR 0025): <c>POST /links</c> <c>{ token }</c>, the
/// token the page read after the <c>#</c>. A valid one starts a portal session for the message's debtor, once: the link
/// is spent by a conditional insert. A tampered, unknown, expired or spent link is a 401 saying which in Portuguese, and
/// the page offers the code sign-in. Attempts count against the address like sign-ins and are in the audit trail.
/// </summary>
internal static class OpenLink
{
    internal sealed record Command(string? Token) : IRequest<StartSession.Response>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Token).NotEmpty().WithMessage("token is required", "o link está incompleto: abra-o de novo pela mensagem")
                .MaximumLength(128).WithMessage("token is too long", "o link não é válido");
    }

    internal sealed class Handler(PortalDb db, IMediator mediator, ICurrentActor actor, IAuditTrail trail, TimeProvider clock,
        IOptions<PortalOptions> options, IOptions<PortalLinkSettings> links) : IRequestHandler<Command, StartSession.Response>
    {
        public async Task<StartSession.Response> Handle(Command command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            TimeSpan? wait;
            await using (var tx = await db.BeginAsync(ct))
            {
                wait = await Throttle.HitAsync(tx, Throttle.Key("signin:ip", actor.IpAddress ?? "unknown"), options.Value.SignInsPerAddress, options.Value.SignInWindow, now);
                await tx.CommitAsync(ct);
            }
            if (wait is { } retry) throw new TooManyRequestsException(retry);

            var (verdict, messageId) = PortalLink.Verify(PortalLink.Key(links.Value.Key), command.Token, now);
            var debtorId = verdict == PortalLink.Verdict.Invalid ? null : await mediator.Send(new FindMessageDebtor(messageId), ct);
            if (debtorId is null) throw await RefuseAsync(null, "invalid", ct);
            if (verdict == PortalLink.Verdict.Expired) throw await RefuseAsync(debtorId, "expired", ct);
            var debtor = await mediator.Send(new GetDebtorContacts(debtorId.Value), ct);
            if (debtor is null) throw await RefuseAsync(null, "invalid", ct);

            await using (var tx = await db.BeginAsync(ct))
            {
                if (await tx.ExecuteAsync(tx.Dialect.InsertIgnore("portal.link_use", "message_id, debtor_id, used_at", "@MessageId, @DebtorId, @Now", "message_id"),
                        new { MessageId = messageId, DebtorId = debtorId, Now = now }) == 0)
                    throw await RefuseAsync(debtorId, "used", ct);
                await tx.PublishAsync(new PortalSessionStarted(debtorId.Value, "link", now), now);
                await tx.CommitAsync(ct);
            }
            await AuditAsync(debtorId, "succeeded", now, ct);
            return new StartSession.Response(debtor.Name) { DebtorId = debtorId.Value };
        }

        private async Task<ProblemException> RefuseAsync(Guid? debtorId, string why, CancellationToken ct)
        {
            await AuditAsync(debtorId, $"rejected:401:{why}", clock.GetUtcNow(), ct);
            return why switch
            {
                "expired" => new LinkRefusedException("portal-link-expired", "Link expirado",
                    "Este link expirou. Entre com o seu CPF ou CNPJ e um código de acesso que enviamos para você."),
                "used" => new LinkRefusedException("portal-link-used", "Link já usado",
                    "Este link já foi usado. Entre com o seu CPF ou CNPJ e um código de acesso que enviamos para você."),
                _ => new LinkRefusedException("portal-link-invalid", "Link inválido",
                    "Este link não é válido. Confira se ele foi copiado inteiro, ou entre com o seu CPF ou CNPJ e um código de acesso."),
            };
        }

        private Task AuditAsync(Guid? debtorId, string outcome, DateTimeOffset now, CancellationToken ct) =>
            trail.AppendAsync(new AuditRecorded(Guid.CreateVersion7(), now, "debtor", debtorId, debtorId is null ? "anonymous" : $"debtor:{debtorId}",
                Roles.Debtor, actor.IpAddress, "PortalLinkSignIn", "debtor", debtorId?.ToString(), outcome, null, null), ct);
    }

    internal static void Map(RouteGroupBuilder portal) =>
        portal.MapPost("/links", async (Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var response = await mediator.Send(command, ct);
                await http.SignInAsync(AuthSchemes.Portal, PortalPrincipal.For(response.DebtorId, response.Name),
                    new AuthenticationProperties { IsPersistent = false });
                return TypedResults.Ok(response);
            })
            .WithName("OpenPortalLink")
            .AllowAnonymous()
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(429);
}

/// <summary>The <c>PortalLink</c> section's key, which Communication signs links with (docs/operations.md).</summary>
internal sealed class PortalLinkSettings
{
    public string? Key { get; set; }
}

internal sealed class LinkRefusedException(string type, string title, string detail)
    : ProblemException(401, ProblemTypes.Base + type, title, detail);
