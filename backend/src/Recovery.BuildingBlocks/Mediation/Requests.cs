using MediatR;

namespace Recovery.BuildingBlocks.Mediation;

/// <summary>Marks a request that changes state: it runs in one transaction and leaves an audit entry.</summary>
public interface ICommandBase
{
}

public interface ICommand<out TResponse> : IRequest<TResponse>, ICommandBase
{
}

public interface ICommand : ICommand<Unit>, IRequest
{
}
