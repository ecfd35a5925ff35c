using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Bureau.Client;
using Recovery.Bureau.Data;
using Recovery.Bureau.Features;
using Recovery.Bureau.Jobs;
using Recovery.Bureau.Subscriptions;
using Recovery.Debtors.Contracts;

namespace Recovery.Bureau;

/// <summary>
/// Knowing the debtor from outside (ADR 0028): credit-bureau lookups by CPF or CNPJ behind one adapter, cached and paid from
/// each portfolio's monthly budget; the contacts found handed to Debtors; monitoring that turns the bureau's changes into
/// alerts. It owns the <c>bureau</c> schema and knows debtors only from Debtors' events and Contracts.
/// </summary>
public static class BureauModule
{
    public static IServiceCollection AddBureau(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<BureauDb>(BureauDb.Name, typeof(BureauModule).Assembly);
        services.AddValidatorsFromAssembly(typeof(BureauModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.Configure<BureauOptions>(config.GetSection("Bureau"));
        services.AddSingleton<IBureauClient, HttpBureauClient>();
        services.AddScoped<Lookups>();
        services.AddLeasedJob<PlacementLookupJob>();
        services.AddLeasedJob<MonitoringJob>();

        services.AddSubscriber<DebtStateChanged, OnDebtStateChanged, BureauDb>();
        services.AddPersonalDataSource<PersonalData>();
        services.AddSubscriber<DebtorAnonymised, PersonalData, BureauDb>();

        services.AddHandler<RequestBureauLookup.Command, LookupView, RequestBureauLookup.Handler>();
        services.AddHandler<ListBureauLookups.Query, ListBureauLookups.Response, ListBureauLookups.Handler>();
        services.AddHandler<BureauSettings.Query, BureauSettings.Settings, BureauSettings.QueryHandler>();
        services.AddHandler<BureauSettings.Command, BureauSettings.Settings, BureauSettings.Handler>();
        return services;
    }

    public static void MapBureau(this IEndpointRouteBuilder app)
    {
        var debtors = app.MapGroup("/api/v1/debtors").WithTags("Bureau");
        RequestBureauLookup.Map(debtors);
        ListBureauLookups.Map(debtors);
        BureauSettings.Map(app.MapGroup("/api/v1/portfolios").WithTags("Bureau"));
    }
}
