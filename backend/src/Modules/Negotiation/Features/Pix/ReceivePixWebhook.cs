using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// The PSP's payment webhook (the Pix API's callback: <c>{ "pix": [ { endToEndId, txid, valor, horario, ... } ] }</c>),
/// with the shared token in X-Provider-Token like the other provider callbacks. Each endToEndId counts once: the same
/// notification again answers 200 and changes nothing; an unknown txid is recorded as received but unmatched.
/// </summary>
internal static class ReceivePixWebhook
{
    internal sealed record Command(IReadOnlyList<PixItem> Pix) : IRequest<Response>;

    internal sealed record Body(List<PixItem>? Pix);

    /// <param name="Received">Pix in the notification.</param>
    /// <param name="Matched">New ones matched to an installment and paid on it.</param>
    /// <param name="Unmatched">New ones no installment has the txid of (kept for reconciliation).</param>
    /// <param name="Duplicates">Already registered (by an earlier notification or the reconciliation): ignored.</param>
    internal sealed record Response(int Received, int Matched, int Unmatched, int Duplicates);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Pix).NotEmpty().WithMessage("pix is a list of at least one Pix");
            RuleForEach(c => c.Pix).NotNull().WithMessage("a Pix cannot be null")
                .Must(p => p is null || RegisterReceivedPix.Problem(p) is null)
                .WithMessage((_, p) => p is null ? "" : RegisterReceivedPix.Problem(p) ?? "");
        }
    }

    internal sealed class Handler(NegotiationDb db, TimeProvider clock) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var now = clock.GetUtcNow();
            var outcomes = new List<RegisterReceivedPix.Outcome>();
            foreach (var pix in command.Pix) outcomes.Add(await RegisterReceivedPix.RegisterAsync(tx, pix, "webhook", now));
            await tx.CommitAsync(ct);
            return new Response(outcomes.Count, outcomes.Count(o => o == RegisterReceivedPix.Outcome.Matched),
                outcomes.Count(o => o == RegisterReceivedPix.Outcome.Unmatched), outcomes.Count(o => o == RegisterReceivedPix.Outcome.Duplicate));
        }
    }

    /// <summary>The PSP's callbacks carry the shared token in X-Provider-Token; none configured: every callback is refused.</summary>
    internal static void Authenticate(HttpRequest request, PixOptions options)
    {
        var expected = options.WebhookToken;
        var given = request.Headers["X-Provider-Token"].ToString();
        if (string.IsNullOrEmpty(expected) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            throw new UnauthorizedException("The PSP's webhook carries the shared token in X-Provider-Token.");
    }

    internal static void Map(RouteGroupBuilder providers)
    {
        // The Pix API's PSPs call the registered webhook URL with "/pix" appended: both are the same endpoint.
        foreach (var path in new[] { "/pix/webhook", "/pix/webhook/pix" })
        {
            var route = providers.MapPost(path, async (Body body, HttpRequest request, IOptions<PixOptions> options, IMediator mediator, CancellationToken ct) =>
                {
                    Authenticate(request, options.Value);
                    return TypedResults.Ok(await mediator.Send(new Command(body.Pix ?? []), ct));
                })
                .AllowAnonymous()
                .WithMetadata(new SharedSecretHeader("ProviderToken", "X-Provider-Token",
                    "The shared token the PSP sends with its Pix webhook (Negotiation:Pix:WebhookToken)."))
                .ProducesValidationProblem()
                .ProducesProblem(401);
            if (path.EndsWith("/pix", StringComparison.Ordinal)) route.ExcludeFromDescription();
            else route.WithName("PixWebhook").WithSummary("Pix received by the creditor's PSP (the Pix API webhook); each endToEndId counts once");
        }
    }
}
