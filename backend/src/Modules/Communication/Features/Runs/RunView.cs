using Recovery.BuildingBlocks.Data;

namespace Recovery.Communication.Features.Runs;

/// <summary>A run of the dunning schedules and how far it got.</summary>
internal sealed class RunView
{
    public Guid Id { get; init; }
    public DateOnly BusinessDate { get; init; }
    public string Status { get; init; } = "";
    public int StepsTotal { get; init; }
    public int StepsDone { get; init; }
    public int Planned { get; init; }
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Error { get; init; }

    public const string Columns = "id, business_date, status, steps_total, steps_done, planned, requested_by, started_at, finished_at, error";

    public static Task<RunView?> FindAsync(DbSession s, Guid id) =>
        s.QuerySingleOrDefaultAsync<RunView>($"SELECT {Columns} FROM communication.run WHERE id = @Id", new { Id = id });
}
