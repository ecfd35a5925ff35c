import { expect, test } from '@playwright/test';
import { admin } from './playwright.config';
import { shots, signIn } from './session';
import { expectAccessible } from './a11y';

test('an administrator registers a creditor and sees its API key once', async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await page.getByRole('link', { name: 'Usuários' }).click();
  await expect(page.getByRole('table', { name: 'Usuários' })).toContainText(admin.email);
  await page.screenshot({ path: `${shots}/12-usuarios.png`, fullPage: true });
  await expectAccessible(page, '12-usuarios');

  await page.getByRole('link', { name: 'Credores e chaves' }).click();
  await page.getByLabel('Razão social').fill('Financeira Horizonte Ltda');
  await page.getByLabel('CNPJ').fill('11.222.333/0001-81');
  await page.getByRole('button', { name: 'Cadastrar credor' }).click();
  const key = page.getByText(/^rk_live_[A-Za-z0-9_-]{20,}$/);
  await expect(key).toBeVisible();
  await expect(page.getByText('copie agora, ela não será mostrada de novo', { exact: false })).toBeVisible();
  await page.screenshot({ path: `${shots}/13-credores-e-chaves.png`, fullPage: true });
  await expectAccessible(page, '13-credores-e-chaves');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Financeira Horizonte Ltda' })).toBeVisible();
  await expect(page.getByText(/^rk_live_[A-Za-z0-9_-]{20,}$/)).toHaveCount(0);
  const creditor = page.getByRole('region', { name: 'Financeira Horizonte Ltda' });
  await creditor.getByRole('button', { name: 'Ver webhook' }).click();
  await expect(creditor.getByText('Nenhum webhook cadastrado pelo credor.')).toBeVisible();
});
