using Recovery.BuildingBlocks;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// The agent's debts in the order most worth working now: expected recovery (outstanding × the chance of recovering a
/// debt that late), leaving out what may not be chased (holds, prescribed, settled, cancelled). Debts whose debtor has
/// no usable contact come last, and before them those whose debtor may not be contacted at this hour (the contact-hour
/// law of their state, Sundays, holidays: Communication's calendar, the one the dispatcher applies).
/// </summary>
internal static class GetWorkQueue
{
    internal sealed record Query(Guid AgentId, int? Limit) : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Item> Items);

    internal sealed record Item(Guid InvoiceId, Guid DebtorId, string DebtorName, string Document, string ExternalId, string Status,
        decimal Outstanding, int DaysLate, decimal ExpectedRecovery, bool Reachable, string Why,
        bool ContactAllowedNow, DateTimeOffset ContactAllowedFrom, string? ContactNote);

    internal sealed class Handler(DebtorsDb db, TimeProvider clock, IMediator mediator) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT i.id AS invoice_id, i.debtor_id, d.name AS debtor_name, d.document, i.external_id, i.status, i.outstanding_cents, i.due_date,
                   (SELECT ad.state FROM debtors.address ad WHERE ad.debtor_id = d.id) AS state,
                   (SELECT COUNT(*) FROM debtors.contact c WHERE c.debtor_id = d.id AND c.opted_out_at IS NULL AND c.is_valid = 1) AS usable_contacts
              FROM debtors.assignment a
              JOIN debtors.invoice i ON i.id = a.invoice_id
              JOIN debtors.debtor d ON d.id = i.debtor_id
             WHERE a.agent_id = @AgentId
               AND i.status IN ('open', 'in_agreement')
               AND NOT EXISTS (SELECT 1 FROM debtors.hold h
                                WHERE h.debtor_id = i.debtor_id AND (h.invoice_id IS NULL OR h.invoice_id = i.id)
                                  AND h.lifted_at IS NULL AND (h.ends_on IS NULL OR h.ends_on > @Today))
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Row>(Select, new { query.AgentId, Today = today })).ToList();
            var now = clock.GetUtcNow();
            var windows = new Dictionary<string, Communication.Contracts.ContactWindow>();
            foreach (var state in rows.Select(r => r.State?.ToUpperInvariant() ?? "").Distinct())
                windows[state] = await mediator.Send(new Communication.Contracts.GetContactWindow(state == "" ? null : state, now), ct);
            var items = rows.Select(r =>
            {
                var daysLate = Math.Max(0, today.DayNumber - r.DueDate.DayNumber);
                var expectedCents = (long)Math.Round(r.OutstandingCents * RecoveryChance(daysLate));
                var expected = Money.ToReais(expectedCents);
                var reachable = r.UsableContacts > 0;
                var why = !reachable ? "sem contato utilizável"
                    : daysLate == 0 ? "a vencer: lembrete preventivo"
                    : $"{daysLate} dias em atraso, recuperação esperada {Money.Format(expectedCents)}";
                var window = windows[r.State?.ToUpperInvariant() ?? ""];
                return new Item(r.InvoiceId, r.DebtorId, r.DebtorName, Documents.Mask(r.Document), r.ExternalId, r.Status,
                    Money.ToReais(r.OutstandingCents), daysLate, expected, reachable, why, window.OpenNow, window.OpensAt, window.Reason);
            });
            return new Response(items.OrderByDescending(i => i.Reachable).ThenByDescending(i => i.ContactAllowedNow)
                .ThenByDescending(i => i.ExpectedRecovery).ThenBy(i => i.InvoiceId)
                .Take(query.Limit ?? 100).ToList());
        }
    }

    /// <summary>
    /// A conservative curve of how much of a debt is recovered by how late it is (market figures for consumer credit
    /// fall from about half in the first month to a few percent after a year); a placeholder until Reporting's own
    /// recovery rates per portfolio feed it.
    /// </summary>
    internal static double RecoveryChance(int daysLate) => daysLate switch
    {
        <= 30 => 0.50,
        <= 60 => 0.35,
        <= 90 => 0.25,
        <= 180 => 0.15,
        <= 360 => 0.08,
        _ => 0.03,
    };

    private sealed class Row
    {
        public Guid InvoiceId { get; init; }
        public Guid DebtorId { get; init; }
        public string DebtorName { get; init; } = "";
        public string Document { get; init; } = "";
        public string ExternalId { get; init; } = "";
        public string Status { get; init; } = "";
        public long OutstandingCents { get; init; }
        public DateOnly DueDate { get; init; }
        public int UsableContacts { get; init; }
        public string? State { get; init; }
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/work-queue", (int? limit, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(actor.Id!.Value, Math.Clamp(limit ?? 100, 1, 500)), ct))
            .WithName(nameof(GetWorkQueue))
            .WithTags("Debtors")
            .RequireAuthorization(Policies.Agent);
}
