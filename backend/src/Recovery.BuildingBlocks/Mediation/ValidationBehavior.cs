using FluentValidation;
using FluentValidation.Results;
using MediatR;

namespace Recovery.BuildingBlocks.Mediation;

internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        List<ValidationFailure>? failures = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            if (!result.IsValid) (failures ??= []).AddRange(result.Errors);
        }
        return failures is null ? await next() : throw new ValidationException(failures);
    }
}
