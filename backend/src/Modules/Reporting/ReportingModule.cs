using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Agreements;
using Recovery.Reporting.Features.Aging;
using Recovery.Reporting.Features.Dashboard;
using Recovery.Reporting.Features.DefaultRate;
using Recovery.Reporting.Features.Funnel;
using Recovery.Reporting.Features.Negativacao;
using Recovery.Reporting.Features.Productivity;
using Recovery.Reporting.Features.ReadModels;
using Recovery.Reporting.Features.Recovered;

namespace Recovery.Reporting;

/// <summary>What happened, provably: read models fed by events (journaled, so they can be rebuilt), and the reports over them.</summary>
public static class ReportingModule
{
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<ReportingDb>(ReportingDb.Name, typeof(ReportingModule).Assembly);
        // Every validator of the module, internal ones included; the validation behaviour runs them in the pipeline.
        services.AddValidatorsFromAssembly(typeof(ReportingModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSubscriber<DebtStateChanged, Projections, ReportingDb>();
        services.AddSubscriber<PaymentReceived, Projections, ReportingDb>();
        services.AddSubscriber<AgreementCreated, Projections, ReportingDb>();
        services.AddSubscriber<AgreementActivated, Projections, ReportingDb>();
        services.AddSubscriber<AgreementCompleted, Projections, ReportingDb>();
        services.AddSubscriber<AgreementBroken, Projections, ReportingDb>();
        services.AddSubscriber<AgreementCancelled, Projections, ReportingDb>();
        services.AddSubscriber<InstallmentPaid, Projections, ReportingDb>();
        services.AddSubscriber<PromiseMade, Projections, ReportingDb>();
        services.AddSubscriber<PromiseChecked, Projections, ReportingDb>();
        services.AddSubscriber<MessageAttempted, Projections, ReportingDb>();
        services.AddSubscriber<NegativacaoNotified, Projections, ReportingDb>();
        services.AddSubscriber<NegativacaoRegistered, Projections, ReportingDb>();
        services.AddSubscriber<NegativacaoRemoved, Projections, ReportingDb>();
        services.AddSubscriber<CallOutcomeRecorded, Projections, ReportingDb>();
        services.AddSubscriber<RequestedMessageSent, Projections, ReportingDb>();
        services.AddSubscriber<Portal.Contracts.PortalSessionStarted, Projections, ReportingDb>();
        services.AddSubscriber<Portal.Contracts.PortalOffersShown, Projections, ReportingDb>();
        services.AddSubscriber<PortfolioPurchased, Projections, ReportingDb>();
        services.AddSubscriber<Bureau.Contracts.BureauLookupCharged, Projections, ReportingDb>();
        services.Configure<Features.Purchased.CostOptions>(config.GetSection("Reporting:Costs"));
        services.AddLeasedJob<RebuildJob>();
        services.AddHandler<Rebuild.Start, Rebuild.Status, Rebuild.StartHandler>();
        services.AddHandler<Rebuild.Get, Rebuild.Status, Rebuild.GetHandler>();

        services.AddHandler<Aging.Query, Aging.Report, Aging.Handler>();
        services.AddHandler<Aging.DebtsQuery, Aging.AgedDebts, Aging.DebtsHandler>();
        services.AddHandler<RecoveryReport.Query, RecoveryReport.Report, RecoveryReport.Handler>();
        services.AddHandler<AgreementsReport.Query, AgreementsReport.Report, AgreementsReport.Handler>();
        services.AddHandler<ProductivityReport.Query, ProductivityReport.Report, ProductivityReport.Handler>();
        services.AddHandler<DunningFunnel.Query, DunningFunnel.Report, DunningFunnel.Handler>();
        services.AddHandler<NegativacaoReport.Query, NegativacaoReport.Report, NegativacaoReport.Handler>();
        services.AddHandler<DefaultRateReport.Query, DefaultRateReport.Report, DefaultRateReport.Handler>();
        services.AddHandler<Dashboard.Query, Dashboard.Report, Dashboard.Handler>();
        services.AddHandler<PortalFunnel.Query, PortalFunnel.Report, PortalFunnel.Handler>();
        services.AddHandler<Features.Purchased.PurchasedPortfoliosReport.Query, Features.Purchased.PurchasedPortfoliosReport.Report,
            Features.Purchased.PurchasedPortfoliosReport.Handler>();
        return services;
    }

    public static void MapReporting(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").WithTags("Reports");
        Aging.Map(reports);
        RecoveryReport.Map(reports);
        AgreementsReport.Map(reports);
        ProductivityReport.Map(reports);
        DunningFunnel.Map(reports);
        NegativacaoReport.Map(reports);
        DefaultRateReport.Map(reports);
        Dashboard.Map(reports);
        PortalFunnel.Map(reports);
        Features.Purchased.PurchasedPortfoliosReport.Map(reports);
        Rebuild.Map(reports);
    }
}
