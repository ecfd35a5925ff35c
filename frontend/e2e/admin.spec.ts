import { expect, test } from '@playwright/test';
import { admin } from './playwright.config';
import { setUpSecondFactor, signIn } from './session';
import { expectAccessible } from './a11y';
import { inspect } from './inspect';
import { hasSecondFactor } from './second-factor';

test('the first administrator is led to set up two-step verification at the first sign-in, on a phone too', async ({ page }) => {
  test.skip(hasSecondFactor(admin.email), 'set up earlier in this run');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Senha').fill(admin.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(/\/verificacao-em-duas-etapas$/);
  await expect(page.getByText('Obrigatória para o seu papel')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Usuários' })).toHaveCount(0);
  await expectAccessible(page, '11-verificacao-em-duas-etapas');
  await setUpSecondFactor(page, admin.email, '11-verificacao-em-duas-etapas');
  await expect(page.getByRole('link', { name: 'Usuários' })).toBeAttached();
});

test('an administrator registers a creditor and sees its API key once', async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await page.getByRole('link', { name: 'Usuários' }).click();
  await expect(page.getByRole('table', { name: 'Usuários' })).toContainText(admin.email);
  await expect(page.getByRole('button', { name: 'Redefinir verificação em duas etapas de Administrator' })).toBeVisible();
  await inspect(page, '12-usuarios');

  await page.getByRole('link', { name: 'Credores e chaves' }).click();
  await page.getByLabel('Razão social').fill('Financeira Horizonte Ltda');
  await page.getByLabel('CNPJ').fill('11.222.333/0001-81');
  await page.getByRole('button', { name: 'Cadastrar credor' }).click();
  const key = page.getByText(/^rk_live_[A-Za-z0-9_-]{20,}$/);
  await expect(key).toBeVisible();
  await expect(page.getByText('copie agora, ela não será mostrada de novo', { exact: false })).toBeVisible();
  await inspect(page, '13-credores-e-chaves');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Financeira Horizonte Ltda' })).toBeVisible();
  await expect(page.getByText(/^rk_live_[A-Za-z0-9_-]{20,}$/)).toHaveCount(0);
  const creditor = page.getByRole('region', { name: 'Financeira Horizonte Ltda' });
  await creditor.getByRole('button', { name: 'Ver webhook' }).click();
  await expect(creditor.getByText('Nenhum webhook cadastrado pelo credor.')).toBeVisible();
});

test('an administrator loads the legal rate from a spreadsheet and reads what it is for', async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await page.getByRole('link', { name: 'Índices e taxa legal' }).click();
  await expect(page.getByText('a Selic do mês menos o IPCA', { exact: false })).toBeVisible();
  await page.getByLabel('Valores mensais', { exact: false }).fill('mês;percentual\n2026-01;0,4321\n2026-02;0,38');
  await page.getByRole('button', { name: 'Carregar' }).click();
  await expect(page.getByRole('status')).toHaveText('2 mês(es) carregado(s).');
  const table = page.getByRole('table', { name: 'Valores de TAXA-LEGAL' });
  await expect(table.getByRole('row', { name: '01/2026 0,4321%' })).toBeVisible();
  await expect(table.getByRole('row', { name: '02/2026 0,38%' })).toBeVisible();
  await inspect(page, '14-indices');

  await page.getByLabel('Valores mensais', { exact: false }).fill('2026-03;0,1\n2026-13;0,1');
  await page.getByRole('button', { name: 'Carregar' }).click();
  await expect(page.getByRole('alert')).toHaveText('Verifique os campos destacados.');
  await expect(page.getByText("o mês é aaaa-mm (2026-01), não '2026-13'")).toBeVisible();
  await expect(table.getByRole('row', { name: /03\/2026/ })).toHaveCount(0);
});

test('on a phone the navigation is a drawer: it opens from the header, closes with Escape and once a page is chosen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, admin.email, admin.password);
  const users = page.getByRole('link', { name: 'Usuários' });
  await expect(users).not.toBeInViewport();
  await page.getByRole('button', { name: 'Abrir navegação' }).click();
  await expect(users).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Fechar navegação' })).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(users).not.toBeInViewport();
  await page.getByRole('button', { name: 'Abrir navegação' }).click();
  await users.click();
  await expect(page.getByRole('table', { name: 'Usuários' })).toBeInViewport();
  await expect(users).not.toBeInViewport();
});
