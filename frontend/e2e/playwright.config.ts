import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The SPA's flows in Debian's Chromium against the real API host (the Debug build `make test` makes, serving the built
 * SPA from its wwwroot) with a fresh SQLite database in a temporary directory.
 */
// The runner and its workers each load this file: the runner picks the port and the data directory, the workers inherit them.
process.env.E2E_PORT ??= String(5190 + Math.floor(Math.random() * 500));
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'recovery-e2e-'));
// The loopback SMTP server the portal flow starts (e2e/smtp.ts): the API host sends its e-mail there.
process.env.E2E_SMTP_PORT ??= String(Number(process.env.E2E_PORT) + 1000);
const port = Number(process.env.E2E_PORT);
export const baseURL = `http://127.0.0.1:${port}`;
export const admin = { email: 'admin@e2e.test', password: 'Admin-Password-E2E' };

export default defineConfig({
  testDir: '.',
  globalTeardown: './teardown.ts',
  timeout: 240_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  outputDir: '../../artifacts/e2e-results',
  reporter: [['list'], ['json', { outputFile: '../../artifacts/e2e-tests.json' }]],
  use: {
    baseURL,
    viewport: { width: 1366, height: 768 },
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
             '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `dotnet bin/Debug/net10.0/Recovery.Api.dll --urls ${baseURL}`,
    cwd: '../../backend/src/Recovery.Api',
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      RECOVERY_DATA_DIR: process.env.E2E_DATA_DIR,
      RECOVERY_ADMIN_EMAIL: admin.email,
      RECOVERY_ADMIN_PASSWORD: admin.password,
      Logging__LogLevel__Default: 'Warning',
      // The seed writes 200 notes as one agent, faster than a person could: not what the per-person limit is for.
      Security__RateLimits__UserPermitsPerSecond: '1000',
      Security__RateLimits__UserBurst: '1000',
      Communication__Smtp__Host: '127.0.0.1',
      Communication__Smtp__Port: process.env.E2E_SMTP_PORT,
    },
  },
});
