using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recovery.BuildingBlocks.Audit;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Data.Backups;
using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks.Mediation;
using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks.Security;

namespace Recovery.BuildingBlocks;

public static class BuildingBlocksRegistration
{
    public static IServiceCollection AddBuildingBlocks(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<DatabaseOptions>(config.GetSection("Database"));
        services.PostConfigure<DatabaseOptions>(o =>
        {
            if (config["RECOVERY_DATA_DIR"] is { Length: > 0 } dir) o.DataDirectory = dir;
        });
        services.Configure<MessagingOptions>(config.GetSection("Messaging"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Database>();
        services.AddSingleton<MigrationRunner>();
        services.Configure<BackupOptions>(config.GetSection("Backups"));
        services.AddSingleton<SqliteBackup>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<Leases>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddSingleton<OutboxBacklog>();
        services.AddScoped<UnitOfWork>();
        services.AddScoped<AuditContext>();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentActor, HttpCurrentActor>();
        services.AddMediation();
        services.AddRecoveryProblemDetails();
        services.Registry();  // exists even while no module subscribes to anything
        return services;
    }

    /// <summary>Registers a module's schema, its typed connection factory and the assembly that embeds its migrations.</summary>
    public static IServiceCollection AddModuleSchema<TDb>(this IServiceCollection services, string schema, Assembly migrations)
        where TDb : ModuleDb
    {
        services.AddScoped<TDb>();
        services.AddSingleton(new ModuleSchema(schema, migrations));
        return services;
    }
}
