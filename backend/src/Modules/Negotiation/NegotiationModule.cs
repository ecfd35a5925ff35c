using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Valuation;

namespace Recovery.Negotiation;

/// <summary>What a fair, lawful plan looks like: valuation, policies, the simulator, agreements, payments and Pix.</summary>
public static class NegotiationModule
{
    public static IServiceCollection AddNegotiation(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<NegotiationDb>(NegotiationDb.Name, typeof(NegotiationModule).Assembly);

        services.AddHandler<GetValuation.Query, GetValuation.Response, GetValuation.Handler>()
                .AddValidator<GetValuation.Query, GetValuation.Validator>();
        services.AddHandler<Indices.Load, Indices.Loaded, Indices.LoadHandler>()
                .AddValidator<Indices.Load, Indices.LoadValidator>();
        services.AddHandler<Indices.List, Indices.Loaded, Indices.ListHandler>();
        return services;
    }

    public static void MapNegotiation(this IEndpointRouteBuilder app)
    {
        var debtors = app.MapGroup("/api/v1/debtors").WithTags("Negotiation");
        GetValuation.Map(debtors);

        Indices.Map(app.MapGroup("/api/v1/admin").WithTags("Administration"), app.MapGroup("/api/v1/indices").WithTags("Negotiation"));
    }
}
