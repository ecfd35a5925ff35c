using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Compliance;
using Recovery.Communication.Features.Debts;
using Recovery.Communication.Features.Dispatch;
using Recovery.Communication.Features.Messages;
using Recovery.Communication.Features.Negativacao;
using Recovery.Communication.Features.Runs;
using Recovery.Communication.Features.Schedules;
using Recovery.Communication.Features.Templates;
using Recovery.Communication.Features.Webhooks;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;

namespace Recovery.Communication;

/// <summary>Everything that leaves the building: templates, the dunning schedule, lawful dispatch on every channel.</summary>
public static class CommunicationModule
{
    public static IServiceCollection AddCommunication(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<CommunicationDb>(CommunicationDb.Name, typeof(CommunicationModule).Assembly);
        // Every validator of the module, internal ones included; the validation behaviour runs them in the pipeline.
        services.AddValidatorsFromAssembly(typeof(CommunicationModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.Configure<CommunicationOptions>(config.GetSection("Communication"));
        services.Configure<ContactOptions>(config.GetSection("Communication:Contact"));
        services.AddSingleton(sp => new ContactCalendar(sp.GetRequiredService<IOptions<ContactOptions>>().Value));
        services.AddHandler<Contracts.GetContactWindow, Contracts.ContactWindow, ContactWindowHandler>();
        services.AddHttpClient("communication", c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<IChannel, EmailChannel>();
        services.AddSingleton<IChannel>(sp => ActivatorUtilities.CreateInstance<ProviderChannel>(sp, "sms",
            (Func<CommunicationOptions, CommunicationOptions.ProviderOptions>)(o => o.Sms)));
        services.AddSingleton<IChannel>(sp => ActivatorUtilities.CreateInstance<ProviderChannel>(sp, "whatsapp",
            (Func<CommunicationOptions, CommunicationOptions.ProviderOptions>)(o => o.WhatsApp)));
        services.AddSingleton<RunPlanner>();
        services.AddLeasedJob<DispatchJob>();
        services.AddLeasedJob<DunningJob>();
        services.AddLeasedJob<WebhookJob>();
        services.Configure<NegativacaoOptions>(config.GetSection("Communication:Negativacao"));
        services.AddSingleton<IBureau>(sp => string.IsNullOrEmpty(sp.GetRequiredService<IOptions<NegativacaoOptions>>().Value.BureauUrl)
            ? ActivatorUtilities.CreateInstance<FileBureau>(sp)
            : ActivatorUtilities.CreateInstance<HttpBureau>(sp));
        services.AddLeasedJob<NegativacaoJob>();

        services.AddSubscriber<InvoiceReceived, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<PaymentReceived, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<InvoiceCancelled, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<InvoicePrescribed, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<HoldPlaced, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<HoldLifted, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<AgreementCreated, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<AgreementActivated, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<AgreementCompleted, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<AgreementBroken, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<AgreementCancelled, OnDebtEvents, CommunicationDb>();
        services.AddSubscriber<PaymentReceived, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<InvoiceCancelled, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<AgreementCreated, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<InstallmentPaid, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<AgreementCompleted, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<AgreementBroken, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<Contracts.NegativacaoRegistered, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<Contracts.NegativacaoRemoved, OnPartnerEvents, CommunicationDb>();

        services.AddPersonalDataSource<Features.PersonalData>();
        services.AddSubscriber<Debtors.Contracts.DebtorAnonymised, Features.PersonalData, CommunicationDb>();
        services.AddHandler<Templates.Save, Templates.Template, Templates.SaveHandler>();
        services.AddHandler<Templates.List, Templates.ListResponse, Templates.ListHandler>();
        services.AddHandler<Schedules.Get, Schedules.Schedule, Schedules.GetHandler>();
        services.AddHandler<Schedules.Save, Schedules.Schedule, Schedules.SaveHandler>();
        services.AddHandler<DunningRuns.Start, RunView, DunningRuns.StartHandler>();
        services.AddHandler<DunningRuns.Get, RunView, DunningRuns.GetHandler>();
        services.AddHandler<DunningRuns.List, DunningRuns.ListResponse, DunningRuns.ListHandler>();
        services.AddHandler<Messages.Send, MessageView, Messages.SendHandler>();
        services.AddHandler<Messages.List, Messages.ListResponse, Messages.ListHandler>();
        services.AddHandler<Messages.OptIn, Messages.OptInResponse, Messages.OptInHandler>();
        services.AddHandler<Queues.ListLetters, IReadOnlyList<Queues.LetterView>, Queues.ListLettersHandler>();
        services.AddHandler<Queues.GetLetter, string, Queues.GetLetterHandler>();
        services.AddHandler<Queues.MarkPrinted, MediatR.Unit, Queues.MarkPrintedHandler>();
        services.AddHandler<Queues.ListCalls, IReadOnlyList<Queues.CallView>, Queues.ListCallsHandler>();
        services.AddHandler<Queues.CallDone, MediatR.Unit, Queues.CallDoneHandler>();
        services.AddHandler<Queues.Callback, MediatR.Unit, Queues.CallbackHandler>();
        services.AddHandler<Webhooks.Save, Webhooks.Webhook, Webhooks.SaveHandler>();
        services.AddHandler<Webhooks.Get, Webhooks.Webhook, Webhooks.GetHandler>();
        services.AddHandler<Webhooks.Deliveries, Webhooks.DeliveriesResponse, Webhooks.DeliveriesHandler>();
        services.AddHandler<Negativacoes.List, Negativacoes.ListResponse, Negativacoes.ListHandler>();
        return services;
    }

    public static void MapCommunication(this IEndpointRouteBuilder app)
    {
        var communication = app.MapGroup("/api/v1/communication").WithTags("Communication");
        Templates.Map(communication);
        DunningRuns.Map(communication);
        Negativacoes.Map(communication);
        Queues.Map(communication, app.MapGroup("/api/v1/providers").WithTags("Providers"));
        Schedules.Map(app.MapGroup("/api/v1/portfolios").WithTags("Communication"));
        Messages.Map(app.MapGroup("/api/v1/debtors").WithTags("Communication"));
        Webhooks.Map(app.MapGroup("/api/v1/partner").WithTags("Partner: webhooks"));
        Webhooks.MapAdmin(app.MapGroup("/api/v1/admin").WithTags("Administration"));
    }
}
