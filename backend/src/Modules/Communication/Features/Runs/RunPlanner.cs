using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Dispatch;
using Recovery.BuildingBlocks.Observability;

namespace Recovery.Communication.Features.Runs;

/// <summary>
/// The daily run of the dunning schedules: for every portfolio's schedule in force and every step, one set-based
/// statement queues the step for each open debt whose day it is (due date + offset = today, or up to
/// <see cref="CommunicationOptions.CatchUpDays"/> late), that meets the step's conditions and has no hold, unless that
/// step was already queued for that debt (a unique index makes it once, whatever runs twice). Progress is written after
/// every step. The agreement reminders are planned the same way after the dunning steps (<see cref="ReminderPlan"/>).
/// Runs never overlap: one per instance (a gate) and one across instances (a lease).
/// </summary>
internal sealed class RunPlanner(IServiceProvider services, Leases leases, TimeProvider clock, IOptions<CommunicationOptions> options, ILogger<RunPlanner> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the run and starts it in the background; null when a run is already going.</summary>
    public async Task<RunView?> StartAsync(string requestedBy, CancellationToken ct)
    {
        if (!await _gate.WaitAsync(0, ct)) return null;
        try
        {
            if (!await leases.TryAcquireAsync(CommunicationDb.Name, "dunning-run", TimeSpan.FromMinutes(30), ct)) { _gate.Release(); return null; }
            var run = await CreateAsync(requestedBy, ct);
            _ = Task.Run(async () =>
            {
                try { await ExecuteAsync(run.Id, run.BusinessDate, CancellationToken.None); }
                finally { _gate.Release(); }
            }, CancellationToken.None);
            return run;
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>Runs now and waits for the end (the daily job); null when a run is already going.</summary>
    public async Task<RunView?> RunAsync(string requestedBy, CancellationToken ct)
    {
        if (!await _gate.WaitAsync(0, ct)) return null;
        try
        {
            if (!await leases.TryAcquireAsync(CommunicationDb.Name, "dunning-run", TimeSpan.FromMinutes(30), ct)) return null;
            var run = await CreateAsync(requestedBy, ct);
            return await ExecuteAsync(run.Id, run.BusinessDate, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RunView> CreateAsync(string requestedBy, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
        await using var tx = await db.BeginAsync(ct);
        var now = clock.GetUtcNow();
        var steps = await tx.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM ({CurrentSteps}) s") + (await ReminderPlan.StepsAsync(tx)).Count;
        var run = new RunView
        {
            Id = Guid.CreateVersion7(), BusinessDate = clock.Today(), Status = "running", StepsTotal = steps, RequestedBy = requestedBy, StartedAt = now,
        };
        await tx.ExecuteAsync(
            """
            INSERT INTO communication.run (id, business_date, requested_by, status, steps_total, steps_done, planned, started_at)
            VALUES (@Id, @BusinessDate, @RequestedBy, @Status, @StepsTotal, 0, 0, @StartedAt)
            """, run);
        await tx.CommitAsync(ct);
        return run;
    }

    /// <summary>The steps of every portfolio's schedule in force.</summary>
    private const string CurrentSteps = """
        SELECT s.portfolio_id, s.version, st.step_key, st.offset_days, st.channel, st.template_code, st.min_cents, st.max_cents, st.segment,
               st.assignment_notice
          FROM communication.schedule s JOIN communication.schedule_step st ON st.schedule_id = s.id
         WHERE s.version = (SELECT MAX(s2.version) FROM communication.schedule s2 WHERE s2.portfolio_id = s.portfolio_id)
        """;

    private async Task<RunView> ExecuteAsync(Guid runId, DateOnly today, CancellationToken ct)
    {
        var planned = 0;
        var done = 0;
        try
        {
            // Each step is one statement, run in its own transaction: the dunning's, then the agreement reminders'.
            var plans = new List<Func<DbSession, DateTimeOffset, Task<int>>>();
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
                await using var session = await db.OpenAsync(ct);
                foreach (var step in await session.QueryAsync<StepRow>(CurrentSteps + " ORDER BY s.portfolio_id, st.offset_days, st.step_key"))
                    plans.Add((tx, now) => tx.ExecuteAsync(PlanSql(tx.Dialect, step), new
                    {
                        step.PortfolioId, step.Version, step.StepKey, step.Channel, step.TemplateCode, step.MinCents, step.MaxCents, step.AssignmentNotice,
                        Consumer = step.Segment == "consumer",
                        From = today.AddDays(-step.OffsetDays - options.Value.CatchUpDays), To = today.AddDays(-step.OffsetDays), Now = now,
                    }));
                foreach (var step in await ReminderPlan.StepsAsync(session))
                    plans.Add((tx, now) => tx.ExecuteAsync(ReminderPlan.Sql(tx.Dialect), ReminderPlan.Args(step, today, options.Value.CatchUpDays, now)));
            }
            foreach (var plan in plans)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
                await using var tx = await db.BeginAsync(ct);
                planned += await plan(tx, clock.GetUtcNow());
                done++;
                await tx.ExecuteAsync("UPDATE communication.run SET steps_done = @Done, planned = @Planned WHERE id = @Id",
                    new { Id = runId, Done = done, Planned = planned });
                await tx.CommitAsync(ct);
            }
            return await FinishAsync(runId, "completed", null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(Redaction.Exception(ex), "Dunning run {RunId} failed after {Done} steps", runId, done);
            return await FinishAsync(runId, "failed", ex.Message.Length > 900 ? ex.Message[..900] : ex.Message);
        }
    }

    /// <summary>
    /// The one statement per step: the (debt, step) pairs due today, not yet queued, queued now. On a purchased portfolio a
    /// step other than the assignment notice plans only debts whose notice was sent (Civil Code art. 290, ADR 0028).
    /// </summary>
    public static string PlanSql(ISqlDialect dialect, StepRow step) => $"""
        INSERT INTO communication.message (id, invoice_id, debtor_id, partner_id, step_key, schedule_version, channel, template_code, status,
                                           not_before, attempts, created_by, created_at, updated_at, assignment_notice)
        SELECT {dialect.NewId}, d.invoice_id, d.debtor_id, d.partner_id, @StepKey, @Version, @Channel, @TemplateCode, 'queued', @Now, 0, 'régua', @Now, @Now,
               @AssignmentNotice
          FROM communication.debt d
         WHERE d.portfolio_id = @PortfolioId AND d.status = 'open' AND d.due_date BETWEEN @From AND @To
           {(step.MinCents is null ? "" : "AND d.outstanding_cents >= @MinCents")}
           {(step.MaxCents is null ? "" : "AND d.outstanding_cents <= @MaxCents")}
           {(step.Segment is null ? "" : "AND d.consumer = @Consumer")}
           AND NOT EXISTS (SELECT 1 FROM communication.hold h WHERE h.debtor_id = d.debtor_id AND (h.invoice_id IS NULL OR h.invoice_id = d.invoice_id))
           AND NOT EXISTS (SELECT 1 FROM communication.message m WHERE m.invoice_id = d.invoice_id AND m.step_key = @StepKey)
           {(step.AssignmentNotice ? "" : AfterAssignmentNotice)}
        """;

    /// <summary>A debt of a purchased portfolio is chased only once its assignment notice was sent.</summary>
    public const string AfterAssignmentNotice = """
        AND (NOT EXISTS (SELECT 1 FROM communication.purchased_portfolio pp WHERE pp.portfolio_id = d.portfolio_id)
                OR EXISTS (SELECT 1 FROM communication.assignment_notice an WHERE an.invoice_id = d.invoice_id))
        """;

    private async Task<RunView> FinishAsync(Guid runId, string status, string? error)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
        await using var tx = await db.BeginAsync();
        await tx.ExecuteAsync("UPDATE communication.run SET status = @Status, error = @Error, finished_at = @Now WHERE id = @Id",
            new { Id = runId, Status = status, Error = error, Now = clock.GetUtcNow() });
        var view = await RunView.FindAsync(tx, runId);
        await tx.CommitAsync();
        return view!;
    }

    internal sealed class StepRow
    {
        public Guid PortfolioId { get; init; }
        public int Version { get; init; }
        public string StepKey { get; init; } = "";
        public int OffsetDays { get; init; }
        public string Channel { get; init; } = "";
        public string TemplateCode { get; init; } = "";
        public long? MinCents { get; init; }
        public long? MaxCents { get; init; }
        public string? Segment { get; init; }
        public bool AssignmentNotice { get; init; }
    }
}
