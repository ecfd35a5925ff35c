namespace Recovery.Negotiation.Features.Pix;

// What Pix Automático sends to and reads from the PSP (the Pix API's /rec, /solicrec and /cobr), the parts we use.
// Amounts are strings with two decimals, dates YYYY-MM-DD, instants RFC 3339.

/// <summary>RecSolicitada: the recurrence of an agreement's installments.</summary>
internal sealed record RecRequest(RecLink Vinculo, RecCalendar Calendario, RecValue? Valor, string PoliticaRetentativa);

/// <summary>vinculo: contrato (the agreement id), objeto (what the payer reads) and devedor (PessoaFisicaRecorrencia / PessoaJuridicaRecorrencia).</summary>
internal sealed record RecLink(string Contrato, string? Objeto, RecPerson Devedor);

internal sealed record RecPerson(string? Cpf, string? Cnpj, string Nome);

internal sealed record RecCalendar(string DataInicial, string? DataFinal, string Periodicidade);

/// <summary>valorRec when every payment is the same; valorMinimoRecebedor (the floor of the payer's own limit) otherwise; never both.</summary>
internal sealed record RecValue(string? ValorRec, string? ValorMinimoRecebedor);

/// <summary>RecGerada / RecCompleta: the part we keep.</summary>
internal sealed record RecResponse(string? IdRec, string? Status, RecClosing? Encerramento);

/// <summary>One recurrence of GET /rec's list: enough to know it as ours (vinculo.contrato is the agreement id).</summary>
internal sealed record RecListed(string? IdRec, string? Status, RecListedLink? Vinculo);

internal sealed record RecListedLink(string? Contrato);

internal sealed record RecList(List<RecListed>? Recs);

internal sealed record RecClosing(RecReason? Rejeicao, RecReason? Cancelamento);

internal sealed record RecReason(string? Codigo, string? Descricao);

/// <summary>SolicRecSolicitada: the authorisation request sent to the payer's PSP (Jornada 1).</summary>
internal sealed record SolicRecRequest(string IdRec, SolicRecCalendar Calendario, SolicRecDestination Destinatario);

internal sealed record SolicRecCalendar(string DataExpiracaoSolicitacao);

/// <summary>destinatario: DadosBancarios (conta, ispbParticipante, agencia) and cpf or cnpj.</summary>
internal sealed record SolicRecDestination(string Conta, string IspbParticipante, string? Agencia, string? Cpf, string? Cnpj);

internal sealed record SolicRecResponse(string? IdSolicRec, string? IdRec, string? Status);

/// <summary>CobRSolicitada: the recurring charge of one installment.</summary>
internal sealed record CobrRequest(string IdRec, string? InfoAdicional, CobrCalendar Calendario, CobrValue Valor, bool AjusteDiaUtil, CobrReceiver Recebedor);

internal sealed record CobrCalendar(string DataDeVencimento);

internal sealed record CobrValue(string Original);

/// <summary>DadosBancariosRecebedor: the creditor's account.</summary>
internal sealed record CobrReceiver(string? Agencia, string Conta, string TipoConta);

/// <summary>CobRGerada / CobRCompleta / CobRNotification: status, the settlement attempts and the Pix received.</summary>
internal sealed record CobrResponse(string? IdRec, string? Txid, string? Status, IReadOnlyList<CobrAttempt>? Tentativas, IReadOnlyList<PixItem>? Pix);

/// <summary>One settlement attempt (CobRTentativas): its date, type (AGND, NTAG, RIFL), status and, when refused, why.</summary>
internal sealed record CobrAttempt(string? DataLiquidacao, string? Tipo, string? Status, string? EndToEndId, RecReason? Rejeicao);
