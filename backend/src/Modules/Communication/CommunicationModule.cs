using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.AgentCalls;
using Recovery.Communication.Features.Calls;
using Recovery.Communication.Features.Compliance;
using Recovery.Communication.Features.Dispatch;
using Recovery.Communication.Features.Letters;
using Recovery.Communication.Features.Messages;
using Recovery.Communication.Features.Negativacao;
using Recovery.Communication.Features.Reminders;
using Recovery.Communication.Features.Runs;
using Recovery.Communication.Features.Schedules;
using Recovery.Communication.Features.Templates;
using Recovery.Communication.Features.Webhooks;
using Recovery.Communication.Jobs;
using Recovery.Communication.Subscriptions;
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
        services.Configure<NegativacaoOptions>(config.GetSection("Communication:Negativacao"));
        services.AddSingleton(sp => new ContactCalendar(sp.GetRequiredService<IOptions<ContactOptions>>().Value));
        services.AddHttpClient("communication", c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(WebhookJob.WebhookClient, c => c.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookTarget.Handler(sp.GetRequiredService<IOptions<CommunicationOptions>>().Value.AllowLoopbackWebhooks));
        services.AddSingleton<SmtpPool>();
        services.AddSingleton<IChannel, EmailChannel>();
        services.AddSingleton<IChannel>(sp => ActivatorUtilities.CreateInstance<ProviderChannel>(sp, "sms",
            (Func<CommunicationOptions, CommunicationOptions.ProviderOptions>)(o => o.Sms)));
        services.AddSingleton<IChannel>(sp => ActivatorUtilities.CreateInstance<ProviderChannel>(sp, "whatsapp",
            (Func<CommunicationOptions, CommunicationOptions.ProviderOptions>)(o => o.WhatsApp)));
        services.AddSingleton<IBureau>(sp => string.IsNullOrEmpty(sp.GetRequiredService<IOptions<NegativacaoOptions>>().Value.BureauUrl)
            ? ActivatorUtilities.CreateInstance<FileBureau>(sp)
            : ActivatorUtilities.CreateInstance<HttpBureau>(sp));
        services.AddSingleton<RunPlanner>();
        services.Configure<PortalLinkOptions>(config.GetSection("PortalLink"));
        services.AddSingleton<PortalLinks>();

        services.AddLeasedJob<DispatchJob>();
        services.AddLeasedJob<DunningJob>();
        services.AddLeasedJob<WebhookJob>();
        services.AddLeasedJob<NegativacaoJob>();

        services.AddSubscriber<DebtStateChanged, OnDebtStateChanged, CommunicationDb>();
        services.AddSubscriber<HoldPlaced, OnHoldEvents, CommunicationDb>();
        services.AddSubscriber<HoldLifted, OnHoldEvents, CommunicationDb>();
        services.AddSubscriber<PaymentReceived, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<InvoiceCancelled, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<AgreementCreated, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<InstallmentPaid, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<AgreementCompleted, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<AgreementBroken, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<AgreementActivated, OnAgreementSchedule, CommunicationDb>();
        services.AddSubscriber<InstallmentPaid, OnAgreementSchedule, CommunicationDb>();
        services.AddSubscriber<AgreementCompleted, OnAgreementSchedule, CommunicationDb>();
        services.AddSubscriber<AgreementBroken, OnAgreementSchedule, CommunicationDb>();
        services.AddSubscriber<AgreementCancelled, OnAgreementSchedule, CommunicationDb>();
        services.AddSubscriber<Contracts.NegativacaoRegistered, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<Contracts.NegativacaoRemoved, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<Contracts.CallDialed, OnPartnerEvents, CommunicationDb>();
        services.AddSubscriber<PortfolioPurchased, OnPortfolioPurchased, CommunicationDb>();
        services.AddSubscriber<Bureau.Contracts.BureauAlertRaised, OnPartnerEvents, CommunicationDb>();
        services.AddPersonalDataSource<Features.PersonalData>();
        services.AddSubscriber<DebtorAnonymised, Features.PersonalData, CommunicationDb>();

        services.AddScoped<IScopedResource, Features.Scope.MessageResource>();
        services.AddHandler<Contracts.GetContactWindow, Contracts.ContactWindow, ContactWindowHandler>();
        services.AddSingleton<Features.Requested.RequestedMessageSignal>();
        services.AddSingleton<Features.Requested.RequestedMessageSender>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Requested.RequestedMessageSender>());
        services.AddHandler<Contracts.SendAccessCode, Contracts.AccessCodeSent?, Features.Requested.SendAccessCodeHandler>();
        services.AddHandler<Contracts.SendDataSubjectReport, Contracts.AccessCodeSent?, Features.Requested.SendDataSubjectReportHandler>();
        services.AddHandler<Contracts.RequestCallback, Contracts.CallbackScheduled, RequestCallbackCommand.ContractHandler>();
        services.AddHandler<RequestCallbackCommand.Command, Contracts.CallbackScheduled, RequestCallbackCommand.Handler>();
        services.AddHandler<Contracts.FindMessageDebtor, Guid?, FindMessageDebtorHandler>();
        services.AddSubscriber<Contracts.CallbackRequested, OnPartnerEvents, CommunicationDb>();
        services.AddHandler<SaveTemplate.Command, Template, SaveTemplate.Handler>();
        services.AddHandler<ListTemplates.Query, ListTemplates.Response, ListTemplates.Handler>();
        services.AddHandler<GetSchedule.Query, Schedule, GetSchedule.Handler>();
        services.AddHandler<SaveSchedule.Command, Schedule, SaveSchedule.Handler>();
        services.AddHandler<GetAgreementReminders.Query, ReminderSchedule, GetAgreementReminders.Handler>();
        services.AddHandler<SaveAgreementReminders.Command, ReminderSchedule, SaveAgreementReminders.Handler>();
        services.AddHandler<StartDunningRun.Command, RunView, StartDunningRun.Handler>();
        services.AddHandler<GetDunningRun.Query, RunView, GetDunningRun.Handler>();
        services.AddHandler<ListDunningRuns.Query, ListDunningRuns.Response, ListDunningRuns.Handler>();
        services.AddHandler<SendMessage.Command, MessageView, SendMessage.Handler>();
        services.AddHandler<SendAgreementPix.Command, MessageView, SendAgreementPix.Handler>();
        services.AddHandler<ListMessages.Query, ListMessages.Response, ListMessages.Handler>();
        services.AddHandler<RecordWhatsAppOptIn.Command, RecordWhatsAppOptIn.Response, RecordWhatsAppOptIn.Handler>();
        services.AddHandler<ListLetters.Query, IReadOnlyList<LetterView>, ListLetters.Handler>();
        services.AddHandler<GetLetter.Query, string, GetLetter.Handler>();
        services.AddHandler<PrintLetter.Query, Recovery.BuildingBlocks.Printing.PdfFile, PrintLetter.Handler>();
        services.AddHandler<MarkLetterPrinted.Command, MediatR.Unit, MarkLetterPrinted.Handler>();
        services.AddHandler<ListCalls.Query, IReadOnlyList<CallView>, ListCalls.Handler>();
        services.AddHandler<RecordCallOutcome.Command, MediatR.Unit, RecordCallOutcome.Handler>();
        services.AddHandler<GetCallOutcomes.Query, GetCallOutcomes.Response, GetCallOutcomes.Handler>();
        services.AddHandler<GetCallOutcomes.DebtorQuery, GetCallOutcomes.Response, GetCallOutcomes.DebtorHandler>();
        services.AddHandler<SaveCallOutcomes.Command, GetCallOutcomes.Response, SaveCallOutcomes.Handler>();
        services.AddHandler<RecordCall.Command, RecordCall.Response, RecordCall.Handler>();
        services.AddHandler<DialCall.Command, DialCall.Response, DialCall.Handler>();
        services.AddHandler<RecordDeliveryCallback.Command, MediatR.Unit, RecordDeliveryCallback.Handler>();
        services.AddHandler<SaveWebhook.Command, Webhook, SaveWebhook.Handler>();
        services.AddHandler<GetWebhook.Query, Webhook, GetWebhook.Handler>();
        services.AddHandler<ListWebhookDeliveries.Query, ListWebhookDeliveries.Response, ListWebhookDeliveries.Handler>();
        services.AddHandler<ListNegativacoes.Query, ListNegativacoes.Response, ListNegativacoes.Handler>();
        return services;
    }

    public static void MapCommunication(this IEndpointRouteBuilder app)
    {
        var communication = app.MapGroup("/api/v1/communication").WithTags("Communication");
        SaveTemplate.Map(communication);
        ListTemplates.Map(communication);
        StartDunningRun.Map(communication);
        GetDunningRun.Map(communication);
        ListDunningRuns.Map(communication);
        ListNegativacoes.Map(communication);
        ListLetters.Map(communication);
        GetLetter.Map(communication);
        MarkLetterPrinted.Map(communication);
        ListCalls.Map(communication);
        RecordCallOutcome.Map(communication);
        RecordDeliveryCallback.Map(app.MapGroup("/api/v1/providers").WithTags("Providers"));

        var portfolios = app.MapGroup("/api/v1/portfolios").WithTags("Communication");
        GetSchedule.Map(portfolios);
        SaveSchedule.Map(portfolios);
        GetAgreementReminders.Map(portfolios);
        SaveAgreementReminders.Map(portfolios);
        GetCallOutcomes.Map(portfolios);
        SaveCallOutcomes.Map(portfolios);

        var debtors = app.MapGroup("/api/v1/debtors").WithTags("Communication");
        SendMessage.Map(debtors);
        SendAgreementPix.Map(debtors);
        ListMessages.Map(debtors);
        RecordWhatsAppOptIn.Map(debtors);
        RecordCall.Map(debtors);
        GetCallOutcomes.MapDebtor(debtors);
        DialCall.Map(debtors);

        var partner = app.MapGroup("/api/v1/partner").WithTags("Partner: webhooks");
        SaveWebhook.Map(partner);
        GetWebhook.Map(partner);
        ListWebhookDeliveries.Map(partner);

        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration");
        GetWebhook.MapAdmin(admin);
        ListWebhookDeliveries.MapAdmin(admin);
    }
}
