import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { admin } from './playwright.config';
import { password, seed, type People } from './seed';

const shots = fileURLToPath(new URL('../../artifacts/screenshots', import.meta.url));
let people: People;
let document: string;

test.beforeAll(async () => {
  ({ people, document } = await seed());
});

async function signIn(page: Page, email: string, secret = password) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(secret);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

test('an agreement above the agent\'s authority: agent proposes, supervisor approves, auditor sees it', async ({ page }) => {
  // The agent finds the debtor by CPF, typed with its punctuation, and opens the debtor 360.
  await signIn(page, people.agent.email);
  await expect(page.getByRole('heading', { name: 'Fila de trabalho' })).toBeVisible();
  await page.screenshot({ path: `${shots}/01-fila-de-trabalho.png`, fullPage: true });
  const formatted = `${document.slice(0, 3)}.${document.slice(3, 6)}.${document.slice(6, 9)}-${document.slice(9)}`;
  await page.getByLabel('Buscar devedor').fill(formatted);
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; openedAt: number };
    w.longTasks = [];
    new PerformanceObserver((list) => w.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    w.openedAt = performance.now();
  });
  await page.getByRole('link', { name: 'Maria da Silva Santos' }).click();
  await expect(page.getByRole('heading', { name: 'Maria da Silva Santos' })).toBeVisible();
  await expect(page.getByText(/^Contato \d+:/)).toHaveCount(200);
  const { ms, longest } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; openedAt: number };
    return { ms: performance.now() - w.openedAt, longest: Math.max(0, ...w.longTasks) };
  });
  console.log(`debtor 360 with 200 timeline entries: on screen ${ms.toFixed(0)} ms after the click, longest main-thread task ${longest.toFixed(0)} ms`);
  await expect(page.getByRole('table', { name: 'Débitos' })).toContainText(`NF-${document.slice(0, 6)}`);

  // The simulator: 20% off is beyond the agent's authority (principal discount above the bucket's 10%).
  await page.getByLabel('Entrada (R$)').fill('100');
  await page.getByLabel('Parcelas').fill('3');
  await page.getByLabel('Desconto (%)').fill('20');
  await expect(page.getByLabel('Alçada necessária')).toHaveText('Supervisor');
  await expect(page.getByRole('table', { name: 'Cronograma' }).getByRole('row')).toHaveCount(5);
  await page.screenshot({ path: `${shots}/02-devedor-360-simulador.png`, fullPage: true });
  await page.getByRole('button', { name: 'Enviar para aprovação' }).click();
  await expect(page.getByText('Aguardando aprovação').first()).toBeVisible();
  await expect(page).toHaveURL(/\/acordos\/[0-9a-f-]{36}$/);
  const agreementUrl = page.url();
  await page.screenshot({ path: `${shots}/03-acordo-aguardando.png`, fullPage: true });
  await signOut(page);

  // The supervisor approves it from the queue; the agreement is active, with the Pix of its down payment.
  await signIn(page, people.supervisor.email);
  await page.getByRole('link', { name: 'Aprovações' }).click();
  const row = page.getByRole('table', { name: 'Acordos aguardando aprovação' }).getByRole('row').nth(1);
  await expect(row).toContainText(people.agent.email);
  await page.screenshot({ path: `${shots}/04-aprovacoes.png`, fullPage: true });
  await row.getByRole('textbox').fill('Cliente desempregado, proposta dentro da alçada do supervisor');
  await row.getByRole('button', { name: 'Aprovar' }).click();
  await expect(page.getByText('Nenhum acordo aguardando aprovação.')).toBeVisible();
  await page.goto(agreementUrl);
  await expect(page.getByText('Ativo', { exact: true })).toBeVisible();
  const qr = page.getByRole('img', { name: /QR code Pix da parcela 0/ });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByText(/^000201/)).toBeVisible();
  await page.screenshot({ path: `${shots}/05-acordo-ativo-pix.png`, fullPage: true });
  await page.getByRole('link', { name: 'Equipe e régua' }).click();
  await expect(page.getByRole('table', { name: 'Produtividade por operador' })).toContainText(people.agent.email);
  await page.screenshot({ path: `${shots}/06-equipe-e-regua.png`, fullPage: true });
  await signOut(page);

  // The auditor sees it in the reports and in the trail, and the trail verifies.
  await signIn(page, people.auditor.email);
  await expect(page.getByRole('heading', { name: 'Relatórios' })).toBeVisible();
  const agreements = page.getByRole('table', { name: 'Acordos no período' });
  await expect(agreements.getByRole('row', { name: /Total/ })).toContainText('1');
  await expect(page.getByRole('img', { name: 'Saldo em aberto por faixa de atraso' })).toBeVisible();
  await page.screenshot({ path: `${shots}/07-relatorios.png`, fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Acordos' }).getByRole('button', { name: 'Baixar CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);

  await page.getByRole('link', { name: 'Trilha de auditoria' }).click();
  const trail = page.getByRole('table', { name: 'Entradas da trilha de auditoria' });
  await expect(trail.getByRole('row').filter({ hasText: 'DecideAgreement' })).toContainText('"decision":"approve"');
  await expect(trail).toContainText(people.supervisor.email);
  await page.getByRole('button', { name: 'Verificar integridade' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Trilha íntegra' })).toBeVisible();
  await page.screenshot({ path: `${shots}/08-trilha-de-auditoria.png`, fullPage: true });

  await page.getByRole('link', { name: 'Relatório do titular' }).click();
  await page.getByLabel('CPF ou CNPJ do titular').fill(formatted);
  await page.getByRole('button', { name: 'Gerar relatório' }).click();
  await expect(page.getByText(/registros em \d+ categorias/)).toBeVisible();
  await page.getByRole('button', { name: /^Acordos/ }).click();
  await expect(page.getByRole('table', { name: 'Acordos' })).toContainText('active');
  await page.screenshot({ path: `${shots}/09-relatorio-do-titular.png`, fullPage: true });
});

test('an administrator registers a creditor and sees its API key once', async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await page.getByRole('link', { name: 'Usuários' }).click();
  await expect(page.getByRole('table', { name: 'Usuários' })).toContainText(people.auditor.email);
  await page.screenshot({ path: `${shots}/10-usuarios.png`, fullPage: true });

  await page.getByRole('link', { name: 'Credores e chaves' }).click();
  await page.getByLabel('Razão social').fill('Financeira Horizonte Ltda');
  await page.getByLabel('CNPJ').fill('11.222.333/0001-81');
  await page.getByRole('button', { name: 'Cadastrar credor' }).click();
  const key = page.getByText(/^rk_live_[A-Za-z0-9_-]{20,}$/);
  await expect(key).toBeVisible();
  await expect(page.getByText('copie agora, ela não será mostrada de novo', { exact: false })).toBeVisible();
  await page.screenshot({ path: `${shots}/11-credores-e-chaves.png`, fullPage: true });
  await page.reload();
  await expect(page.getByRole('region', { name: 'Financeira Horizonte Ltda' })).toBeVisible();
  await expect(page.getByText(/^rk_live_[A-Za-z0-9_-]{20,}$/)).toHaveCount(0);
});
