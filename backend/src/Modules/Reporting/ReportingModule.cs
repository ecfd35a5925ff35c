using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.Reporting.Data;

namespace Recovery.Reporting;

public static class ReportingModule
{
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<ReportingDb>(ReportingDb.Name, typeof(ReportingModule).Assembly);
        return services;
    }

    public static void MapReporting(this IEndpointRouteBuilder app)
    {
    }
}
