using Recovery.Api;
using Recovery.BuildingBlocks.Data;
using Recovery.Platform;

// `backup <dir>` and `restore <backupDir> [--force]` run and exit instead of serving.
if (BackupCommands.Handles(args)) return await BackupCommands.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddRecovery();

var app = builder.Build();

// Migrations and the first administrator before the first request is served.
await app.Services.GetRequiredService<MigrationRunner>().RunAsync();
await app.Services.InitializePlatformAsync();

app.UseRecovery();
app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests and to the benchmark.</summary>
public partial class Program;
