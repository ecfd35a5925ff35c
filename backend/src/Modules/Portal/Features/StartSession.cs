using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;
using Recovery.Portal.Access;
using Recovery.Portal.Data;

namespace Recovery.Portal.Features;

/// <summary>
/// Signs a debtor in with their document and the code they received: 200 and the portal's session cookie; a wrong,
/// expired or used code 401 (an unknown document fails the same way); five wrong codes for a document, or too many
/// attempts from one address, 429 with Retry-After. Every attempt is in the audit trail.
/// </summary>
internal static class StartSession
{
    // Not an ICommand: a failed attempt must be counted even though the request fails.
    internal sealed record Command(string? Document, string? Code) : IRequest<Response>;

    internal sealed record Response(string Name)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid DebtorId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Document).NotEmpty().WithMessage("document is required", "informe o CPF ou o CNPJ")
                .Must(d => Documents.Normalize(d) is not null).WithMessage("document is not a valid CPF or CNPJ", "CPF ou CNPJ inválido: confira os números")
                .When(c => !string.IsNullOrEmpty(c.Document), ApplyConditionTo.CurrentValidator);
            RuleFor(c => c.Code).NotEmpty().WithMessage("code is required", "informe o código que você recebeu")
                .Must(AccessCodes.LooksLikeCode).WithMessage("code has 6 digits", "o código tem 6 números")
                .When(c => !string.IsNullOrEmpty(c.Code), ApplyConditionTo.CurrentValidator);
        }
    }

    internal sealed class Handler(PortalDb db, IMediator mediator, ICurrentActor actor, IAuditTrail trail, TimeProvider clock, IOptions<PortalOptions> options)
        : IRequestHandler<Command, Response>
    {
        private static readonly byte[] DummySalt = AccessCodes.NewSalt();
        private static readonly byte[] DummyHash = AccessCodes.Hash("000000", DummySalt);

        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var o = options.Value;
            var document = Documents.Normalize(command.Document)!;
            var documentKey = Throttle.Key("signin:doc", document);
            var now = clock.GetUtcNow();
            TimeSpan? wait;
            await using (var tx = await db.BeginAsync(ct))
            {
                wait = await Throttle.HitAsync(tx, Throttle.Key("signin:ip", actor.IpAddress ?? "unknown"), o.SignInsPerAddress, o.SignInWindow, now)
                       ?? await Throttle.BlockedAsync(tx, documentKey, o.WrongCodesPerDocument, o.SignInWindow, now);
                await tx.CommitAsync(ct);
            }
            if (wait is { } blocked)
            {
                await AuditAsync(null, "rejected:429", now, ct);
                throw new TooManyRequestsException(blocked);
            }

            var debtor = await mediator.Send(new FindDebtorByDocument(document), ct);
            Guid? spent = null;
            await using (var tx = await db.BeginAsync(ct))
            {
                var codes = debtor is null ? [] : (await tx.QueryAsync<CodeRow>(
                    """
                    SELECT id, salt, code_hash FROM portal.access_code
                     WHERE debtor_id = @DebtorId AND used_at IS NULL AND expires_at > @Now AND failed_attempts < @Max
                     ORDER BY created_at DESC
                    """, new { debtor.DebtorId, Now = now, Max = o.WrongCodesPerDocument })).Take(o.CodeRequestsPerDocument).ToList();
                if (codes.Count == 0) AccessCodes.Matches(command.Code!, DummySalt, DummyHash);
                var match = codes.FirstOrDefault(c => AccessCodes.Matches(command.Code!, c.Salt, c.CodeHash));
                // Conditional, so that two requests racing with one code cannot both spend it.
                if (match is not null && await tx.ExecuteAsync("UPDATE portal.access_code SET used_at = @Now WHERE id = @Id AND used_at IS NULL",
                        new { match.Id, Now = now }) == 1)
                {
                    spent = match.Id;
                    await tx.PublishAsync(new Recovery.Portal.Contracts.PortalSessionStarted(debtor!.DebtorId, "code", now), now);
                }
                else
                {
                    foreach (var c in codes)
                        await tx.ExecuteAsync("UPDATE portal.access_code SET failed_attempts = failed_attempts + 1 WHERE id = @Id", new { c.Id });
                    wait = await Throttle.HitAsync(tx, documentKey, o.WrongCodesPerDocument, o.SignInWindow, now);
                }
                await tx.CommitAsync(ct);
            }

            if (spent is null)
            {
                // The fifth wrong code still answers 401; from then on the document is refused (429) until the window ends.
                await AuditAsync(debtor?.DebtorId, wait is null ? "rejected:401" : "rejected:429", now, ct);
                if (wait is { } retry) throw new TooManyRequestsException(retry);
                throw new WrongCodeException();
            }
            await AuditAsync(debtor!.DebtorId, "succeeded", now, ct);
            return new Response(debtor.Name) { DebtorId = debtor.DebtorId };
        }

        private Task AuditAsync(Guid? debtorId, string outcome, DateTimeOffset now, CancellationToken ct) =>
            trail.AppendAsync(new AuditRecorded(Guid.CreateVersion7(), now, "debtor", debtorId, debtorId is null ? "anonymous" : $"debtor:{debtorId}",
                Roles.Debtor, actor.IpAddress, "PortalSignIn", "debtor", debtorId?.ToString(), outcome, null, null), ct);

        private sealed class CodeRow
        {
            public Guid Id { get; init; }
            public byte[] Salt { get; init; } = [];
            public byte[] CodeHash { get; init; } = [];
        }
    }

    internal static void Map(RouteGroupBuilder portal) =>
        portal.MapPost("/sessions", async (Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var response = await mediator.Send(command, ct);
                await http.SignInAsync(AuthSchemes.Portal, PortalPrincipal.For(response.DebtorId, response.Name),
                    new AuthenticationProperties { IsPersistent = false });
                return TypedResults.Ok(response);
            })
            .WithName("StartPortalSession")
            .AllowAnonymous()
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(429);
}

internal sealed class WrongCodeException()
    : ProblemException(401, ProblemTypes.Unauthorized, "Código inválido",
        "O código não confere, expirou ou já foi usado. Confira o CPF ou CNPJ e o código, ou peça um novo código.");
