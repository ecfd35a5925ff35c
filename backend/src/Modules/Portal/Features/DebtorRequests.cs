using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Portal.Access;
using Recovery.Portal.Data;

namespace Recovery.Portal.Features;

/// <summary>
/// What the debtor asks of the people behind the portal (ADR 0025): a call back at a lawful moment (Communication checks
/// the law and it joins the agents' callbacks in the work queue), and the data-subject report (LGPD art. 18 II), made by
/// Debtors and e-mailed to the contact on file. Each runs as the owning module's command, audited with the debtor as the
/// actor and in the timeline.
/// </summary>
internal static class DebtorRequests
{
    internal sealed record CallbackBody(DateTimeOffset? CallbackAt, Guid? ContactId, string? Note);

    internal sealed record Callback(Guid DebtorId, DateTimeOffset? CallbackAt, Guid? ContactId, string? Note) : IRequest<CallbackCreated>;

    /// <param name="Phone">The number we will call, masked.</param>
    internal sealed record CallbackCreated(Guid Id, DateTimeOffset CallbackAt, string Phone);

    internal sealed class CallbackValidator : AbstractValidator<Callback>
    {
        public CallbackValidator()
        {
            RuleFor(c => c.CallbackAt).NotNull().WithMessage("callbackAt is required", "escolha o dia e o horário da ligação");
            RuleFor(c => c.Note).MaximumLength(500).WithMessage("note has at most 500 characters", "o recado tem no máximo 500 caracteres");
        }
    }

    internal sealed class CallbackHandler(IMediator mediator, PortalDb db, TimeProvider clock, IOptions<PortalOptions> options)
        : IRequestHandler<Callback, CallbackCreated>
    {
        public async Task<CallbackCreated> Handle(Callback request, CancellationToken ct)
        {
            var limit = new DailyLimit(db, "callback:debtor", request.DebtorId, options.Value.RequestsPerDay, clock);
            await limit.CheckAsync(ct);
            var scheduled = await mediator.Send(new RequestCallback(request.DebtorId, request.CallbackAt!.Value, request.ContactId, request.Note), ct);
            await limit.CountAsync(ct);
            return new CallbackCreated(scheduled.CallbackId, scheduled.CallbackAt, scheduled.Phone);
        }
    }

    internal sealed record DataSubjectRequest(Guid DebtorId) : IRequest<DataSubjectRequestAccepted>;

    /// <param name="SentTo">The e-mail the report goes to, masked.</param>
    internal sealed record DataSubjectRequestAccepted(string SentTo, string Message);

    internal sealed class DataSubjectRequestHandler(IMediator mediator, PortalDb db, TimeProvider clock, IOptions<PortalOptions> options)
        : IRequestHandler<DataSubjectRequest, DataSubjectRequestAccepted>
    {
        public async Task<DataSubjectRequestAccepted> Handle(DataSubjectRequest request, CancellationToken ct)
        {
            var limit = new DailyLimit(db, "report:debtor", request.DebtorId, options.Value.RequestsPerDay, clock);
            await limit.CheckAsync(ct);
            var sentTo = await mediator.Send(new SendOwnDataSubjectReport(request.DebtorId), ct)
                         ?? throw new ConflictException(ProblemTypes.Base + "no-email-on-file", "Sem e-mail cadastrado",
                             "Não há um e-mail seu cadastrado que aceite mensagens. Peça o relatório ao credor ou ao nosso encarregado de dados.");
            await limit.CountAsync(ct);
            return new DataSubjectRequestAccepted(sentTo,
                $"Enviamos o relatório dos seus dados pessoais para {sentTo}. Ele chega em alguns minutos, em um arquivo PDF.");
        }
    }

    /// <summary>
    /// At most <paramref name="perDay"/> requests of a kind per debtor in 24 hours (429 with Retry-After beyond); only those
    /// carried out count, so a time the law refused does not use one up.
    /// </summary>
    private sealed class DailyLimit(PortalDb db, string kind, Guid debtorId, int perDay, TimeProvider clock)
    {
        private readonly string _key = Throttle.Key(kind, debtorId.ToString());

        public async Task CheckAsync(CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            if (await Throttle.BlockedAsync(session, _key, perDay, TimeSpan.FromDays(1), clock.GetUtcNow()) is { } wait) throw new TooManyRequestsException(wait);
        }

        public async Task CountAsync(CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            await Throttle.HitAsync(tx, _key, perDay, TimeSpan.FromDays(1), clock.GetUtcNow());
            await tx.CommitAsync(ct);
        }
    }

    internal static void Map(RouteGroupBuilder portal)
    {
        portal.MapPost("/callbacks", async (CallbackBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created((string?)null,
                    await mediator.Send(new Callback(PortalPrincipal.DebtorId(http.User), body.CallbackAt, body.ContactId, body.Note), ct)))
            .WithName("CreatePortalCallback").RequireAuthorization(Policies.Debtor).ProducesValidationProblem().ProducesProblem(401);
        portal.MapPost("/data-subject-requests", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await mediator.Send(new DataSubjectRequest(PortalPrincipal.DebtorId(http.User)), ct)))
            .WithName("CreatePortalDataSubjectRequest").RequireAuthorization(Policies.Debtor).ProducesProblem(401).ProducesProblem(409);
    }
}
