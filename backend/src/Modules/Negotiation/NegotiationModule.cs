using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation;

public static class NegotiationModule
{
    public static IServiceCollection AddNegotiation(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<NegotiationDb>(NegotiationDb.Name, typeof(NegotiationModule).Assembly);
        return services;
    }

    public static void MapNegotiation(this IEndpointRouteBuilder app)
    {
    }
}
