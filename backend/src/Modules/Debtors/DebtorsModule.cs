using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.Debtors.Data;

namespace Recovery.Debtors;

public static class DebtorsModule
{
    public static IServiceCollection AddDebtors(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<DebtorsDb>(DebtorsDb.Name, typeof(DebtorsModule).Assembly);
        return services;
    }

    public static void MapDebtors(this IEndpointRouteBuilder app)
    {
    }
}
