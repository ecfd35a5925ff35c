using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.Analytics.Contracts;
using Recovery.Analytics.Data;
using Recovery.Analytics.Features.History;
using Recovery.Analytics.Features.Models;
using Recovery.Analytics.Features.Scores;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;

namespace Recovery.Analytics;

/// <summary>
/// Who will pay (ADR 0027): a dated history of every debt and debtor made only of the other modules' events, features
/// as of any day without leakage, the propensity to pay (a scorecard, then versioned and calibrated models), and the
/// scores the work queue, the 360 and the data-subject report ask for through Analytics.Contracts.
/// </summary>
public static class AnalyticsModule
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<AnalyticsDb>(AnalyticsDb.Name, typeof(AnalyticsModule).Assembly);
        services.AddValidatorsFromAssembly(typeof(AnalyticsModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.Configure<AnalyticsOptions>(config.GetSection("Analytics"));
        services.AddSingleton<ActiveModel>();
        services.AddScoped<Scoring>();

        services.AddSubscriber<DebtStateChanged, History, AnalyticsDb>();
        services.AddSubscriber<PaymentReceived, History, AnalyticsDb>();
        services.AddSubscriber<AgreementCreated, History, AnalyticsDb>();
        services.AddSubscriber<AgreementCompleted, History, AnalyticsDb>();
        services.AddSubscriber<AgreementBroken, History, AnalyticsDb>();
        services.AddSubscriber<AgreementCancelled, History, AnalyticsDb>();
        services.AddSubscriber<InstallmentPaid, History, AnalyticsDb>();
        services.AddSubscriber<PromiseMade, History, AnalyticsDb>();
        services.AddSubscriber<PromiseChecked, History, AnalyticsDb>();
        services.AddSubscriber<MessageAttempted, History, AnalyticsDb>();
        services.AddSubscriber<CallOutcomeRecorded, History, AnalyticsDb>();
        services.AddSubscriber<DebtorAnonymised, PersonalData, AnalyticsDb>();
        services.AddPersonalDataSource<PersonalData>();
        services.AddLeasedJob<TrainingJob>();
        services.AddLeasedJob<ScoringJob>();

        services.AddHandler<GetPropensities, IReadOnlyList<Propensity>, GetPropensitiesHandler>();
        services.AddHandler<GetDebtorScore, DebtorScore?, GetDebtorScoreHandler>();
        services.AddHandler<GetDebtFeatures.Query, GetDebtFeatures.Response?, GetDebtFeatures.Handler>();
        services.AddHandler<TrainPropensityModel.Command, TrainPropensityModel.Accepted, TrainPropensityModel.Handler>();
        services.AddHandler<GetTrainingRun.Query, GetTrainingRun.Run?, GetTrainingRun.Handler>();
        services.AddHandler<ListPropensityModels.Query, ListPropensityModels.Response, ListPropensityModels.Handler>();
        services.AddHandler<ActivatePropensityModel.Command, ListPropensityModels.Response, ActivatePropensityModel.Handler>();
        return services;
    }

    public static void MapAnalytics(this IEndpointRouteBuilder app)
    {
        GetDebtorScoreEndpoint.Map(app);
        var analytics = app.MapGroup("/api/v1/analytics").WithTags("Analytics");
        GetDebtFeatures.Map(analytics);
        var models = analytics.MapGroup("/models");
        TrainPropensityModel.Map(models);
        GetTrainingRun.Map(models);
        ListPropensityModels.Map(models);
        ActivatePropensityModel.Map(models);
    }
}
