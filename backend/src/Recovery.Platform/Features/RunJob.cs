using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Platform.Features;

/// <summary>
/// The background jobs administrators can see and run at once (outside their interval): the same run, under the same
/// lease, as the scheduled one; audited.
/// </summary>
internal static class RunJob
{
    internal sealed record Command(string Name) : ICommand<JobRun>;

    internal sealed record ListResponse(IReadOnlyList<string> Items);

    internal sealed class Handler(IEnumerable<LeasedJob> jobs, AuditContext audit) : IRequestHandler<Command, JobRun>
    {
        public async Task<JobRun> Handle(Command command, CancellationToken ct)
        {
            var job = jobs.FirstOrDefault(j => j.LeaseName == command.Name)
                ?? throw new NotFoundException($"There is no job named '{command.Name}'. Jobs: {string.Join(", ", jobs.Select(j => j.LeaseName))}.");
            var run = await job.RunNowAsync(ct)
                ?? throw new ConflictException(ProblemTypes.Base + "job-running-elsewhere", "Job running elsewhere",
                    $"Another instance holds the '{command.Name}' lease; its run covers this one.");
            audit.Describe("job", command.Name, after: run);
            return run;
        }
    }

    internal static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/jobs", (IEnumerable<LeasedJob> jobs) => TypedResults.Ok(new ListResponse(jobs.Select(j => j.LeaseName).Order().ToList())))
            .WithName("ListJobs")
            .RequireAuthorization(Policies.Admin);
        group.MapPost("/jobs/{name}/runs", async (string name, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Command(name), ct)))
            .WithName(nameof(RunJob))
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(404)
            .ProducesProblem(409);
    }
}
