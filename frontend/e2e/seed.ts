import { request, type APIRequestContext } from '@playwright/test';
import { admin, baseURL } from './playwright.config';
import { codeNow, hasSecondFactor, nextCode, remember } from './second-factor';

/** A valid CPF (Receita Federal's check digits) that no other run used. */
export function cpf(): string {
  const digits = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  for (const length of [9, 10]) {
    const sum = digits.slice(0, length).reduce((s, d, i) => s + d * (length + 1 - i), 0);
    const r = sum % 11;
    digits.push(r < 2 ? 0 : 11 - r);
  }
  return digits.join('');
}

export function cnpj(): string {
  const digits = [...Array.from({ length: 8 }, () => Math.floor(Math.random() * 10)), 0, 0, 0, 1];
  for (const weights of [[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]]) {
    const r = weights.reduce((s, w, i) => s + w * digits[i], 0) % 11;
    digits.push(r < 2 ? 0 : 11 - r);
  }
  return digits.join('');
}

async function ok<T>(response: Promise<import('@playwright/test').APIResponse>): Promise<T> {
  const r = await response;
  if (!r.ok()) throw new Error(`${r.url()}: ${r.status()} ${await r.text()}`);
  const text = await r.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Signs in through the API, with the second factor; a person who must have one and has none yet sets it up. */
async function signIn(email: string, password: string): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL, extraHTTPHeaders: { 'X-Requested-With': 'e2e' } });
  const totp = hasSecondFactor(email) ? (await nextCode(email)).code : undefined;
  await ok(context.post('/api/v1/auth/login', { data: { email, password, ...(totp ? { totp } : {}) } }));
  const me = await ok<{ mfaEnabled: boolean; mfaRequired: boolean }>(context.get('/api/v1/auth/me'));
  if (me.mfaRequired && !me.mfaEnabled) {
    const { secret } = await ok<{ secret: string }>(context.post('/api/v1/auth/mfa'));
    const { code, step } = codeNow(secret);
    await ok(context.post('/api/v1/auth/mfa/confirm', { data: { totp: code } }));
    remember(email, secret, step);
  }
  return context;
}

export const password = 'Person-Password-E2E';
export type People = Record<'agent' | 'supervisor' | 'auditor', { email: string; name: string }>;

/**
 * What exists before the people sign in: the people, a creditor with its API key and one debt 200 days late pushed the
 * way a creditor's system pushes it (which opens its retail portfolio), and the portfolio's policy, with Pix.
 */
