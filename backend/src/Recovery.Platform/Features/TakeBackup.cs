using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data.Backups;

namespace Recovery.Platform.Features;

/// <summary>
/// An administrator takes an online backup of every schema at one point into the configured backups directory
/// (<c>Backups:Directory</c>) while the product keeps serving; the answer is the backup's manifest. Audited.
/// </summary>
internal static class TakeBackup
{
    internal sealed record Command : ICommand<BackupManifest>;

    internal sealed class Handler(SqliteBackup backup, IOptions<BackupOptions> options, AuditContext audit) : IRequestHandler<Command, BackupManifest>
    {
        public async Task<BackupManifest> Handle(Command command, CancellationToken ct)
        {
            BackupManifest manifest;
            try { manifest = await backup.TakeAsync(options.Value.Directory, ct); }
            catch (BackupRefusedException ex)
            {
                throw new ConflictException(ProblemTypes.Base + "backup-not-available", "Backup not available here", ex.Message);
            }
            audit.Describe("backup", manifest.Name, after: new { manifest.Name, manifest.TakenAt, manifest.TotalBytes, Files = manifest.Files.Count });
            return manifest;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/backups", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new Command(), ct)))
            .WithName(nameof(TakeBackup))
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(409);
}
