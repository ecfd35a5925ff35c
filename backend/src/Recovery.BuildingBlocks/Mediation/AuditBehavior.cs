using System.Runtime.ExceptionServices;
using System.Text.Json;
using FluentValidation;
using MediatR;
using Recovery.BuildingBlocks.Audit;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks.Security;

namespace Recovery.BuildingBlocks.Mediation;

/// <summary>
/// Runs every command in the request's unit of work and adds its audit entry to the same transaction, so that a change
/// and its entry commit together. A command that fails leaves an entry with its outcome (except plain validation
/// failures, which change nothing and would drown the trail).
/// </summary>
internal sealed class AuditBehavior<TRequest, TResponse>(
    UnitOfWork unitOfWork,
    AuditContext audit,
    ICurrentActor actor,
    IAuditTrail trail,
    TimeProvider clock) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommandBase) return await next();

        string outcome;
        ExceptionDispatchInfo failure;
        await using (var work = unitOfWork.Begin())
        {
            try
            {
                var response = await next();
                var entry = Entry("succeeded");
                if (unitOfWork.Session is { } session)
                {
                    await session.PublishAsync(entry, entry.OccurredAt);
                    await work.CommitAsync(cancellationToken);
                }
                else
                {
                    await trail.AppendAsync(entry, cancellationToken);
                }
                return response;
            }
            catch (ValidationException) { throw; }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
                outcome = ex switch
                {
                    ProblemException p => $"rejected:{p.Status}",
                    OperationCanceledException => "cancelled",
                    _ => "failed",
                };
            }
        }
        // The entry stands on its own, written once the failed transaction is rolled back (by this behaviour, or by
        // whoever owns the unit of work).
        var failed = Entry(outcome);
        await unitOfWork.AfterEndAsync(() => trail.AppendAsync(failed, CancellationToken.None));
        failure.Throw();
        throw new InvalidOperationException("unreachable");
    }

    private AuditRecorded Entry(string outcome) => new(
        Guid.CreateVersion7(),
        clock.GetUtcNow(),
        actor.Kind.ToString().ToLowerInvariant(),
        actor.Id,
        actor.Name,
        actor.Role,
        actor.IpAddress,
        ActionName(),
        audit.ResourceType,
        audit.ResourceId,
        outcome,
        audit.Before is null ? null : JsonSerializer.Serialize(audit.Before, JsonOptions),
        audit.After is null ? null : JsonSerializer.Serialize(audit.After, JsonOptions));

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static string ActionName()
    {
        var type = typeof(TRequest);
        if (type.GetCustomAttributes(typeof(AuditActionAttribute), false) is [AuditActionAttribute named]) return named.Name;
        return type.DeclaringType is { } slice ? slice.Name : type.Name;
    }
}

/// <summary>
/// The action a command is recorded under in the audit trail, where the slice's name would not say it (a slice with
/// several commands, or named for what it holds rather than what it does). By default the slice's name (CreateUser).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AuditActionAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
