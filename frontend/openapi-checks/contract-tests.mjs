// Contract tests generated from the OpenAPI document (openapi.json) by Portman and run by Newman against the real host:
// each operation answers a success status, the content type and a body that matches the document's schema. Two suites:
// the partner operations with a partner's key (the invoice the examples push is then read, paid and cancelled), then
// the people's reads that need no id, with the administrator's session, over the data the first suite left.
// Starts the Debug build of the API on a free port with a fresh data directory, creates a partner through the admin API,
// and writes the totals to ../artifacts/contract-tests.json ({ passed, failed }: Newman's assertions).
// Usage: node openapi-checks/contract-tests.mjs   (CONTRACT_BASE_URL=http://... to use a host that is already running with CONTRACT_ADMIN_*)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import newman from 'newman';
import { totp } from '../e2e/totp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const root = resolve(frontend, '..');
const artifacts = join(root, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const admin = {
  email: process.env.CONTRACT_ADMIN_EMAIL ?? 'admin@contract.test',
  password: process.env.CONTRACT_ADMIN_PASSWORD ?? 'Admin-Password-Contract',
};

const freePort = () => new Promise((ok, fail) => {
  const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => ok(port));
  });
});

async function waitFor(url, host, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (host?.exitCode != null) throw new Error(`the host exited with ${host.exitCode}`);
    try { if ((await fetch(url)).ok) return; } catch { /* not yet listening */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** A valid CNPJ (check digits) for the partner. */
function cnpj() {
  const d = [...Array.from({ length: 8 }, () => Math.floor(Math.random() * 10)), 0, 0, 0, 1];
  for (const w of [[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]]) {
    const r = w.reduce((s, x, i) => s + x * d[i], 0) % 11;
    d.push(r < 2 ? 0 : 11 - r);
  }
  return d.join('');
}

async function credentials(baseUrl) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(admin),
  });
  if (!login.ok) throw new Error(`admin sign-in: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  // An administrator works only once a second factor is set up: as the first administrator would, with an authenticator.
  const headers = { 'Content-Type': 'application/json', 'X-Requested-With': 'contract-tests', Cookie: cookie };
  const enrolment = await fetch(`${baseUrl}/api/v1/auth/mfa`, { method: 'POST', headers });
  if (!enrolment.ok) throw new Error(`second factor: ${enrolment.status} ${await enrolment.text()}`);
  const confirmed = await fetch(`${baseUrl}/api/v1/auth/mfa/confirm`, {
    method: 'POST', headers, body: JSON.stringify({ totp: totp((await enrolment.json()).secret) }),
  });
  if (!confirmed.ok) throw new Error(`second factor: ${confirmed.status} ${await confirmed.text()}`);
  const created = await fetch(`${baseUrl}/api/v1/admin/partners`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'contract-tests', Cookie: cookie },
    body: JSON.stringify({ name: 'Parceiro Contrato S.A.', document: cnpj() }),
  });
  if (!created.ok) throw new Error(`partner: ${created.status} ${await created.text()}`);
  return { apiKey: (await created.json()).apiKey, cookie };
}

function collection(baseUrl, work, suite) {
  const output = join(work, `${suite}.json`);
  execFileSync(join(frontend, 'node_modules', '.bin', 'portman'), [
    '--local', join(frontend, 'openapi.json'), '--baseUrl', baseUrl, '--output', output,
    '--portmanConfigFile', join(here, `${suite}-portman-config.json`), '--postmanConfigFile', join(here, 'postman-config.json'),
    '--filterFile', join(here, `${suite}-filter.json`), '--syncPostman', 'false', '--runNewman', 'false',
  ], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 });
  return JSON.parse(readFileSync(output, 'utf8'));
}

const run = (options) => new Promise((ok, fail) => newman.run(options, (error, summary) => (error ? fail(error) : ok(summary))));

let host;
const work = mkdtempSync(join(tmpdir(), 'recovery-contract-'));
let result = { passed: 0, failed: 1 };
try {
  let baseUrl = process.env.CONTRACT_BASE_URL;
  if (!baseUrl) {
    baseUrl = `http://127.0.0.1:${await freePort()}`;
    const dll = join(root, 'backend', 'src', 'Recovery.Api', 'bin', process.env.CONTRACT_CONFIGURATION ?? 'Debug', 'net10.0', 'Recovery.Api.dll');
    host = spawn('dotnet', [dll, '--urls', baseUrl], {
      cwd: dirname(dll),
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env, RECOVERY_DATA_DIR: join(work, 'data'), RECOVERY_ADMIN_EMAIL: admin.email, RECOVERY_ADMIN_PASSWORD: admin.password,
        Logging__LogLevel__Default: 'Warning',
      },
    });
    await waitFor(`${baseUrl}/healthz`, host, 90);
  }
  const { apiKey, cookie } = await credentials(baseUrl);
  result = { passed: 0, failed: 0, requests: 0 };
  for (const [suite, envVar] of [['partner', { apiKey }], ['people', { cookie }]]) {
    const summary = await run({
      collection: collection(baseUrl, work, suite),
      envVar: Object.entries({ ...envVar, baseUrl }).map(([key, value]) => ({ key, value })),
      reporters: ['cli'],
      timeoutRequest: 15_000,
    });
    const { assertions, requests } = summary.run.stats;
    result.passed += assertions.total - assertions.failed;
    result.failed += assertions.failed + requests.failed + (requests.total === 0 ? 1 : 0);
    result.requests += requests.total;
  }
} catch (error) {
  console.error(`contract tests: ${error.message}`);
} finally {
  host?.kill('SIGTERM');
  writeFileSync(join(artifacts, 'contract-tests.json'), JSON.stringify(result) + '\n');
  console.log(`contract tests: ${result.passed} assertions passed, ${result.failed} failed`);
  try { rmSync(work, { recursive: true, force: true }); } catch { /* the host may still hold a file for a moment */ }
  process.exitCode = result.failed === 0 ? 0 : 1;
}
