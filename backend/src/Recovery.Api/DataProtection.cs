using Microsoft.AspNetCore.DataProtection;

namespace Recovery.Api;

internal static class DataProtectionSetup
{
    /// <summary>
    /// Keys that protect session cookies survive restarts: kept under the data directory, or in
    /// <c>DataProtection:KeysDirectory</c> (a share every instance behind the load balancer mounts).
    /// </summary>
    public static IServiceCollection AddRecoveryDataProtection(this IServiceCollection services, IConfiguration config)
    {
        var dir = config["DataProtection:KeysDirectory"]
                  ?? Path.Combine(config["RECOVERY_DATA_DIR"] ?? config["Database:DataDirectory"] ?? "data", "keys");
        services.AddDataProtection().SetApplicationName("Recovery").PersistKeysToFileSystem(new DirectoryInfo(dir));
        return services;
    }
}
