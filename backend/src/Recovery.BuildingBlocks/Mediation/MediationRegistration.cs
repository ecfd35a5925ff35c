using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Recovery.BuildingBlocks.Mediation;

/// <summary>
/// MediatR 5 wired by hand: an explicit list of handlers per module is greppable, and the architecture test that every
/// request has a handler catches a forgotten line. Validators are found per module assembly
/// (<c>AddValidatorsFromAssembly</c> in each *Module.cs) and run by <see cref="ValidationBehavior{TRequest,TResponse}"/>.
/// </summary>
public static class MediationRegistration
{
    public static IServiceCollection AddMediation(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        // Outer to inner: audit (and the unit of work), then validation, then the handler.
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(AuditBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        return services;
    }

    public static IServiceCollection AddHandler<TRequest, TResponse, THandler>(this IServiceCollection services)
        where TRequest : IRequest<TResponse>
        where THandler : class, IRequestHandler<TRequest, TResponse>
    {
        services.AddTransient<IRequestHandler<TRequest, TResponse>, THandler>();
        return services;
    }
}
