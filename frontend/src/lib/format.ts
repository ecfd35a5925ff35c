const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** R$ 1.234,56 — amounts arrive from the API in reais. */
export const formatBRL = (reais: number) => brl.format(reais);

export const roleLabels: Record<string, string> = {
  admin: 'Administrador',
  supervisor: 'Supervisor',
  agent: 'Operador',
  auditor: 'Auditor',
};
