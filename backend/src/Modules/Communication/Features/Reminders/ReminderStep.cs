using Recovery.Communication.Features.Schedules;

namespace Recovery.Communication.Features.Reminders;

/// <summary>A step of the agreement reminders: days from each installment's due date (negative: before it), channel, template.</summary>
[SchemaName("AgreementRemindersStep")]
internal sealed record ReminderStep(string Key, int OffsetDays, string Channel, string Template) : IScheduleStep
{
    /// <summary>The channels of templates; a negativação is never a reminder.</summary>
    public static string[] Channels => Templates.Template.Channels;

    internal sealed class Validator : StepRules<ReminderStep>
    {
        public Validator() : base(-30, 60, "offsetDays is from -30 (before the installment's due date) to 60",
            "de -30 (antes do vencimento da parcela) a 60 dias", Channels)
        {
        }
    }
}