export async function seed() {
  const root = await signIn(admin.email, admin.password);
  const people: People = {
    agent: { email: 'ana.operadora@e2e.test', name: 'Ana Operadora' },
    supervisor: { email: 'sergio.supervisor@e2e.test', name: 'Sérgio Supervisor' },
    auditor: { email: 'aurea.auditora@e2e.test', name: 'Áurea Auditora' },
  };
  const ids: Record<string, string> = {};
  for (const [role, person] of Object.entries(people))
    ids[role] = (await ok<{ id: string }>(root.post('/api/v1/admin/users', { data: { ...person, role, password } }))).id;

  const partner = await ok<{ id: string; apiKey: string }>(root.post('/api/v1/admin/partners', { data: { name: 'Loja Exemplo S.A.', document: cnpj() } }));
  const document = cpf();
  const due = daysAgo(200);
  const creditor = await request.newContext({ baseURL, extraHTTPHeaders: { 'X-Api-Key': partner.apiKey } });
  const invoice = await ok<{ id: string; debtorId: string }>(creditor.post('/api/v1/partner/invoices', {
    data: {
      externalId: `NF-${document.slice(0, 6)}`, portfolio: 'varejo',
      debtor: {
        document, name: 'Maria da Silva Santos', birthDate: '1980-05-01', monthlyIncome: 3200.0,
        emails: ['maria.santos@example.com'], phones: ['+5511987654321'],
        address: { street: 'Rua Augusta', number: '1500', complement: null, district: 'Consolação', city: 'São Paulo', state: 'SP', postalCode: '01304-001' },
      },
      amount: 1000.0, issueDate: null, dueDate: due, description: 'Crediário loja 12',
      terms: { finePercent: 2.0, monthlyInterestPercent: 1.0, correctionIndex: 'IPCA' }, consumer: true,
    },
  }));
  // The rest of the agent's portfolio, so the work queue looks like a day's work.
  const others = [
    ['João Pereira Lima', 48, 2350.9], ['Ana Beatriz Costa', 95, 780.0], ['Carlos Eduardo Souza', 15, 4120.35],
    ['Fernanda Oliveira', 420, 1999.99], ['Roberto Alves', 130, 560.4],
  ] as const;
  const invoiceIds = [invoice.id];
  for (const [name, daysLate, amount] of others) {
    const doc = cpf();
    const pushed = await ok<{ id: string }>(creditor.post('/api/v1/partner/invoices', {
      data: {
        externalId: `NF-${doc.slice(0, 6)}`, portfolio: 'varejo',
        debtor: { document: doc, name, emails: [`${doc}@example.com`], phones: ['+5511988887777'], address: { state: 'SP', city: 'São Paulo' } },
        amount, issueDate: null, dueDate: daysAgo(daysLate),
        terms: { finePercent: 2.0, monthlyInterestPercent: 1.0, correctionIndex: 'IPCA' }, consumer: true,
      },
    }));
    invoiceIds.push(pushed.id);
  }
  const portfolios = await ok<{ items: { id: string; code: string }[] }>(root.get(`/api/v1/admin/partners/${partner.id}/portfolios`));
  const varejo = portfolios.items.find((p) => p.code === 'varejo')!;

  const supervisor = await signIn(people.supervisor.email, password);
  await ok(supervisor.put(`/api/v1/portfolios/${varejo.id}/policy`, {
    data: {
      buckets: [
        { fromDays: 1, toDays: 30, maxChargesDiscountPercent: 0, maxPrincipalDiscountPercent: 0, maxInstallments: 3, minDownPaymentPercent: 20 },
        { fromDays: 31, toDays: 180, maxChargesDiscountPercent: 80, maxPrincipalDiscountPercent: 5, maxInstallments: 12, minDownPaymentPercent: 10 },
        { fromDays: 181, toDays: 360, maxChargesDiscountPercent: 100, maxPrincipalDiscountPercent: 10, maxInstallments: 18, minDownPaymentPercent: 5 },
        { fromDays: 361, toDays: null, maxChargesDiscountPercent: 100, maxPrincipalDiscountPercent: 30, maxInstallments: 24, minDownPaymentPercent: 5 },
      ],
      minInstallment: 50.0, monthlyRatePercent: 0, cashExtraPrincipalDiscountPercent: 10, firstDueMaxDays: 30, breachToleranceDays: 30,
      supervisorExtraPrincipalDiscountPercent: 10, financialInstitution: false, compoundingLegalBasis: null,
      pix: { key: 'cobranca@lojaexemplo.com.br', merchantName: 'Loja Exemplo SA', city: 'Sao Paulo' },
    },
  }));

  await ok(supervisor.post('/api/v1/debtors/assignments', { data: { agentId: ids.agent, invoiceIds } }));

  // A long history, as a debtor worked for months has: 200 notes on the timeline.
  const agent = await signIn(people.agent.email, password);
  for (let i = 1; i <= 200; i++)
    await ok(agent.post(`/api/v1/debtors/${invoice.debtorId}/notes`, { data: { text: `Contato ${i}: cliente pediu retorno na próxima semana.` } }));
  await Promise.all([root.dispose(), supervisor.dispose(), creditor.dispose(), agent.dispose()]);
  return { people, document };
}

/**
 * The date `days` before today in Brasília, the server's business date: from 21:00 to midnight there the UTC date is
 * already tomorrow, and a debt due "200 days ago" by UTC would be 199 days late for the valuation.
 */
function daysAgo(days: number) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/** The API helpers, for flows that seed their own data. */
export { ok as apiOk, signIn as apiSignIn };
