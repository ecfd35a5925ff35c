using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Contracts;
using Recovery.Debtors.Features.Debtors;
using Recovery.Debtors.Features.Invoices;
using Recovery.Debtors.Features.Portfolios;
using Recovery.Debtors.Features.Scope;
using Recovery.Debtors.Jobs;

namespace Recovery.Debtors;

/// <summary>Who owes what: debtors, contacts, invoices pushed by partners, payments.</summary>
public static class DebtorsModule
{
    public static IServiceCollection AddDebtors(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<DebtorsDb>(DebtorsDb.Name, typeof(DebtorsModule).Assembly);
        // Every validator of the module, internal ones included; the validation behaviour runs them in the pipeline.
        services.AddValidatorsFromAssembly(typeof(DebtorsModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton<InvoiceIngestion>();
        services.Configure<PrescriptionOptions>(config.GetSection("Debtors:Prescription"));
        services.AddLeasedJob<PrescriptionJob>();
        services.Configure<RetentionOptions>(config.GetSection("Debtors:Retention"));
        services.AddLeasedJob<AnonymisationJob>();
        services.AddSubscriber<Negotiation.Contracts.AgreementCreated, OnAgreementEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementActivated, OnAgreementEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.PromiseMade, OnPromiseEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.PromiseChecked, OnPromiseEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementCompleted, OnAgreementEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementBroken, OnAgreementEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementCancelled, OnAgreementEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementCreated, OnAgreementEvents, DebtorsDb>();

        services.AddScoped<IScopeGate, ScopeGate>();
        services.AddScoped<IScopedResource, DebtorResource>();
        services.AddScoped<IScopedResource, InvoiceResource>();
        services.AddSubscriber<Escalation.Contracts.DebtsPlaced, OnPlacementEvents, DebtorsDb>();
        services.AddSubscriber<Escalation.Contracts.PlacementEnded, OnPlacementEvents, DebtorsDb>();

        services.AddHandler<PushInvoice.Command, PushInvoice.Response, PushInvoice.Handler>();
        services.AddHandler<PushInvoiceBatch.Command, PushInvoiceBatch.Response, PushInvoiceBatch.Handler>();
        services.AddHandler<GetInvoice.Query, InvoiceView, GetInvoice.Handler>();
        services.AddHandler<ListInvoices.Query, ListInvoices.Response, ListInvoices.Handler>();
        services.AddHandler<RegisterPayment.Command, RegisterPayment.Response, RegisterPayment.Handler>();
        services.AddHandler<ReversePayment.Command, InvoiceView, ReversePayment.Handler>();
        services.AddHandler<CancelInvoice.Command, InvoiceView, CancelInvoice.Handler>();
        services.AddHandler<SearchDebtors.Query, SearchDebtors.Response, SearchDebtors.Handler>();
        services.AddHandler<GetDebtor.Query, GetDebtor.Response, GetDebtor.Handler>();
        services.AddHandler<DataSubjectReport.Query, DataSubjectReport.Response, DataSubjectReport.Handler>();
        services.AddHandler<PrintDataSubjectReport.Query, Recovery.BuildingBlocks.Printing.PdfFile, PrintDataSubjectReport.Handler>();
        services.AddHandler<GetTimeline.Query, GetTimeline.Response, GetTimeline.Handler>();
        services.AddHandler<AddNote.Command, AddNote.Response, AddNote.Handler>();
        services.AddHandler<PlaceHold.Command, Hold, PlaceHold.Handler>();
        services.AddHandler<LiftHold.Command, Hold, LiftHold.Handler>();
        services.AddHandler<OptOutContact.Command, OptOutContact.Response, OptOutContact.Handler>();
        services.AddHandler<AssignDebts.Command, AssignDebts.Response, AssignDebts.Handler>();
        services.AddHandler<GetWorkQueue.Query, GetWorkQueue.Response, GetWorkQueue.Handler>();
        services.AddHandler<ListAssignments.Query, ListAssignments.Response, ListAssignments.Handler>();
        services.AddHandler<ListAssignments.TeamQuery, ListAssignments.Team, ListAssignments.TeamHandler>();
        services.AddHandler<GetDebtorDebts, DebtorDebts?, ContractQueries.DebtsHandler>();
        services.AddHandler<GetDebtorContacts, DebtorContacts?, ContractQueries.ContactsHandler>();
        services.AddHandler<GetContactsOfDebtors, IReadOnlyList<DebtorContacts>, ContractQueries.ContactsOfDebtorsHandler>();
        services.AddSubscriber<Communication.Contracts.MessageAttempted, OnMessageAttempted, DebtorsDb>();
        services.AddSubscriber<Communication.Contracts.CallOutcomeRecorded, OnCallOutcomeRecorded, DebtorsDb>();
        services.AddSubscriber<Communication.Contracts.CallbackRequested, OnCallbackRequested, DebtorsDb>();
        services.AddSubscriber<Communication.Contracts.MessageBounced, OnBureauEvents, DebtorsDb>();
        services.AddSubscriber<Bureau.Contracts.BureauContactsFound, OnBureauEvents, DebtorsDb>();
        services.AddSubscriber<Bureau.Contracts.BureauAlertRaised, OnBureauEvents, DebtorsDb>();
        services.AddHandler<GetPortfolio, PortfolioSummary?, ContractQueries.PortfolioHandler>();
        services.AddHandler<FindDebtorByDocument, DebtorIdentity?, PortalRequests.FindByDocumentHandler>();
        services.AddHandler<PlaceDisputeHold, Guid?, PortalRequests.DisputeHandler>();
        services.AddHandler<SendOwnDataSubjectReport, string?, SendOwnDataSubjectReportHandler.ContractHandler>();
        services.AddHandler<SendOwnDataSubjectReportHandler.Command, string?, SendOwnDataSubjectReportHandler.Handler>();
        services.AddHandler<OptOutOwnContact, bool, PortalRequests.OptOutHandler>();
        services.AddHandler<ListPortfolios.Query, ListPortfolios.Response, ListPortfolios.Handler>();
        services.AddHandler<ListPortfolios.AllQuery, ListPortfolios.AllResponse, ListPortfolios.AllHandler>();
        services.AddHandler<SavePortfolio.Command, SavePortfolio.Response, SavePortfolio.Handler>();
        return services;
    }

    public static void MapDebtors(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/api/v1/partner").WithTags("Partner: invoices");
        PushInvoice.Map(partner);
        PushInvoiceBatch.Map(partner);
        GetInvoice.Map(partner);
        ListInvoices.Map(partner);
        RegisterPayment.Map(partner);
        CancelInvoice.Map(partner);
        ReversePayment.Map(partner);

        var debtors = app.MapGroup("/api/v1/debtors").WithTags("Debtors");
        SearchDebtors.Map(debtors);
        GetDebtor.Map(debtors);
        GetTimeline.Map(debtors);
        AddNote.Map(debtors);
        PlaceHold.Map(debtors);
        LiftHold.Map(debtors);
        OptOutContact.Map(debtors);
        AssignDebts.Map(debtors);
        ListAssignments.Map(debtors);
        GetWorkQueue.Map(app);

        DataSubjectReport.Map(app.MapGroup("/api/v1/lgpd").WithTags("LGPD"));

        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration");
        ListPortfolios.Map(admin);
        ListPortfolios.MapAll(app);
        SavePortfolio.Map(admin);
    }
}
