// Prints the JavaScript each app loads before its first screen, gzipped, and fails the build above its budget: the
// agents' SPA and the debtor's portal are two entries behind one small loader (src/app/main.tsx), each loading its own
// chunk and what that chunk imports statically.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const out = '../backend/src/Recovery.Api/wwwroot';
const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));
const budgets = { 'src/app/agent-app.tsx': ['agents’ SPA', 300], 'src/features/portal/portal-app.tsx': ['debtor’s portal', 120] };

/** A chunk and everything it imports statically, as files. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key].imports ?? []) closure(next, seen);
  return seen;
}

const loader = Object.keys(manifest).find((k) => manifest[k].isEntry);
let over = false;
for (const [entry, [name, budgetKb]] of Object.entries(budgets)) {
  if (!manifest[entry]) throw new Error(`${entry} is not a chunk of the build: update scripts/bundle-budget.mjs`);
  const files = new Set([...closure(loader), ...closure(entry)].map((k) => manifest[k].file).filter((f) => f.endsWith('.js')));
  const kb = [...files].reduce((sum, file) => sum + gzipSync(readFileSync(join(out, file))).length, 0) / 1024;
  console.log(`initial JavaScript of the ${name}: ${kb.toFixed(1)} KB gzipped in ${files.size} file(s) (budget ${budgetKb} KB)`);
  if (kb > budgetKb) {
    console.error(`The ${name} is over budget: lazy-load what its first screen does not need.`);
    over = true;
  }
}
if (over) process.exit(1);
