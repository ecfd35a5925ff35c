import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { shots } from './session';

/**
 * What must not reach a person's eyes: raw codes, identifiers and English. Text inside `translate="no"` (document
 * numbers, Pix payloads, stored JSON, ids an auditor searches by) is data, not wording, and is left out.
 */
const leaks: { what: string; pattern: RegExp }[] = [
  { what: 'a raw id', pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i },
  { what: 'a snake_case code', pattern: /(?<![@.\w])[a-z]+(?:_[a-z0-9]+)+\b(?![@.]\w)/ },
  { what: 'a PascalCase identifier', pattern: /\b(?!WhatsApp\b)[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/ },
  { what: 'an amount with a dot decimal', pattern: /R\$\s?\d+\.\d{2}\b/ },
  { what: 'an English status or word', pattern: /\b(open|pending|active|succeeded|failed|retry|delivered|cancelled|rejected|broken|completed|overdue|queued|blocked|sent|paid|true|false|null|undefined|NaN|Invalid Date)\b/ },
  { what: 'an English sentence', pattern: /\b(The|There is|must|is required|is not|not found|Unauthorized|Forbidden|Bad Request|Internal Server Error)\b/ },
];

/** Fails when the visible text, outside `translate="no"`, carries a raw code or English. */
export async function expectPortuguese(page: Page, what: string) {
  const text = await page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[translate="no"], script, style, noscript').forEach((e) => e.remove());
    clone.querySelectorAll('input, textarea, select').forEach((e) => e.remove());
    // innerText needs layout; textContent of the clone with block separators is enough for words.
    clone.querySelectorAll('*').forEach((e) => e.append(' '));
    return clone.textContent ?? '';
  });
  const withoutAddresses = text.replace(/[\w.+-]+@[\w.-]+\.\w+/g, ' ');
  const found = leaks.flatMap(({ what: kind, pattern }) => {
    const m = withoutAddresses.match(pattern);
    return m ? [`${kind}: "${m[0]}" in "…${withoutAddresses.slice(Math.max(0, m.index! - 40), m.index! + m[0].length + 40).replace(/\s+/g, ' ')}…"`] : [];
  });
  expect(found, `${what}: text a person should not see`).toEqual([]);
}

/**
 * One page as each person sees it: a screenshot at 1366×768 and at 390×844, the accessibility checks, Portuguese only,
 * and nothing wider than a phone's screen (tables scroll inside their own box).
 */
export async function inspect(page: Page, name: string) {
  const desktop = page.viewportSize() ?? { width: 1366, height: 768 };
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  await expectAccessible(page, name);
  await expectPortuguese(page, name);
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `${name} at 390 px: the page scrolls sideways` })
      .toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${shots}/${name}-390.png`, fullPage: true });
  } finally {
    await page.setViewportSize(desktop);
  }
}
