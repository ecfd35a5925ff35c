import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { codeNow, hasSecondFactor, nextCode, remember } from './second-factor';
import { watchContentPolicy } from './a11y';

/** Where the screenshots of the main pages go (test artefacts). */
export const shots = fileURLToPath(new URL('../../artifacts/screenshots', import.meta.url));

/**
 * Signs in as a person does: with the authenticator's code when the app asks for it; an administrator, supervisor or
 * auditor without a second factor yet is led to set it up, which this does as they would (the QR's secret typed in).
 */
export async function signIn(page: Page, email: string, password: string) {
  watchContentPolicy(page);
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  if (hasSecondFactor(email)) {
    await page.getByLabel('Código do autenticador').fill((await nextCode(email)).code);
    await page.getByRole('button', { name: 'Entrar' }).click();
  }
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  if (page.url().endsWith('/verificacao-em-duas-etapas')) await setUpSecondFactor(page, email);
}

/** "Verificação em duas etapas": configure, type the code, keep the recovery codes, go on. */
export async function setUpSecondFactor(page: Page, email: string, screenshot?: string) {
  await expect(page.getByRole('heading', { name: 'Verificação em duas etapas' })).toBeVisible();
  await page.getByRole('button', { name: 'Configurar' }).click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const secret = (await page.getByLabel('Chave para digitar').textContent())!.trim();
  if (screenshot) await page.screenshot({ path: `${shots}/${screenshot}-qr.png`, fullPage: true });
  const { code, step } = codeNow(secret);
  await page.getByLabel('Código do autenticador').fill(code);
  await page.getByRole('button', { name: 'Confirmar' }).click();
  await expect(page.getByRole('list', { name: 'Códigos de recuperação' }).getByRole('listitem')).toHaveCount(10);
  remember(email, secret, step);
  if (screenshot) await page.screenshot({ path: `${shots}/${screenshot}-codigos.png`, fullPage: true });
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect(page).not.toHaveURL(/verificacao-em-duas-etapas/);
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page).toHaveURL(/\/login$/);
}
