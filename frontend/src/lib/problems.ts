import { ApiError } from './api-client';

/**
 * The messages of an RFC 9457 validation problem for one field (names as the API gives them: camelCase, with paths
 * like "invoiceIds[0]"), so each input shows what the API said about it.
 */
export function fieldErrors(error: unknown) {
  const errors = error instanceof ApiError ? (error.problem.errors ?? {}) : {};
  /** `exact`: only what is said of the field itself, not of its items (a list's own error above its rows). */
  return (field: string, { exact = false } = {}) => {
    const messages = Object.entries(errors)
      .filter(([key]) => {
        const k = key.toLowerCase();
        const f = field.toLowerCase();
        return k === f || (!exact && (k.startsWith(`${f}[`) || k.endsWith(`.${f}`)));
      })
      .flatMap(([, m]) => m);
    return messages.length ? messages.join(' ') : undefined;
  };
}

/** The problem types (docs/problems.md) people meet in the app, said in their language. */
const byType: Record<string, string> = {
  'already-in-agreement': 'Um dos débitos já está em um acordo em andamento.',
  'agreement-not-pending-approval': 'Este acordo já foi decidido.',
  'agreement-not-active': 'Este acordo não está ativo.',
  'agreement-debts-not-open':
    'Um dos débitos deste acordo foi pago ou cancelado enquanto ele aguardava aprovação: recuse o acordo e negocie de novo.',
  'debt-not-negotiable': 'Um dos débitos não pode ser negociado (pago, cancelado, prescrito ou suspenso).',
  'plan-breaks-the-law': 'O plano fere uma regra legal e não pode ser fechado.',
  'email-taken': 'Já existe um usuário com este e-mail.',
  'bureau-not-configured': 'Nenhum birô de crédito está configurado: fale com um administrador.',
  'bureau-unavailable': 'O birô de crédito não respondeu; nada foi cobrado. Tente de novo em instantes.',
  'bureau-no-portfolio': 'O devedor não tem débito em nenhuma carteira: não há verba que pague a consulta.',
  'mfa-required': 'Informe o código do aplicativo autenticador (ou um código de recuperação).',
  'mfa-enrollment-required': 'Configure a verificação em duas etapas para continuar.',
  'mfa-already-enabled': 'A verificação em duas etapas já está ativa.',
  'mfa-not-pending': 'Não há configuração de verificação em duas etapas a confirmar: comece de novo.',
  'partner-exists': 'Já existe um credor com este CNPJ.',
  'too-many-active-keys': 'Este credor já tem o máximo de chaves ativas: revogue uma antes.',
  'run-in-progress': 'Já há uma execução da régua em andamento.',
  'rebuild-in-progress': 'Os relatórios estão sendo reconstruídos; tente em instantes.',
  'job-running-elsewhere': 'Esta rotina já está rodando em outra instância.',
  'backup-not-available': 'Neste servidor o backup é feito pelo próprio SQL Server; veja o guia de operações.',
  'rate-limited': 'Muitas requisições seguidas. Aguarde alguns segundos.',
  forbidden: 'Seu papel não permite esta ação.',
  'not-found': 'Não encontrado: pode ter sido removido.',
  unauthorized: 'Sua sessão terminou. Entre novamente.',
  internal: 'Erro interno. Tente novamente; se persistir, avise o suporte.',
};

/** What to say about a failed call that is not about one field. */
export function problemMessage(error: unknown) {
  if (!(error instanceof ApiError)) return 'Erro inesperado. Tente novamente.';
  if (error.problem.errors) return 'Verifique os campos destacados.';
  const type = error.problem.type?.split('/').at(-1);
  return (type && byType[type]) ?? error.problem.detail ?? error.problem.title ?? 'A requisição falhou.';
}
