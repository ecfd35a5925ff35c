using System.Diagnostics;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Portal.Access;
using Recovery.Portal.Data;

namespace Recovery.Portal.Features;

/// <summary>
/// A debtor asks for a sign-in code with their CPF or CNPJ. The answer is the same 202, with the same body and after the
/// same time, whether or not the document is known: the throttles count every document alike, the hashing runs either
/// way, and the answer waits for a fixed floor. A known debtor gets a code (hashed here, 10 minutes, single use) at a
/// contact on file, through Communication.
/// </summary>
internal static class RequestAccessCode
{
    internal sealed record Command(string? Document) : IRequest<Response>;

    internal sealed record Response(string Message);

    public const string Accepted =
        "Se o CPF ou CNPJ informado tiver débitos conosco, enviamos um código de acesso para um contato cadastrado. O código vale por 10 minutos.";

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Document).NotEmpty().WithMessage("document is required", "informe o CPF ou o CNPJ")
                .Must(d => Documents.Normalize(d) is not null).WithMessage("document is not a valid CPF or CNPJ", "CPF ou CNPJ inválido: confira os números")
                .When(c => !string.IsNullOrEmpty(c.Document), ApplyConditionTo.CurrentValidator);
    }

    internal sealed class Handler(PortalDb db, IMediator mediator, ICurrentActor actor, TimeProvider clock, IOptions<PortalOptions> options)
        : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            var o = options.Value;
            var document = Documents.Normalize(command.Document)!;
            var now = clock.GetUtcNow();
            TimeSpan? wait;
            await using (var tx = await db.BeginAsync(ct))
            {
                wait = await Throttle.HitAsync(tx, Throttle.Key("code:ip", actor.IpAddress ?? "unknown"), o.CodeRequestsPerAddress, o.CodeRequestWindow, now)
                       ?? await Throttle.HitAsync(tx, Throttle.Key("code:doc", document), o.CodeRequestsPerDocument, o.CodeRequestWindow, now);
                await tx.CommitAsync(ct);
            }
            if (wait is { } retry) throw new TooManyRequestsException(retry);

            var code = AccessCodes.NewCode();
            var salt = AccessCodes.NewSalt();
            var hash = AccessCodes.Hash(code, salt);
            if (await mediator.Send(new FindDebtorByDocument(document), ct) is { } debtor)
            {
                await using (var tx = await db.BeginAsync(ct))
                {
                    await tx.ExecuteAsync(
                        """
                        INSERT INTO portal.access_code (id, debtor_id, salt, code_hash, created_at, expires_at, failed_attempts)
                        VALUES (@Id, @DebtorId, @Salt, @Hash, @Now, @ExpiresAt, 0)
                        """, new { Id = Guid.CreateVersion7(), debtor.DebtorId, Salt = salt, Hash = hash, Now = now, ExpiresAt = now + o.CodeLifetime });
                    await tx.CommitAsync(ct);
                }
                await mediator.Send(new SendAccessCode(debtor.DebtorId, code, (int)o.CodeLifetime.TotalMinutes), ct);
            }

            var rest = o.CodeRequestFloor - Stopwatch.GetElapsedTime(started);
            if (rest > TimeSpan.Zero) await Task.Delay(rest, CancellationToken.None);
            return new Response(Accepted);
        }
    }

    internal static void Map(RouteGroupBuilder portal) =>
        portal.MapPost("/access-codes", async (Command command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await mediator.Send(command, ct)))
            .WithName("RequestPortalAccessCode")
            .AllowAnonymous()
            .Produces<Response>(202)
            .ProducesValidationProblem()
            .ProducesProblem(429);
}
