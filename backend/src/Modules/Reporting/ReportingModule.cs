using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Aging;
using Recovery.Reporting.Features.Debts;

namespace Recovery.Reporting;

/// <summary>What happened, provably: read models fed by events, and the reports over them.</summary>
public static class ReportingModule
{
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<ReportingDb>(ReportingDb.Name, typeof(ReportingModule).Assembly);
        services.AddSubscriber<InvoiceReceived, OnDebtEvents, ReportingDb>();
        services.AddSubscriber<PaymentReceived, OnDebtEvents, ReportingDb>();
        services.AddSubscriber<InvoiceCancelled, OnDebtEvents, ReportingDb>();
        services.AddSubscriber<InvoicePrescribed, OnDebtEvents, ReportingDb>();
        services.AddSubscriber<AgreementActivated, OnDebtEvents, ReportingDb>();
        services.AddSubscriber<AgreementCompleted, OnDebtEvents, ReportingDb>();
        services.AddSubscriber<AgreementBroken, OnDebtEvents, ReportingDb>();
        services.AddSubscriber<AgreementCancelled, OnDebtEvents, ReportingDb>();
        services.AddHandler<Aging.Query, Aging.Report, Aging.Handler>().AddValidator<Aging.Query, Aging.Validator>();
        return services;
    }

    public static void MapReporting(this IEndpointRouteBuilder app)
    {
        Aging.Map(app.MapGroup("/api/v1/reports").WithTags("Reports"));
    }
}
