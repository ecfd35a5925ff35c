using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.Negotiation.Contracts;
using Recovery.Portal.Access;
using Recovery.Portal.Data;
using Recovery.Portal.Features;

namespace Recovery.Portal;

/// <summary>
/// The debtor's self-service portal (ADR 0023): sign-in by a one-time code without revealing who is a debtor, the open
/// debts valued today, offers within the self-service authority, agreements with Pix, and the debtor's own requests. It
/// owns the <c>portal</c> schema (codes, throttles, sessions, offers) and asks the other modules through their Contracts.
/// </summary>
public static class PortalModule
{
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<PortalDb>(PortalDb.Name, typeof(PortalModule).Assembly);
        services.AddValidatorsFromAssembly(typeof(PortalModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.Configure<PortalOptions>(config.GetSection("Portal"));

        // Its own cookie scheme, read only on the portal's paths (the platform's selector forwards them here).
        services.AddSingleton<PortalSessionStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, ConfigurePortalCookie>();
        services.AddAuthentication().AddCookie(AuthSchemes.Portal);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Debtor, p => p.AddAuthenticationSchemes(AuthSchemes.Portal).RequireRole(Roles.Debtor));

        services.AddHandler<RequestAccessCode.Command, RequestAccessCode.Response, RequestAccessCode.Handler>();
        services.AddHandler<StartSession.Command, StartSession.Response, StartSession.Handler>();
        services.AddHandler<ListDebts.Query, ListDebts.Response, ListDebts.Handler>();
        services.AddHandler<ListOffers.Query, ListOffers.Response, ListOffers.Handler>();
        services.AddHandler<AcceptOffer.Command, AcceptOffer.AgreementResponse, AcceptOffer.Handler>();
        services.AddHandler<AcceptOffer.TermsQuery, DebtorDocument, AcceptOffer.TermsHandler>();
        services.AddHandler<DebtorActions.Promise, DebtorActions.Created, DebtorActions.PromiseHandler>();
        services.AddHandler<DebtorActions.Dispute, DebtorActions.Created, DebtorActions.DisputeHandler>();
        services.AddHandler<DebtorActions.OptOut, DebtorActions.Created, DebtorActions.OptOutHandler>();
        services.AddHandler<DebtorActions.ContactsQuery, DebtorActions.Contacts, DebtorActions.ContactsHandler>();
        services.AddHandler<DebtorRequests.Callback, DebtorRequests.CallbackCreated, DebtorRequests.CallbackHandler>();
        services.AddHandler<DebtorRequests.DataSubjectRequest, DebtorRequests.DataSubjectRequestAccepted, DebtorRequests.DataSubjectRequestHandler>();
        services.Configure<PortalLinkSettings>(config.GetSection("PortalLink"));
        services.AddHandler<OpenLink.Command, StartSession.Response, OpenLink.Handler>();
        return services;
    }

    public static void MapPortal(this IEndpointRouteBuilder app)
    {
        var portal = app.MapGroup(AuthSchemes.PortalPath).WithTags("Portal");
        RequestAccessCode.Map(portal);
        StartSession.Map(portal);
        Sessions.Map(portal);
        ListDebts.Map(portal);
        ListOffers.Map(portal);
        AcceptOffer.Map(portal);
        DebtorActions.Map(portal);
        DebtorRequests.Map(portal);
        OpenLink.Map(portal);
    }
}
