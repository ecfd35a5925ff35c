using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Data.Backups;

namespace Recovery.Api;

/// <summary>
/// <c>backup &lt;dir&gt;</c> and <c>restore &lt;backupDir&gt; [--force]</c> on the command line, with the host's own
/// configuration (appsettings, RECOVERY_DATA_DIR, environment): a backup runs beside a serving instance; a restore
/// wants it stopped. Exit code 0 on success, 1 when refused, 2 on wrong usage.
/// </summary>
internal static class BackupCommands
{
    public static bool Handles(string[] args) => args is ["backup" or "restore", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var force = args.Contains("--force");
        var positional = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !a.Contains('=')).ToList();
        var settings = args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--force").ToArray();
        if (positional.Count != 1)
        {
            await Console.Error.WriteLineAsync("usage: Recovery.Api backup <dir> | restore <backupDir> [--force]");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(settings);
        builder.AddRecovery();
        await using var app = builder.Build();
        try
        {
            if (args[0] == "backup")
            {
                var manifest = await app.Services.GetRequiredService<SqliteBackup>().TakeAsync(positional[0]);
                Console.WriteLine($"{Path.Combine(Path.GetFullPath(positional[0]), manifest.Name)}: {manifest.Files.Count} files, {manifest.TotalBytes} bytes, {manifest.ElapsedMs} ms");
                return 0;
            }
            var runner = app.Services.GetRequiredService<MigrationRunner>();
            var plans = app.Services.GetServices<ModuleSchema>()
                .ToDictionary(s => s.Schema, s => (IReadOnlyList<string>)runner.PlanFor(s).Select(m => m.Name).ToList());
            var dataDirectory = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.DataDirectory;
            var restored = await RestoreBackup.RunAsync(positional[0], dataDirectory, force, plans);
            Console.WriteLine($"Restored {restored.Name} (taken {restored.TakenAt:O}) into {Path.GetFullPath(dataDirectory)}: {restored.Files.Count} files checked against the manifest.");
            return 0;
        }
        catch (BackupRefusedException ex)
        {
            await Console.Error.WriteLineAsync("refused: " + ex.Message);
            return 1;
        }
    }
}
