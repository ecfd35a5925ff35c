/**
 * The one pt-BR catalogue of what the API says in stable English codes: statuses, channels, roles, audit actions and
 * outcomes, resources. Pages show `label(group, code)`; a code missing here shows as itself, and the browser flows fail
 * when a raw code reaches the page. The backend's architecture tests fail when a command has no audit action here.
 */
export const catalogue = {
  roles: {
    admin: 'Administrador',
    supervisor: 'Supervisor',
    agent: 'Operador',
    auditor: 'Auditor',
  },
  statuses: {
    open: 'Em aberto',
    in_agreement: 'Em acordo',
    paid: 'Pago',
    cancelled: 'Cancelado',
    written_off: 'Baixado',
    prescribed: 'Prescrito',
    pending_approval: 'Aguardando aprovação',
    active: 'Ativo',
    completed: 'Quitado',
    broken: 'Rompido',
    rejected: 'Recusado',
    pending: 'A vencer',
    overdue: 'Vencida',
    kept: 'Cumprida',
    approved: 'Aprovado',
  },
  channels: {
    email: 'E-mail',
    phone: 'Telefone',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    letter: 'Carta',
    call: 'Ligação',
  },
  actorKinds: {
    user: 'Usuário',
    partner: 'Credor (API)',
    system: 'Sistema',
    debtor: 'Devedor',
    anonymous: 'Anônimo',
  },
  /** What each command is recorded under in the audit trail (the slice's name, or its [AuditAction]). */
  auditActions: {
    AddNote: 'Registrar observação',
    AgreementPayments: 'Registrar pagamento de parcela',
    AnonymiseDebtor: 'Anonimizar titular',
    AssignDebts: 'Distribuir débitos',
    CancelInvoice: 'Cancelar título',
    ConfirmMfa: 'Confirmar verificação em duas etapas',
    CreateAgreement: 'Propor acordo',
    CreateFirstAdministrator: 'Criar primeiro administrador',
    CreatePartner: 'Cadastrar credor',
    CreateSelfServiceAgreement: 'Fechar acordo no portal',
    CreateTeam: 'Criar equipe',
    CreateUser: 'Criar usuário',
    DataSubjectReport: 'Gerar relatório do titular',
    DecideAgreement: 'Decidir acordo',
    DialCall: 'Discar para o devedor',
    EnrolMfa: 'Iniciar verificação em duas etapas',
    Indices: 'Carregar índices',
    IssuePartnerKey: 'Emitir chave de API',
    LiftHold: 'Retirar suspensão',
    Login: 'Entrar',
    MarkLetterPrinted: 'Marcar carta impressa',
    OptOutContact: 'Registrar oposição a contato',
    PlaceHold: 'Suspender cobrança',
    PortalSignIn: 'Entrar no portal do devedor',
    Promises: 'Registrar promessa',
    PushInvoice: 'Receber título',
    PushInvoiceBatch: 'Receber lote de títulos',
    Rebuild: 'Reconstruir visões',
    RecordCall: 'Registrar ligação',
    RecordCallOutcome: 'Registrar resultado de ligação',
    RecordWhatsAppOptIn: 'Registrar consentimento de WhatsApp',
    RegisterPayment: 'Registrar pagamento',
    ResetUserMfa: 'Redefinir verificação em duas etapas',
    RevokePartnerKey: 'Revogar chave de API',
    RunJob: 'Executar rotina',
    SaveAgreementReminders: 'Salvar lembretes do acordo',
    SaveCallOutcomes: 'Salvar resultados de ligação',
    SavePolicy: 'Salvar política',
    SavePortfolio: 'Salvar carteira',
    SaveSchedule: 'Salvar régua',
    SaveTemplate: 'Salvar modelo',
    SaveWebhook: 'Salvar webhook',
    SendAgreementPix: 'Reenviar Pix do acordo',
    SendMessage: 'Enviar mensagem',
    SetUserAgency: 'Vincular usuário a assessoria',
    SetUserPortfolios: 'Limitar usuário a carteiras',
    SetUserTeam: 'Definir equipe do usuário',
    StartDunningRun: 'Executar régua',
    TakeBackup: 'Fazer cópia de segurança',
    ViewFullPersonalData: 'Ver dados pessoais completos',
  },
  auditOutcomes: {
    succeeded: 'Concluída',
    failed: 'Falhou',
    cancelled: 'Cancelada',
    'rejected:mfa-required': 'Aguardando segundo fator',
    'rejected:400': 'Recusada: dados inválidos',
    'rejected:401': 'Recusada: credenciais inválidas',
    'rejected:403': 'Recusada: sem permissão',
    'rejected:404': 'Recusada: não encontrado',
    'rejected:409': 'Recusada: conflito',
    'rejected:422': 'Recusada: regra de negócio',
    'rejected:423': 'Recusada: acesso bloqueado',
    'rejected:429': 'Recusada: tentativas demais',
  },
  resources: {
    agent: 'Operador',
    agreement: 'Acordo',
    backup: 'Cópia de segurança',
    call: 'Ligação',
    debtor: 'Devedor',
    index: 'Índice',
    invoice: 'Título',
    job: 'Rotina',
    letter: 'Carta',
    message: 'Mensagem',
    partner: 'Credor',
    policy: 'Política',
    portfolio: 'Carteira',
    read_models: 'Visões',
    schedule: 'Régua',
    team: 'Equipe',
    template: 'Modelo',
    user: 'Usuário',
    webhook: 'Webhook',
  },
} satisfies Record<string, Record<string, string>>;

export type CatalogueGroup = keyof typeof catalogue;

/** The pt-BR text for a code of the API; the code itself when the catalogue has none (the browser flows catch it). */
export function label(group: CatalogueGroup, code: string | null | undefined): string {
  if (code == null || code === '') return '—';
  const texts: Record<string, string> = catalogue[group];
  if (texts[code]) return texts[code];
  if (group === 'auditOutcomes' && code.startsWith('rejected:')) return 'Recusada';
  return code;
}

/** Who did something, as people read it: the jobs and event handlers act as "system". */
export const actorName = (name: string | null | undefined) => (!name ? '—' : name === 'system' ? 'Sistema' : name);
