namespace Recovery.Communication.Features.Dispatch;

/// <summary>The module's settings (section <c>Communication</c>): the channels, the pace of dispatch, the daily run.</summary>
internal sealed class CommunicationOptions
{
    public SmtpOptions Smtp { get; set; } = new();
    public ProviderOptions Sms { get; set; } = new();
    public ProviderOptions WhatsApp { get; set; } = new();

    /// <summary>Shared secret providers send in <c>X-Provider-Token</c> with delivery callbacks; callbacks are refused without it.</summary>
    public string? ProviderToken { get; set; }

    /// <summary>Where providers call back, e.g. <c>https://cobranca.example.com.br</c>; the callback path is appended.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Lets webhooks go to a loopback address over http: for tests on one machine only, never in production.</summary>
    public bool AllowLoopbackWebhooks { get; set; }

    /// <summary>The payment link in messages, with <c>{invoiceId}</c> and <c>{externalId}</c> placeholders; empty when unset.</summary>
    public string? PaymentLink { get; set; }

    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the queue of messages debtors asked for (sign-in codes, data-subject reports) is looked at when nothing wakes it.</summary>
    public TimeSpan RequestedPollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 200;
    public int Concurrency { get; set; } = 8;
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry after this; each next one after twice as long.</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The local hour (Brasília) from which the daily run of the dunning schedules starts by itself.</summary>
    public int DailyRunHour { get; set; } = 7;

    /// <summary>A step whose day passed without a run is still planned this many days late (e.g. after a stop).</summary>
    public int CatchUpDays { get; set; } = 3;

    public sealed class SmtpOptions
    {
        public string Host { get; set; } = "localhost";
        public int Port { get; set; } = 25;
        public bool EnableSsl { get; set; }
        public string? User { get; set; }
        public string? Password { get; set; }
        public string From { get; set; } = "cobranca@recovery.local";
        public string FromName { get; set; } = "Recovery Cobrança";
    }

    public sealed class ProviderOptions
    {
        /// <summary>The provider's send endpoint; the channel fails (and retries) while it is unset.</summary>
        public string? Url { get; set; }
        public string? Token { get; set; }
    }
}
