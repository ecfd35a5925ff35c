using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Jobs;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// The Pix Automático callbacks (ADR 0021), beside the Pix webhook and with its token: the PSP appends <c>/rec</c> and
/// <c>/cobr</c> to the registered URL. <c>{ "recs": [...] }</c> says what became of a recurrence (APROVADA: the recurring
/// charges are planned; REJEITADA, EXPIRADA, CANCELADA: the installments go by copia e cola); <c>{ "cobsr": [...] }</c>
/// what became of a recurring charge: its Pix go through <see cref="RegisterReceivedPix"/> (each endToEndId once), its
/// failed attempts are recorded and the job looks at it at once. Nothing here calls the PSP. Unknown ids are counted, not refused.
/// </summary>
internal static class ReceiveRecurrenceWebhooks
{
    internal sealed record RecBody(List<RecResponse>? Recs);
    internal sealed record CobrBody(List<CobrResponse>? Cobsr);

    internal sealed record Recs(IReadOnlyList<RecResponse> Items) : IRequest<Response>;
    internal sealed record Cobrs(IReadOnlyList<CobrResponse> Items) : IRequest<Response>;

    /// <param name="Received">Notifications in the call.</param>
    /// <param name="Unknown">Of a recurrence or charge we do not have (ignored).</param>
    /// <param name="Matched">New Pix paid on an installment.</param>
    /// <param name="Duplicates">Pix already registered: ignored.</param>
    internal sealed record Response(int Received, int Unknown, int Matched, int Duplicates);

    private static readonly string[] RecStatuses = ["CRIADA", "APROVADA", "REJEITADA", "EXPIRADA", "CANCELADA"];
    private static readonly string[] CobrStatuses = ["CRIADA", "ATIVA", "CONCLUIDA", "EXPIRADA", "REJEITADA", "CANCELADA"];

    internal sealed class RecsValidator : AbstractValidator<Recs>
    {
        public RecsValidator()
        {
            RuleFor(c => c.Items).NotEmpty().WithMessage("recs is a list of at least one recurrence");
            RuleForEach(c => c.Items).Must(r => r is { IdRec.Length: 29 } && RecStatuses.Contains(r.Status))
                .WithMessage("each rec has its idRec (29 characters) and a status of RecStatus");
        }
    }

    internal sealed class CobrsValidator : AbstractValidator<Cobrs>
    {
        public CobrsValidator()
        {
            RuleFor(c => c.Items).NotEmpty().WithMessage("cobsr is a list of at least one recurring charge");
            RuleForEach(c => c.Items).Must(r => r is { IdRec.Length: 29, Txid.Length: > 0 } && CobrStatuses.Contains(r.Status))
                .WithMessage("each cobr has its idRec, txid and a status of CobRStatus")
                .Must(r => r?.Pix is null || r.Pix.All(p => RegisterReceivedPix.Problem(p) is null))
                .WithMessage((_, r) => r?.Pix?.Select(RegisterReceivedPix.Problem).FirstOrDefault(p => p is not null) ?? "");
        }
    }

    internal sealed class RecsHandler(NegotiationDb db, TimeProvider clock, IOptions<PixOptions> options) : IRequestHandler<Recs, Response>
    {
        public async Task<Response> Handle(Recs command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var unknown = 0;
            foreach (var rec in command.Items)
            {
                var owner = await tx.QuerySingleOrDefaultAsync<Owner>(
                    "SELECT r.agreement_id, a.portfolio_id FROM negotiation.pix_recurrence r JOIN negotiation.agreement a ON a.id = r.agreement_id WHERE r.id_rec = @IdRec",
                    new { rec.IdRec });
                if (owner is null) { unknown++; continue; }
                var lead = options.Value.For(owner.PortfolioId)?.Automatic?.Lead ?? new AutomaticSettings().Lead;
                await PlanRecurrence.SettleAsync(tx, owner.AgreementId, rec.Status, lead, clock.Today(), clock.GetUtcNow());
            }
            await tx.CommitAsync(ct);
            return new Response(command.Items.Count, unknown, 0, 0);
        }
    }

    internal sealed class CobrsHandler(NegotiationDb db, TimeProvider clock) : IRequestHandler<Cobrs, Response>
    {
        public async Task<Response> Handle(Cobrs command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var now = clock.GetUtcNow();
            int unknown = 0, matched = 0, duplicates = 0;
            foreach (var cobr in command.Items)
            {
                var moved = await tx.ExecuteAsync(
                    "UPDATE negotiation.pix_recurring_charge SET next_attempt_at = @Now, attempts = 0 WHERE txid = @Txid AND status = 'active'",
                    new { cobr.Txid, Now = now });
                var known = moved + await tx.QuerySingleOrDefaultAsync<int>("SELECT COUNT(*) FROM negotiation.pix_recurring_charge WHERE txid = @Txid AND status <> 'active'", new { cobr.Txid });
                if (known == 0) { unknown++; continue; }
                await RecurringChargeWork.RecordAsync(tx, cobr.Txid!, cobr, now);
                foreach (var pix in cobr.Pix ?? [])
                {
                    var outcome = await RegisterReceivedPix.RegisterAsync(tx, pix with { Txid = pix.Txid ?? cobr.Txid }, "webhook", now);
                    if (outcome == RegisterReceivedPix.Outcome.Matched) matched++;
                    if (outcome == RegisterReceivedPix.Outcome.Duplicate) duplicates++;
                }
            }
            await tx.CommitAsync(ct);
            return new Response(command.Items.Count, unknown, matched, duplicates);
        }
    }

    internal static void Map(RouteGroupBuilder providers)
    {
        providers.MapPost("/pix/webhook/rec", async (RecBody body, HttpRequest request, IOptions<PixOptions> options, IMediator mediator, CancellationToken ct) =>
            {
                ReceivePixWebhook.Authenticate(request, options.Value);
                return TypedResults.Ok(await mediator.Send(new Recs(body.Recs ?? []), ct));
            })
            .AllowAnonymous()
            .WithMetadata(new SharedSecretHeader("ProviderToken", "X-Provider-Token", "The shared token the PSP sends with its Pix webhooks (Negotiation:Pix:WebhookToken)."))
            .WithName("PixRecurrenceWebhook")
            .WithSummary("Pix Automático recurrences as the creditor's PSP reports them (the Pix API's /webhookrec callback)")
            .ProducesValidationProblem()
            .ProducesProblem(401);
        providers.MapPost("/pix/webhook/cobr", async (CobrBody body, HttpRequest request, IOptions<PixOptions> options, IMediator mediator, CancellationToken ct) =>
            {
                ReceivePixWebhook.Authenticate(request, options.Value);
                return TypedResults.Ok(await mediator.Send(new Cobrs(body.Cobsr ?? []), ct));
            })
            .AllowAnonymous()
            .WithMetadata(new SharedSecretHeader("ProviderToken", "X-Provider-Token", "The shared token the PSP sends with its Pix webhooks (Negotiation:Pix:WebhookToken)."))
            .WithName("PixRecurringChargeWebhook")
            .WithSummary("Pix Automático recurring charges and their Pix (the Pix API's /webhookcobr callback); each endToEndId counts once")
            .ProducesValidationProblem()
            .ProducesProblem(401);
    }

    private sealed class Owner
    {
        public Guid AgreementId { get; init; }
        public Guid PortfolioId { get; init; }
    }
}
