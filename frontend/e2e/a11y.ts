import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const policyViolations = new WeakMap<Page, string[]>();

/** Collects what the browser refused under the content security policy (inline scripts or styles, foreign origins). */
export function watchContentPolicy(page: Page) {
  if (policyViolations.has(page)) return;
  const seen: string[] = [];
  policyViolations.set(page, seen);
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
}

/** WCAG 2.1 A and AA checks (labels, names, contrast, landmarks) on the page as it is; serious and critical findings fail, as does
 * anything the content security policy refused since the page was watched. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(policyViolations.get(page) ?? [], `${what}: refused by the content security policy`).toEqual([]);
  expect(blocking.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n').at(-1)?.trim() ?? ''}`).slice(0, 3).join('; ')})`), what).toEqual([]);
}
