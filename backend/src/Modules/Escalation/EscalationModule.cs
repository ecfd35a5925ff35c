using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Escalation.Data;
using Recovery.Escalation.Features.Agencies;
using Recovery.Escalation.Features.Copies;
using Recovery.Escalation.Features.Placements;
using Recovery.Escalation.Features.Statements;

namespace Recovery.Escalation;

/// <summary>Beyond the régua: collection agencies, the debts placed with them, their commission and statements (ADR 0026).</summary>
public static class EscalationModule
{
    public static IServiceCollection AddEscalation(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<EscalationDb>(EscalationDb.Name, typeof(EscalationModule).Assembly);
        services.AddValidatorsFromAssembly(typeof(EscalationModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSubscriber<Debtors.Contracts.DebtStateChanged, OnDebtEvents, EscalationDb>();
        services.AddSubscriber<Debtors.Contracts.PaymentReceived, OnDebtEvents, EscalationDb>();
        services.AddSubscriber<Debtors.Contracts.PaymentReversed, OnDebtEvents, EscalationDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementCreated, OnDebtEvents, EscalationDb>();
        services.AddSubscriber<Negotiation.Contracts.InstallmentPaid, OnDebtEvents, EscalationDb>();
        services.AddLeasedJob<ExpirePlacementsJob>();

        services.AddHandler<CreateAgency.Command, CreateAgency.Agency, CreateAgency.Handler>();
        services.AddHandler<ListAgencies.Query, ListAgencies.Response, ListAgencies.Handler>();
        services.AddHandler<PlaceDebts.Command, PlaceDebts.Placement, PlaceDebts.Handler>();
        services.AddHandler<RecallPlacement.Command, MediatR.Unit, RecallPlacement.Handler>();
        services.AddHandler<ListPlacements.Query, ListPlacements.Response, ListPlacements.Handler>();
        services.AddHandler<GetStatement.Query, GetStatement.Statement, GetStatement.Handler>();
        services.AddHandler<AgencyPerformance.Query, AgencyPerformance.Response, AgencyPerformance.Handler>();
        return services;
    }

    public static void MapEscalation(this IEndpointRouteBuilder app)
    {
        var escalation = app.MapGroup("/api/v1/escalation").WithTags("Escalation");
        CreateAgency.Map(escalation);
        ListAgencies.Map(escalation);
        PlaceDebts.Map(escalation);
        RecallPlacement.Map(escalation);
        ListPlacements.Map(escalation);
        GetStatement.Map(escalation);
        AgencyPerformance.Map(escalation);
    }
}
