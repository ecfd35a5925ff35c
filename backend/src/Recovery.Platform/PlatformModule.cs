using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Platform.AuditTrail;
using Recovery.Platform.Data;
using Recovery.Platform.Features;
using Recovery.Platform.Identity;

namespace Recovery.Platform;

/// <summary>Identity, partners and their API keys, the audit trail: the host's own schema, <c>platform</c>.</summary>
public static class PlatformModule
{
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration config)
    {
        services.AddModuleSchema<PlatformDb>(PlatformDb.Name, typeof(PlatformModule).Assembly);
        // Every validator of the module, internal ones included; the validation behaviour runs them in the pipeline.
        services.AddValidatorsFromAssembly(typeof(PlatformModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.Configure<SecurityOptions>(config.GetSection("Security"));
        services.AddSingleton<PasswordHasher<UserRow>>();
        services.AddSingleton<AuditChain>();
        services.AddScoped<IAuditTrail, PlatformAuditTrail>();
        services.AddSubscriber<AuditRecorded, OnAuditRecorded, PlatformDb>();
        services.AddSingleton<AuditCheckpointKey>();
        services.AddLeasedJob<AuditCheckpointJob>();
        services.AddRecoveryAuth();

        services.AddSingleton<SecondFactor>();
        services.AddHandler<Login.Command, Login.Result, Login.Handler>();
        services.AddHandler<GetMe.Query, GetMe.Response, GetMe.Handler>();
        services.AddHandler<EnrolMfa.Command, EnrolMfa.Response, EnrolMfa.Handler>();
        services.AddHandler<ConfirmMfa.Command, ConfirmMfa.Response, ConfirmMfa.Handler>();
        services.AddHandler<ResetUserMfa.Command, MediatR.Unit, ResetUserMfa.Handler>();
        services.AddHandler<CreateUser.Command, CreateUser.Response, CreateUser.Handler>();
        services.AddHandler<ListUsers.Query, ListUsers.Response, ListUsers.Handler>();
        services.AddHandler<SetUserPortfolios.Command, SetUserPortfolios.Response, SetUserPortfolios.Handler>();
        services.AddHandler<SetUserPortfolios.Query, SetUserPortfolios.Response, SetUserPortfolios.QueryHandler>();
        services.AddHandler<SetUserTeam.Command, MediatR.Unit, SetUserTeam.Handler>();
        services.AddHandler<SetUserAgency.Command, MediatR.Unit, SetUserAgency.Handler>();
        services.AddHandler<CreateTeam.Command, CreateTeam.Team, CreateTeam.Handler>();
        services.AddHandler<ListTeams.Query, ListTeams.Response, ListTeams.Handler>();
        services.AddHandler<CreatePartner.Command, CreatePartner.Response, CreatePartner.Handler>();
        services.AddHandler<ListPartners.Query, ListPartners.Response, ListPartners.Handler>();
        services.AddHandler<IssuePartnerKey.Command, IssuePartnerKey.Response, IssuePartnerKey.Handler>();
        services.AddHandler<RevokePartnerKey.Command, MediatR.Unit, RevokePartnerKey.Handler>();
        services.AddHandler<GetPartnerSelf.Query, GetPartnerSelf.Response, GetPartnerSelf.Handler>();
        services.AddPersonalDataSource<PersonalData>();
        services.AddHandler<ListAuditEntries.Query, ListAuditEntries.Response, ListAuditEntries.Handler>();
        services.AddHandler<ListAuditEntries.Export, IAsyncEnumerable<ListAuditEntries.Entry>, ListAuditEntries.ExportHandler>();
        services.AddHandler<RunJob.Command, Recovery.BuildingBlocks.Messaging.JobRun, RunJob.Handler>();
        services.AddHandler<TakeBackup.Command, Recovery.BuildingBlocks.Data.Backups.BackupManifest, TakeBackup.Handler>();
        services.AddHandler<VerifyAuditTrail.Query, VerifyAuditTrail.Response, VerifyAuditTrail.Handler>();
        services.AddHandler<Contracts.GetCreditor, Contracts.Creditor?, ContractQueries.CreditorHandler>();
        services.AddHandler<Contracts.GetUser, Contracts.UserSummary?, ContractQueries.UserHandler>();
        services.AddHandler<Contracts.ListPeople, IReadOnlyList<Contracts.Person>, ContractQueries.PeopleHandler>();
        return services;
    }

    public static void MapPlatform(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Authentication");
        Login.Map(auth);
        Logout.Map(auth);
        GetMe.Map(auth);
        EnrolMfa.Map(auth);
        ConfirmMfa.Map(auth);

        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration");
        CreateUser.Map(admin);
        ListUsers.Map(admin);
        ResetUserMfa.Map(admin);
        SetUserPortfolios.Map(admin);
        SetUserTeam.Map(admin);
        SetUserAgency.Map(admin);
        CreateTeam.Map(admin);
        ListTeams.Map(admin);
        CreatePartner.Map(admin);
        ListPartners.Map(admin);
        IssuePartnerKey.Map(admin);
        RevokePartnerKey.Map(admin);
        RunJob.Map(admin);
        TakeBackup.Map(admin);

        GetPartnerSelf.Map(app.MapGroup("/api/v1/partner").WithTags("Partner"));

        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit");
        ListAuditEntries.Map(audit, app.MapGroup("/api/v1/lgpd").WithTags("LGPD"));
        VerifyAuditTrail.Map(audit);
    }

    /// <summary>After migrations: the first administrator, when the installation has no user.</summary>
    public static Task InitializePlatformAsync(this IServiceProvider services, CancellationToken ct = default) =>
        FirstAdministrator.EnsureAsync(services, ct);

    /// <summary>Authentication, then the CSRF and read-only guards, then rate limits (which need to know the caller).</summary>
    public static IApplicationBuilder UsePlatformSecurity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseRequestGuards();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
