namespace Recovery.Communication.Features.Templates;

/// <summary>
/// The messages that send an installment's Pix again, one per channel. Their texts ship with the code and apply until
/// someone saves a template with the same code (which then wins); <c>{{pix_copia_e_cola}}</c> is filled at dispatch with
/// the installment's Pix of that moment. Each resend is its own message: its step key names it, and the reports count
/// every resend under <see cref="Step"/>.
/// </summary>
internal static class PixTemplates
{
    public const string Step = "reenvio-pix";

    public static string CodeFor(string channel) => $"acordo-pix-{channel}";

    public static string StepKey(Guid messageId) => $"{Step}:{messageId:N}";

    public static Template? BuiltIn(string code) => code switch
    {
        "acordo-pix-email" => New(code, "email", "Pix da parcela {{parcela}} do seu acordo",
            "<p>Olá, {{nome}}.</p><p>Segue o Pix da parcela {{parcela}} do seu acordo, no valor de {{valor_parcela}}, com vencimento em {{vencimento_parcela}}.</p>" +
            "<p>Pix copia e cola:</p><p><code>{{pix_copia_e_cola}}</code></p><p>Se já pagou, desconsidere esta mensagem.</p><p>{{credor}} — CNPJ {{cnpj_credor}}</p>"),
        "acordo-pix-sms" => New(code, "sms", null,
            "{{credor}} (CNPJ {{cnpj_credor}}): {{nome}}, Pix da parcela {{parcela}} do seu acordo, {{valor_parcela}}, vence {{vencimento_parcela}}. Copia e cola: {{pix_copia_e_cola}}"),
        "acordo-pix-whatsapp" => New(code, "whatsapp", null,
            "Olá, {{nome}}. Segue o Pix da parcela {{parcela}} do seu acordo com {{credor}} (CNPJ {{cnpj_credor}}), no valor de {{valor_parcela}}, vencimento {{vencimento_parcela}}.\nPix copia e cola: {{pix_copia_e_cola}}"),
        _ => null,
    };

    private static Template New(string code, string channel, string? subject, string body) =>
        new() { Code = code, Channel = channel, Subject = subject, Body = body, UpdatedBy = "system", UpdatedAt = DateTimeOffset.UnixEpoch };
}
