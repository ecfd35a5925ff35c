import { expect, request, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { admin, baseURL } from './playwright.config';
import { apiOk, apiSignIn, cnpj, cpf, password } from './seed';
import { signIn } from './session';
import { inspect } from './inspect';
import { SmtpSink } from './smtp';

/**
 * The debtor's portal on a phone (390×844), against the real host and a real SMTP server on loopback: the code arrives
 * by e-mail, the debts, a 3-installment offer, the agreement, the Pix copia e cola copied, the terms downloaded as a PDF,
 * the personal data report asked for; then an agent opens the debtor and sees the agreement in the 360.
 */
const smtp = new SmtpSink();
let document: string;
let email: string;
let agentEmail: string;
const name = 'Joana Portal Ribeiro';

test.use({ viewport: { width: 390, height: 844 } });

test.beforeAll(async () => {
  await smtp.start(Number(process.env.E2E_SMTP_PORT));
  const root = await apiSignIn(admin.email, admin.password);
  agentEmail = `paula.portal.${Date.now()}@e2e.test`;
  const agent = await apiOk<{ id: string }>(root.post('/api/v1/admin/users', { data: { email: agentEmail, name: 'Paula Operadora', role: 'agent', password } }));
  const partner = await apiOk<{ id: string; apiKey: string }>(root.post('/api/v1/admin/partners', { data: { name: 'Financeira Exemplo S.A.', document: cnpj() } }));
  document = cpf();
  email = `joana.${document}@example.com`;
  const creditor = await request.newContext({ baseURL, extraHTTPHeaders: { 'X-Api-Key': partner.apiKey } });
  const invoice = await apiOk<{ id: string }>(creditor.post('/api/v1/partner/invoices', {
    data: {
      externalId: `CT-${document.slice(0, 6)}`, portfolio: 'cartao',
      debtor: { document, name, monthlyIncome: 4500.0, emails: [email], phones: ['+5511976543210'], address: { state: 'SP', city: 'São Paulo' } },
      amount: 1800.0, issueDate: null, dueDate: daysAgo(100), description: 'Fatura do cartão',
      terms: { finePercent: 2.0, monthlyInterestPercent: 1.0, correctionIndex: 'IPCA' }, consumer: true,
    },
  }));
  const portfolios = await apiOk<{ items: { id: string; code: string }[] }>(root.get(`/api/v1/admin/partners/${partner.id}/portfolios`));
  const cartao = portfolios.items.find((p) => p.code === 'cartao')!;
  await apiOk(root.put(`/api/v1/portfolios/${cartao.id}/policy`, {
    data: {
      buckets: [
        { fromDays: 1, toDays: 180, maxChargesDiscountPercent: 80, maxPrincipalDiscountPercent: 5, maxInstallments: 12, minDownPaymentPercent: 10 },
        { fromDays: 181, toDays: null, maxChargesDiscountPercent: 100, maxPrincipalDiscountPercent: 30, maxInstallments: 24, minDownPaymentPercent: 5 },
      ],
      minInstallment: 50.0, monthlyRatePercent: 0, cashExtraPrincipalDiscountPercent: 10, firstDueMaxDays: 30, breachToleranceDays: 30,
      supervisorExtraPrincipalDiscountPercent: 10, financialInstitution: false, compoundingLegalBasis: null,
      pix: { key: 'cobranca@financeiraexemplo.com.br', merchantName: 'Financeira Exemplo SA', city: 'Sao Paulo' },
    },
  }));
  await apiOk(root.post('/api/v1/debtors/assignments', { data: { agentId: agent.id, invoiceIds: [invoice.id] } }));
  await Promise.all([root.dispose(), creditor.dispose()]);
});

test.afterAll(async () => smtp.stop());

test('a debtor settles by phone in the portal and the agent sees it in the 360', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });

  // A link that is not ours says so in Portuguese and leaves the code sign-in.
  await page.goto('/portal/link#nao-e-um-link.valido');
  await expect(page.getByRole('alert')).toContainText('Este link não é válido');
  await expect(page).toHaveURL(/\/portal$/);
  await inspect(page, '30-portal-link-invalido');

  await page.goto('/portal');
  await expect(page.getByRole('heading', { name: 'Negocie suas dívidas' })).toBeVisible();
  await inspect(page, '31-portal-entrar');
  await page.getByLabel('CPF ou CNPJ').fill(document);
  await page.getByRole('button', { name: 'Receber código' }).click();
  await expect(page.getByLabel('Código de 6 números')).toBeVisible();
  const [mail] = await smtp.to(email);
  const code = /(?<![\d#])(\d{6})(?!\d)/.exec(mail.text)?.[1];
  expect(code, 'the code in the e-mail').toBeTruthy();
  await page.getByLabel('Código de 6 números').fill(code!);
  await inspect(page, '32-portal-codigo');
  await page.getByRole('button', { name: 'Entrar' }).click();

  await expect(page.getByRole('heading', { name: 'Seus débitos em aberto' })).toBeVisible();
  await expect(page.getByText('Financeira Exemplo S.A.')).toBeVisible();
  await inspect(page, '33-portal-debitos');
  await page.getByRole('button', { name: 'Ver ofertas' }).click();

  await expect(page.getByRole('heading', { name: 'Ofertas para você' })).toBeVisible();
  await inspect(page, '34-portal-ofertas');
  await page.getByRole('radio', { name: /\b3 parcelas de/ }).check();
  await page.getByRole('button', { name: 'Fechar acordo' }).click();

  await expect(page.getByRole('heading', { name: 'Acordo feito' })).toBeVisible();
  await inspect(page, '35-portal-acordo');
  const payload = (await page.locator('.pix').first().textContent())!.trim();
  expect(payload).toMatch(/^000201/);
  await page.getByRole('button', { name: 'Copiar código Pix' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'Código copiado' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(payload);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /termo do acordo/ }).click()]);
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString('latin1'), 'the terms are a PDF').toBe('%PDF-');

  // The personal data report, by e-mail with the PDF attached.
  await page.getByRole('button', { name: 'Pedir uma ligação ou os meus dados' }).click();
  await expect(page.getByRole('heading', { name: 'Fale com a gente' })).toBeVisible();
  await inspect(page, '36-portal-pedidos');
  await page.getByRole('button', { name: 'Receber meus dados por e-mail' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Enviamos o relatório' })).toBeVisible();
  const mails = await smtp.to(email, 2);
  expect(mails.some((m) => m.data.includes('application/pdf')), 'the report e-mailed as a PDF').toBe(true);
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page.getByRole('heading', { name: 'Negocie suas dívidas' })).toBeVisible();

  // The agent finds the debtor and sees the agreement the debtor made.
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, agentEmail, password);
  await page.getByLabel('Buscar devedor').fill(document);
  await page.getByText(name, { exact: true }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText(/feito pelo devedor no portal/).first()).toBeVisible();
});

/** The date `days` before today in Brasília, the server's business date. */
function daysAgo(days: number) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}
