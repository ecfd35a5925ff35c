using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Portal.Access;

namespace Recovery.Portal.Features;

/// <summary>
/// What the debtor does besides an agreement: promise a payment, dispute a debt (a <c>dispute</c> hold: collection stops),
/// stop contact at one of their addresses or numbers. Each runs as the owning module's command, audited and in the
/// timeline with the debtor as the actor.
/// </summary>
internal static class DebtorActions
{
    internal sealed record PromiseBody(decimal? Amount, DateOnly? DueDate);

    internal sealed record Promise(Guid DebtorId, decimal? Amount, DateOnly? DueDate) : IRequest<Created>;

    internal sealed record Created(Guid Id);

    internal sealed class PromiseValidator : AbstractValidator<Promise>
    {
        public PromiseValidator(TimeProvider clock)
        {
            RuleFor(p => p.Amount).NotNull().WithMessage("amount is required", "informe o valor")
                .Must(a => a is null || (a > 0 && a <= Money.MaxAmount && Money.HasAtMostTwoDecimals(a.Value)))
                .WithMessage("amount is more than zero, in reais with at most two decimals", "o valor é maior que zero, em reais com até dois decimais");
            RuleFor(p => p.DueDate).NotNull().WithMessage("dueDate is required (YYYY-MM-DD)", "informe a data do pagamento")
                .Must(d => d is null || (d >= clock.Today() && d <= clock.Today().AddDays(90)))
                .WithMessage("dueDate is from today to 90 days ahead", "a data vai de hoje a 90 dias");
        }
    }

    internal sealed class PromiseHandler(IMediator mediator) : IRequestHandler<Promise, Created>
    {
        public async Task<Created> Handle(Promise request, CancellationToken ct) =>
            new(await mediator.Send(new MakeDebtorPromise(request.DebtorId, Money.ToCents(request.Amount!.Value), request.DueDate!.Value), ct));
    }

    internal sealed record DisputeBody(Guid? InvoiceId, string? Reason);

    internal sealed record Dispute(Guid DebtorId, Guid? InvoiceId, string? Reason) : IRequest<Created>;

    internal sealed class DisputeValidator : AbstractValidator<Dispute>
    {
        public DisputeValidator() =>
            RuleFor(d => d.Reason).NotEmpty().WithMessage("reason is required", "conte o motivo da contestação")
                .MaximumLength(500).WithMessage("reason has at most 500 characters", "o motivo tem no máximo 500 caracteres");
    }

    internal sealed class DisputeHandler(IMediator mediator) : IRequestHandler<Dispute, Created>
    {
        public async Task<Created> Handle(Dispute request, CancellationToken ct) =>
            new(await mediator.Send(new PlaceDisputeHold(request.DebtorId, request.InvoiceId, request.Reason!.Trim()), ct)
                ?? throw new NotFoundException("Débito não encontrado."));
    }

    internal sealed record OptOutBody(Guid? ContactId, string? Reason);

    internal sealed record OptOut(Guid DebtorId, Guid? ContactId, string? Reason) : IRequest<Created>;

    internal sealed class OptOutValidator : AbstractValidator<OptOut>
    {
        public OptOutValidator()
        {
            RuleFor(o => o.ContactId).NotEmpty().WithMessage("contactId is required", "escolha o contato");
            RuleFor(o => o.Reason).MaximumLength(500).WithMessage("reason has at most 500 characters", "o motivo tem no máximo 500 caracteres");
        }
    }

    internal sealed class OptOutHandler(IMediator mediator) : IRequestHandler<OptOut, Created>
    {
        public async Task<Created> Handle(OptOut request, CancellationToken ct) =>
            await mediator.Send(new OptOutOwnContact(request.DebtorId, request.ContactId!.Value, request.Reason ?? "Pedido do devedor no portal"), ct)
                ? new Created(request.ContactId.Value)
                : throw new NotFoundException("Contato não encontrado.");
    }

    internal sealed record ContactsQuery(Guid DebtorId) : IRequest<Contacts>;

    internal sealed record Contact(Guid Id, string Channel, string Value, bool OptedOut);

    internal sealed record Contacts(IReadOnlyList<Contact> Items);

    internal sealed class ContactsHandler(IMediator mediator) : IRequestHandler<ContactsQuery, Contacts>
    {
        public async Task<Contacts> Handle(ContactsQuery query, CancellationToken ct)
        {
            var debtor = await mediator.Send(new GetDebtorContacts(query.DebtorId), ct) ?? throw new UnauthorizedException("Entre no portal de novo.");
            return new Contacts(debtor.Contacts.Select(c => new Contact(c.Id, c.Channel, Mask(c.Channel, c.Value), c.OptedOut)).ToList());
        }

        private static string Mask(string channel, string value) =>
            channel == "email" && value.IndexOf('@') is var at and > 0 ? value[0] + "***" + value[at..]
            : value.Length <= 4 ? "****" : new string('*', value.Length - 4) + value[^4..];
    }

    internal static void Map(RouteGroupBuilder portal)
    {
        portal.MapPost("/promises", async (PromiseBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created((string?)null, await mediator.Send(new Promise(PortalPrincipal.DebtorId(http.User), body.Amount, body.DueDate), ct)))
            .WithName("CreatePortalPromise").RequireAuthorization(Policies.Debtor).ProducesValidationProblem().ProducesProblem(401);
        portal.MapPost("/disputes", async (DisputeBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created((string?)null, await mediator.Send(new Dispute(PortalPrincipal.DebtorId(http.User), body.InvoiceId, body.Reason), ct)))
            .WithName("CreatePortalDispute").RequireAuthorization(Policies.Debtor).ProducesValidationProblem().ProducesProblem(401).ProducesProblem(404);
        portal.MapGet("/contacts", (HttpContext http, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ContactsQuery(PortalPrincipal.DebtorId(http.User)), ct))
            .WithName("ListPortalContacts").RequireAuthorization(Policies.Debtor).ProducesProblem(401);
        portal.MapPost("/opt-outs", async (OptOutBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created((string?)null, await mediator.Send(new OptOut(PortalPrincipal.DebtorId(http.User), body.ContactId, body.Reason), ct)))
            .WithName("CreatePortalOptOut").RequireAuthorization(Policies.Debtor).ProducesValidationProblem().ProducesProblem(401).ProducesProblem(404);
    }
}
