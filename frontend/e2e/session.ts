import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

/** Where the screenshots of the main pages go (test artefacts). */
export const shots = fileURLToPath(new URL('../../artifacts/screenshots', import.meta.url));

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page).toHaveURL(/\/login$/);
}
