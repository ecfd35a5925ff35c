using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Recovery.BuildingBlocks;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// The data-subject report in the words of a person: each stored column's pt-BR label, and its value as people read it
/// (money in reais, instants in Brasília time, dates dd/mm/aaaa, yes or no, documents punctuated). Every column a module's
/// section can hold has a label here; a test fails when one is missing, so a raw column name never reaches the reader.
/// </summary>
internal static partial class DataSubjectLabels
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["id"] = "Identificador", ["debtor_id"] = "Identificador do devedor", ["invoice_id"] = "Identificador do débito",
        ["partner_id"] = "Identificador do credor", ["portfolio_id"] = "Identificador da carteira", ["agreement_id"] = "Identificador do acordo",
        ["message_id"] = "Identificador da mensagem", ["notice_message_id"] = "Mensagem do aviso prévio", ["source_partner_id"] = "Credor que informou",
        ["document"] = "CPF/CNPJ", ["kind"] = "Tipo", ["name"] = "Nome", ["birth_date"] = "Data de nascimento",
        ["monthly_income_cents"] = "Renda mensal", ["anonymised_at"] = "Anonimizado em",
        ["street"] = "Logradouro", ["number"] = "Número", ["complement"] = "Complemento", ["district"] = "Bairro", ["city"] = "Cidade",
        ["state"] = "UF", ["postal_code"] = "CEP",
        ["channel"] = "Canal", ["value"] = "Contato", ["is_valid"] = "Válido", ["opted_out_at"] = "Oposição ao contato em",
        ["last_contacted_at"] = "Último contato em",
        ["external_id"] = "Documento no credor", ["status"] = "Situação", ["amount_cents"] = "Valor", ["outstanding_cents"] = "Saldo em aberto",
        ["credit_cents"] = "Crédito do devedor", ["issue_date"] = "Emissão", ["due_date"] = "Vencimento", ["description"] = "Descrição",
        ["fine_bp"] = "Multa contratual", ["monthly_interest_bp"] = "Juros contratuais ao mês", ["correction_index"] = "Índice de correção",
        ["is_consumer"] = "Relação de consumo", ["content_hash"] = "Resumo do conteúdo recebido", ["cancel_reason"] = "Motivo do cancelamento",
        ["acknowledged_on"] = "Reconhecimento da dívida em", ["version"] = "Versão", ["interest_agreed"] = "Juros pactuados no contrato",
        ["payment_id"] = "Identificação do pagamento", ["paid_at"] = "Pago em", ["reversed_at"] = "Estornado em",
        ["reason"] = "Motivo", ["legal_basis"] = "Base legal", ["ends_on"] = "Termina em", ["placed_by"] = "Registrada por",
        ["placed_at"] = "Registrada em", ["lifted_by"] = "Encerrada por", ["lifted_at"] = "Encerrada em", ["lift_reason"] = "Motivo do encerramento",
        ["result"] = "Resultado", ["text"] = "Texto", ["actor_id"] = "Identificador de quem registrou", ["actor_name"] = "Quem", ["occurred_at"] = "Quando",
        ["step_key"] = "Etapa da régua", ["schedule_version"] = "Versão da régua", ["template_code"] = "Modelo", ["not_before"] = "Não antes de",
        ["attempts"] = "Tentativas", ["recipient"] = "Destinatário", ["subject"] = "Assunto", ["body"] = "Conteúdo", ["provider_id"] = "Identificador no provedor",
        ["sent_at"] = "Enviada em", ["delivered_at"] = "Entregue em",
        ["at"] = "Quando", ["outcome"] = "Resultado", ["detail"] = "Detalhe",
        ["addressee"] = "Destinatário", ["address"] = "Endereço", ["html"] = "Conteúdo", ["queued_at"] = "Na fila de impressão em",
        ["printed_at"] = "Impressa em", ["printed_by"] = "Impressa por",
        ["probability"] = "Probabilidade de pagamento em 90 dias", ["band"] = "Faixa (A a E)", ["model_version"] = "Modelo que calculou",
        ["reasons"] = "Principais motivos", ["scored_at"] = "Calculada em", ["how_to_review"] = "Revisão",
        ["phone"] = "Telefone", ["script"] = "Roteiro", ["done_at"] = "Feita em", ["done_by"] = "Feita por",
        ["evidence"] = "Evidência", ["recorded_by"] = "Registrado por", ["recorded_at"] = "Registrado em",
        ["notified_at"] = "Avisado em", ["eligible_on"] = "Inclusão não antes de", ["registered_at"] = "Incluído no cadastro em",
        ["registration_protocol"] = "Protocolo da inclusão", ["removal_reason"] = "Motivo da exclusão", ["removal_due_on"] = "Exclusão devida até",
        ["removed_at"] = "Excluído em", ["removal_protocol"] = "Protocolo da exclusão", ["removed_late"] = "Exclusão com atraso", ["live"] = "Em vigor",
        ["step_at"] = "Etapa em", ["step"] = "Etapa", ["step_detail"] = "Detalhe da etapa",
        ["subject_kind"] = "Refere-se a", ["subject_id"] = "Identificador do que se refere",
        ["policy_version"] = "Versão da política", ["agreement_date"] = "Data do acordo", ["valuation_cents"] = "Valor atualizado",
        ["discount_cents"] = "Desconto", ["discount_e2"] = "Desconto (%)", ["total_cents"] = "Valor do acordo", ["down_payment_cents"] = "Entrada",
        ["installments"] = "Parcelas", ["monthly_rate_e4"] = "Juros do parcelamento ao mês", ["cet_monthly"] = "CET ao mês (%)",
        ["cet_yearly"] = "CET ao ano (%)", ["tolerance_days"] = "Tolerância (dias)", ["required_role"] = "Alçada exigida", ["paid_cents"] = "Pago",
        ["created_by_id"] = "Identificador de quem criou", ["created_by"] = "Criado por", ["created_by_role"] = "Papel de quem criou",
        ["created_at"] = "Criado em", ["updated_at"] = "Atualizado em", ["decided_by"] = "Decidido por", ["decided_at"] = "Decidido em",
        ["ended_at"] = "Encerrado em", ["end_reason"] = "Motivo do encerramento",
        ["principal_cents"] = "Principal", ["charges_cents"] = "Encargos", ["breaks_on"] = "Quebra em", ["txid"] = "Identificador Pix (txid)",
        ["payment_key"] = "Chave do pagamento", ["source"] = "Origem", ["note"] = "Observação", ["checked_at"] = "Conferida em",
        ["actor_role"] = "Papel", ["ip_address"] = "Endereço IP", ["action"] = "Operação",
        ["invalid_reason"] = "Motivo da invalidação", ["purpose"] = "Finalidade", ["requested_by"] = "Pedida por", ["requested_at"] = "Pedida em",
        ["cost_cents"] = "Custo", ["cached_from"] = "Resposta repetida da consulta", ["protocol"] = "Protocolo", ["score"] = "Score",
        ["report"] = "Resposta do birô", ["erased_at"] = "Apagada em", ["summary"] = "Resumo", ["score_before"] = "Score anterior",
        ["score_after"] = "Score novo", ["raised_at"] = "Alerta em", ["alert_id"] = "Identificador do alerta", ["lookup_id"] = "Identificador da consulta",
    };

    public static string Label(string column) => Labels.TryGetValue(column, out var label) ? label : column.Replace('_', ' ');

    /// <summary>A stored value as a person reads it, by what its column holds.</summary>
    public static string Value(string column, object? value)
    {
        if (value is null || value is DBNull) return "—";
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        if (column.EndsWith("_cents") && long.TryParse(text, out var cents)) return Money.Format(cents);
        if (column.EndsWith("_bp") && long.TryParse(text, out var bp)) return Percent(bp / 100m);
        if (column.EndsWith("_e2") && long.TryParse(text, out var e2)) return Percent(e2 / 100m);
        if (column.EndsWith("_e4") && long.TryParse(text, out var e4)) return Percent(e4 / 10_000m);
        if (column is "is_valid" or "is_consumer" or "live" or "removed_late" or "interest_agreed")
            return text is "1" or "True" or "true" ? "sim" : "não";
        if (column == "document") return Documents.Format(text);
        if (CodeColumns.Contains(column) && Codes.TryGetValue(text, out var code)) return code;
        if (column is "html" or "body") return WebUtility.HtmlDecode(Spaces().Replace(Tags().Replace(text, " "), " ")).Trim();
        if (column.EndsWith("_at") || column == "at" || column == "not_before")
            return value is DateTime dt ? Instant(new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)))
                : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Instant(at) : text;
        if ((column.EndsWith("_date") || column.EndsWith("_on")) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        return text;
    }

    /// <summary>Columns that hold one of the stable codes below, shown in words.</summary>
    private static readonly HashSet<string> CodeColumns =
        ["status", "channel", "kind", "subject_kind", "purpose", "source", "invalid_reason", "outcome", "result", "required_role", "created_by_role", "actor_role", "actor_kind", "placed_by", "lifted_by", "created_by", "decided_by", "done_by", "printed_by", "recorded_by", "actor_name"];

    private static readonly Dictionary<string, string> Codes = new()
    {
        ["open"] = "em aberto", ["in_agreement"] = "em acordo", ["paid"] = "pago", ["cancelled"] = "cancelado", ["written_off"] = "baixado",
        ["prescribed"] = "prescrito", ["pending_approval"] = "aguardando aprovação", ["active"] = "ativo", ["completed"] = "quitado",
        ["broken"] = "rompido", ["rejected"] = "recusado", ["pending"] = "pendente", ["overdue"] = "vencida", ["kept"] = "cumprida",
        ["delivered"] = "entregue", ["sent"] = "enviada", ["failed"] = "falhou", ["queued"] = "na fila", ["blocked"] = "bloqueada",
        ["retry"] = "nova tentativa", ["skipped"] = "não enviada", ["succeeded"] = "concluída",
        ["email"] = "e-mail", ["sms"] = "SMS", ["whatsapp"] = "WhatsApp", ["letter"] = "carta", ["call"] = "ligação", ["phone"] = "telefone",
        ["cpf"] = "CPF", ["cnpj"] = "CNPJ", ["agent"] = "operador", ["supervisor"] = "supervisor", ["admin"] = "administrador",
        ["auditor"] = "auditor", ["system"] = "sistema", ["partner"] = "credor (API)", ["user"] = "usuário", ["debtor"] = "devedor",
        // The history's kinds and results (calls record the portfolio's outcome codes; these are the defaults).
        ["note"] = "anotação", ["contact"] = "contato", ["payment"] = "pagamento", ["agreement"] = "acordo", ["promise"] = "promessa",
        ["hold_placed"] = "cobrança suspensa", ["hold_lifted"] = "suspensão encerrada", ["opt_out"] = "oposição ao contato",
        ["invoice_cancelled"] = "débito cancelado pelo credor", ["anonymised"] = "dados anonimizados", ["made"] = "feita", ["created"] = "criado",
        ["no_answer"] = "não atende", ["voicemail"] = "caixa postal", ["wrong_number"] = "número errado", ["message_left"] = "recado",
        ["refused"] = "recusa", ["call_back"] = "pediu retorno", ["portal"] = "portal", ["message"] = "mensagem", ["invoice"] = "débito",
        ["dispute"] = "contestação", ["hardship"] = "dificuldade financeira", ["deceased"] = "falecimento", ["lawsuit"] = "ação judicial",
        ["do_not_contact"] = "não contatar", ["data_subject_report"] = "relatório de dados pessoais", ["requested"] = "pedido",
        // The credit bureau (ADR 0028): purposes of lookups, alerts, enrichment and invalid contacts.
        ["enrichment"] = "contatos do birô", ["bureau_alert"] = "alerta do birô", ["bureau_lookup"] = "consulta ao birô",
        ["contact_invalid"] = "contato inválido", ["bounce"] = "mensagem não entregue", ["new_restriction"] = "nova restrição",
        ["score_rising"] = "score em alta", ["score_falling"] = "score em queda", ["collection"] = "cobrança",
        ["skip_tracing"] = "localização do devedor", ["negotiation"] = "negociação", ["placement"] = "entrada na carteira",
        ["monitoring"] = "monitoramento", ["bureau"] = "birô de crédito",
    };

    private static string Percent(decimal value) => value.ToString("0.####", Money.PtBr) + "%";

    private static string Instant(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, BusinessDate.Brasilia).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex("<[^>]*>")] private static partial Regex Tags();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
}
