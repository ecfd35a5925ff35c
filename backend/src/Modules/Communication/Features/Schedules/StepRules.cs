using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Communication.Features.Schedules;

/// <summary>What every schedule's step has, the dunning schedule's and the agreement reminders': a key, a day, a channel, a template.</summary>
internal interface IScheduleStep
{
    string Key { get; }
    int OffsetDays { get; }
    string Channel { get; }
    string Template { get; }
}

/// <summary>The rules of a step that both schedules share; each gives its own range of days and its channels.</summary>
internal abstract class StepRules<T> : AbstractValidator<T> where T : IScheduleStep
{
    protected StepRules(int minOffset, int maxOffset, string offsetEnglish, string offsetPortuguese, string[] channels)
    {
        RuleFor(s => s.Key).Matches("^[A-Za-z0-9+._-]{1,32}$").WithMessage("key is 1-32 letters, digits, '+', '.', '_' or '-'", "etapa: de 1 a 32 letras, dígitos, '+', '.', '_' ou '-'");
        RuleFor(s => s.OffsetDays).InclusiveBetween(minOffset, maxOffset).WithMessage(offsetEnglish, offsetPortuguese);
        RuleFor(s => s.Channel).NotNull().WithMessage($"channel is one of {string.Join(", ", channels)}", $"canal deve ser um destes: {string.Join(", ", channels)}")
            .OneOf(channels).WithMessage($"channel is one of {string.Join(", ", channels)}", $"canal deve ser um destes: {string.Join(", ", channels)}");
        RuleFor(s => s.Template).NotEmpty().WithMessage("template is required", "escolha o modelo");
    }

    /// <summary>The rules of the list: present (an empty list stops the schedule), at most 50, no null, unique keys.</summary>
    public static void ForList<TCommand>(AbstractValidator<TCommand> validator, System.Linq.Expressions.Expression<Func<TCommand, IEnumerable<T>?>> steps,
        IValidator<T> step)
    {
        var get = steps.Compile();
        validator.RuleFor(steps).NotNull().WithMessage("steps is required (an empty list stops the schedule)", "informe as etapas (uma lista vazia desliga a régua)");
        validator.RuleFor(c => get(c)!.Count()).LessThanOrEqualTo(50).When(c => get(c) is not null).OverridePropertyName("steps")
            .WithMessage("at most 50 steps", "no máximo 50 etapas");
        validator.RuleForEach(steps!).NotNull().WithMessage("a step cannot be null", "a etapa não pode ficar vazia")
            .SetValidator(step).OverridePropertyName("steps");
        validator.RuleFor(c => get(c)!).Must(s => s.Select(x => x.Key).Distinct().Count() == s.Count()).When(c => get(c) is not null && !get(c)!.Contains(default!))
            .OverridePropertyName("steps").WithMessage("step keys are unique", "cada etapa tem um nome diferente");
    }

    /// <summary>Each step's template exists and is of the step's channel (a negativação notice is a letter, CDC art. 43 §2).</summary>
    public static async Task CheckTemplatesAsync(DbSession tx, IReadOnlyList<T> steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var template = await Templates.Template.FindAsync(tx, step.Template)
                           ?? throw new FieldException($"steps[{i}].template", $"There is no template '{step.Template}'.");
            var needs = step.Channel == "negativacao" ? "letter" : step.Channel;
            if (template.Channel != needs)
                throw new FieldException($"steps[{i}].template", $"Template '{step.Template}' is for {template.Channel}; a {step.Channel} step needs a {needs} template.");
        }
    }
}
