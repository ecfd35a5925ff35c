// Prints the JavaScript the SPA loads before its first screen, gzipped, and fails the build above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const out = '../backend/src/Recovery.Api/wwwroot';
const budgetKb = 300;
const html = readFileSync(join(out, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const kb = initial.reduce((sum, file) => sum + gzipSync(readFileSync(join(out, file))).length, 0) / 1024;
console.log(`initial JavaScript: ${kb.toFixed(1)} KB gzipped in ${initial.length} file(s) (budget ${budgetKb} KB)`);
if (kb > budgetKb) {
  console.error('The initial JavaScript is over budget: lazy-load what the first screen does not need.');
  process.exit(1);
}
