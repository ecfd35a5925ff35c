using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.Communication.Data;

namespace Recovery.Communication;

public static class CommunicationModule
{
    public static IServiceCollection AddCommunication(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<CommunicationDb>(CommunicationDb.Name, typeof(CommunicationModule).Assembly);
        return services;
    }

    public static void MapCommunication(this IEndpointRouteBuilder app)
    {
    }
}
