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
using Recovery.Debtors.Jobs;

namespace Recovery.Debtors;

/// <summary>Who owes what: debtors, contacts, invoices pushed by partners, payments.</summary>
public static class DebtorsModule
{
    public static IServiceCollection AddDebtors(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<DebtorsDb>(DebtorsDb.Name, typeof(DebtorsModule).Assembly);
        services.AddSingleton<InvoiceIngestion>();
        services.Configure<PrescriptionOptions>(config.GetSection("Debtors:Prescription"));
        services.AddLeasedJob<PrescriptionJob>();
        services.Configure<RetentionOptions>(config.GetSection("Debtors:Retention"));
        services.AddLeasedJob<AnonymisationJob>();
        services.AddSubscriber<Negotiation.Contracts.AgreementActivated, OnAgreementEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementCompleted, OnAgreementEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementBroken, OnAgreementEvents, DebtorsDb>();
        services.AddSubscriber<Negotiation.Contracts.AgreementCancelled, OnAgreementEvents, DebtorsDb>();

        services.AddHandler<PushInvoice.Command, PushInvoice.Response, PushInvoice.Handler>()
                .AddValidator<PushInvoice.Command, PushInvoice.Validator>();
        services.AddHandler<PushInvoiceBatch.Command, PushInvoiceBatch.Response, PushInvoiceBatch.Handler>()
                .AddValidator<PushInvoiceBatch.Command, PushInvoiceBatch.Validator>();
        services.AddHandler<GetInvoice.Query, InvoiceView, GetInvoice.Handler>();
        services.AddHandler<ListInvoices.Query, ListInvoices.Response, ListInvoices.Handler>()
                .AddValidator<ListInvoices.Query, ListInvoices.Validator>();
        services.AddHandler<RegisterPayment.Command, RegisterPayment.Response, RegisterPayment.Handler>()
                .AddValidator<RegisterPayment.Command, RegisterPayment.Validator>();
        services.AddHandler<CancelInvoice.Command, InvoiceView, CancelInvoice.Handler>()
                .AddValidator<CancelInvoice.Command, CancelInvoice.Validator>();
        services.AddHandler<SearchDebtors.Query, SearchDebtors.Response, SearchDebtors.Handler>()
                .AddValidator<SearchDebtors.Query, SearchDebtors.Validator>();
        services.AddHandler<GetDebtor.Query, GetDebtor.Response, GetDebtor.Handler>();
        services.AddHandler<DataSubjectReport.Query, DataSubjectReport.Response, DataSubjectReport.Handler>()
            .AddValidator<DataSubjectReport.Query, DataSubjectReport.Validator>();
        services.AddHandler<GetTimeline.Query, GetTimeline.Response, GetTimeline.Handler>()
                .AddValidator<GetTimeline.Query, GetTimeline.Validator>();
        services.AddHandler<AddNote.Command, AddNote.Response, AddNote.Handler>()
                .AddValidator<AddNote.Command, AddNote.Validator>();
        services.AddHandler<PlaceHold.Command, Hold, PlaceHold.Handler>()
                .AddValidator<PlaceHold.Command, PlaceHold.Validator>();
        services.AddHandler<LiftHold.Command, Hold, LiftHold.Handler>()
                .AddValidator<LiftHold.Command, LiftHold.Validator>();
        services.AddHandler<OptOutContact.Command, OptOutContact.Response, OptOutContact.Handler>()
                .AddValidator<OptOutContact.Command, OptOutContact.Validator>();
        services.AddHandler<AssignDebts.Command, AssignDebts.Response, AssignDebts.Handler>()
                .AddValidator<AssignDebts.Command, AssignDebts.Validator>();
        services.AddHandler<GetWorkQueue.Query, GetWorkQueue.Response, GetWorkQueue.Handler>();
        services.AddHandler<GetDebtorDebts, DebtorDebts?, ContractQueries.DebtsHandler>();
        services.AddHandler<GetDebtorContacts, DebtorContacts?, ContractQueries.ContactsHandler>();
        services.AddHandler<GetContactsOfDebtors, IReadOnlyList<DebtorContacts>, ContractQueries.ContactsOfDebtorsHandler>();
        services.AddSubscriber<Communication.Contracts.MessageAttempted, OnMessageAttempted, DebtorsDb>();
        services.AddHandler<GetPortfolio, PortfolioSummary?, ContractQueries.PortfolioHandler>();
        services.AddHandler<ListPortfolios.Query, ListPortfolios.Response, ListPortfolios.Handler>();
        services.AddHandler<ListPortfolios.AllQuery, ListPortfolios.AllResponse, ListPortfolios.AllHandler>();
        services.AddHandler<SavePortfolio.Command, SavePortfolio.Response, SavePortfolio.Handler>()
                .AddValidator<SavePortfolio.Command, SavePortfolio.Validator>();
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

        var debtors = app.MapGroup("/api/v1/debtors").WithTags("Debtors");
        SearchDebtors.Map(debtors);
        GetDebtor.Map(debtors);
        GetTimeline.Map(debtors);
        AddNote.Map(debtors);
        PlaceHold.Map(debtors);
        LiftHold.Map(debtors);
        OptOutContact.Map(debtors);
        AssignDebts.Map(debtors);
        GetWorkQueue.Map(app);

        DataSubjectReport.Map(app.MapGroup("/api/v1/lgpd").WithTags("LGPD"));

        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration");
        ListPortfolios.Map(admin);
        ListPortfolios.MapAll(app);
        SavePortfolio.Map(admin);
    }
}
