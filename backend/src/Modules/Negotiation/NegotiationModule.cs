using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Agreements;
using Recovery.Negotiation.Features.Pix;
using Recovery.Negotiation.Features.Plans;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Features.Promises;
using Recovery.Negotiation.Features.Valuation;
using Recovery.Negotiation.Jobs;

namespace Recovery.Negotiation;

/// <summary>What a fair, lawful plan looks like: valuation, policies, the simulator, agreements, payments and Pix.</summary>
public static class NegotiationModule
{
    public static IServiceCollection AddNegotiation(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<NegotiationDb>(NegotiationDb.Name, typeof(NegotiationModule).Assembly);
        // Every validator of the module, internal ones included; the validation behaviour runs them in the pipeline.
        services.AddValidatorsFromAssembly(typeof(NegotiationModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.Configure<AgreementJobOptions>(config.GetSection("Negotiation:Agreements"));
        services.AddLeasedJob<AgreementJob>();
        services.AddSubscriber<PaymentReceived, AgreementPayments.OnPaymentReceived, NegotiationDb>();
        AddPix(services, config);

        services.AddPersonalDataSource<Features.PersonalData>();
        services.AddSubscriber<Debtors.Contracts.DebtorAnonymised, Features.PersonalData, NegotiationDb>();
        services.AddScoped<IScopedResource, Features.Scope.AgreementResource>();
        services.AddHandler<GetValuation.Query, GetValuation.Response, GetValuation.Handler>();
        services.AddHandler<Features.Statements.PrintStatement.Query, Recovery.BuildingBlocks.Printing.PdfFile, Features.Statements.PrintStatement.Handler>();
        services.AddHandler<Indices.Load, Indices.Loaded, Indices.LoadHandler>();
        services.AddHandler<Indices.List, Indices.Loaded, Indices.ListHandler>();
        services.AddHandler<PolicySlices.Get, PolicyVersion, PolicySlices.GetHandler>();
        services.AddHandler<PolicySlices.Save, PolicyVersion, PolicySlices.SaveHandler>();
        services.AddHandler<Simulate.Query, Simulate.Response, Simulate.Handler>();
        services.AddHandler<CreateAgreement.Command, AgreementView, CreateAgreement.Handler>();
        services.AddHandler<DecideAgreement.Command, AgreementView, DecideAgreement.Handler>();
        services.AddHandler<AgreementQueries.Get, AgreementView, AgreementQueries.GetHandler>();
        services.AddHandler<GetInstallmentPix, InstallmentPixCode?, InstallmentPixQuery>();
        services.AddHandler<AgreementQueries.List, AgreementQueries.ListResponse, AgreementQueries.ListHandler>();
        services.AddHandler<AgreementQueries.Terms, string, AgreementQueries.TermsHandler>();
        services.AddHandler<PrintAgreementTerms.Query, Recovery.BuildingBlocks.Printing.PdfFile, PrintAgreementTerms.Handler>();
        services.AddHandler<AgreementQueries.Qr, (byte[] Content, string Type), AgreementQueries.QrHandler>();
        services.AddHandler<AgreementPayments.Register, AgreementView, AgreementPayments.RegisterHandler>();
        services.AddHandler<AgreementPayments.Pix, AgreementPayments.PixResponse, AgreementPayments.PixHandler>();
        services.AddHandler<Promises.Create, Promises.Promise, Promises.CreateHandler>();
        services.AddHandler<Promises.List, Promises.ListResponse, Promises.ListHandler>();
        services.AddHandler<Contracts.GetPendingPromises, IReadOnlyList<Contracts.PendingPromise>, PendingPromises>();
        // The self-service portal's questions (docs/adr/0023).
        services.AddHandler<Contracts.GetDebtorValuation, Contracts.DebtorValuation?, Features.SelfService.DebtorQueries.ValuationHandler>();
        services.AddHandler<Contracts.GetDebtorAgreementTerms, Contracts.DebtorDocument?, Features.SelfService.DebtorQueries.TermsHandler>();
        services.AddHandler<Contracts.GetSelfServiceOffers, IReadOnlyList<Contracts.SelfServiceOffer>, Features.SelfService.GetOffers>();
        services.AddHandler<Contracts.CreateSelfServiceAgreement, Contracts.SelfServiceAgreement, Features.SelfService.CreateSelfServiceAgreements.ContractHandler>();
        services.AddHandler<Contracts.MakeDebtorPromise, Guid, Features.SelfService.MakePromise>();
        services.AddHandler<Features.SelfService.CreateSelfServiceAgreements.Command, AgreementView, Features.SelfService.CreateSelfServiceAgreements.Handler>();
        return services;
    }

    /// <summary>Pix through the creditor's PSP (ADR 0017): cobv per installment, the webhook, the reconciliation and its report.</summary>
    private static void AddPix(IServiceCollection services, IConfiguration config)
    {
        services.Configure<PixOptions>(config.GetSection("Negotiation:Pix"));
        services.AddSingleton<IPixPsp, PixPspClient>();
        services.AddLeasedJob<PixChargeJob>();
        services.AddLeasedJob<PixReconciliationJob>();
        services.AddLeasedJob<PixRecurrenceJob>();
        services.AddSubscriber<AgreementCompleted, PlanCharges.OnCompleted, NegotiationDb>();
        services.AddHandler<ReceiveRecurrenceWebhooks.Recs, ReceiveRecurrenceWebhooks.Response, ReceiveRecurrenceWebhooks.RecsHandler>();
        services.AddHandler<ReceiveRecurrenceWebhooks.Cobrs, ReceiveRecurrenceWebhooks.Response, ReceiveRecurrenceWebhooks.CobrsHandler>();
        services.AddSubscriber<AgreementActivated, PlanCharges.OnActivated, NegotiationDb>();
        services.AddSubscriber<AgreementCancelled, PlanCharges.OnCancelled, NegotiationDb>();
        services.AddSubscriber<AgreementBroken, PlanCharges.OnBroken, NegotiationDb>();
        services.AddSubscriber<InstallmentPaid, PlanCharges.OnInstallmentPaid, NegotiationDb>();
        services.AddHandler<ReceivePixWebhook.Command, ReceivePixWebhook.Response, ReceivePixWebhook.Handler>();
        services.AddHandler<PixReconciliationReport.Query, PixReconciliationReport.Report, PixReconciliationReport.Handler>();
    }

    public static void MapNegotiation(this IEndpointRouteBuilder app)
    {
        var debtors = app.MapGroup("/api/v1/debtors").WithTags("Negotiation");
        GetValuation.Map(debtors);
        Features.Statements.PrintStatement.Map(debtors);
        Promises.Map(debtors);

        Indices.Map(app.MapGroup("/api/v1/admin").WithTags("Administration"), app.MapGroup("/api/v1/indices").WithTags("Negotiation"));
        PolicySlices.Map(app.MapGroup("/api/v1/portfolios").WithTags("Negotiation"));
        Simulate.Map(app.MapGroup("/api/v1/negotiations").WithTags("Negotiation"));

        var agreements = app.MapGroup("/api/v1/agreements").WithTags("Agreements");
        CreateAgreement.Map(agreements);
        DecideAgreement.Map(agreements);
        AgreementQueries.Map(agreements);
        AgreementPayments.Map(agreements, app.MapGroup("/api/v1/partner").WithTags("Partner: payments"));
        var providers = app.MapGroup("/api/v1/providers").WithTags("Providers");
        ReceivePixWebhook.Map(providers);
        ReceiveRecurrenceWebhooks.Map(providers);
        PixReconciliationReport.Map(app.MapGroup("/api/v1/reports").WithTags("Reports"));
    }
}
