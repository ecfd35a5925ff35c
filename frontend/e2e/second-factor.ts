import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { totp } from './totp.mjs';

/**
 * What an authenticator app does, for the flows: TOTP codes (RFC 6238, SHA-1, 6 digits, 30 s) from the secrets the
 * people set up. The server accepts a time step once, so each sign-in takes a step not used before (waiting for the
 * next one when needed). Kept in a file of the run's data directory, which every worker shares.
 */
type Factors = Record<string, { secret: string; lastStep: number }>;

const file = () => join(process.env.E2E_DATA_DIR ?? '.', 'e2e-second-factors.json');
const load = (): Factors => (existsSync(file()) ? (JSON.parse(readFileSync(file(), 'utf8')) as Factors) : {});

const currentStep = () => Math.floor(Date.now() / 30_000);

export const hasSecondFactor = (email: string) => email in load();

/** Records a person's new secret; the step of the code that confirmed it is spent. */
export function remember(email: string, secret: string, confirmedStep: number) {
  writeFileSync(file(), JSON.stringify({ ...load(), [email]: { secret, lastStep: confirmedStep } }));
}

/** A code the server has not seen for this person. */
export async function nextCode(email: string): Promise<{ code: string; step: number }> {
  const factors = load();
  const factor = factors[email];
  if (!factor) throw new Error(`${email} has no second factor`);
  let now = currentStep();
  while (Math.max(now, factor.lastStep + 1) > now + 1) {
    await new Promise((r) => setTimeout(r, 1000));
    now = currentStep();
  }
  const step = Math.max(now, factor.lastStep + 1);
  writeFileSync(file(), JSON.stringify({ ...factors, [email]: { ...factor, lastStep: step } }));
  return { code: totp(factor.secret, step), step };
}

/** A code for a secret just shown, at the current step (to confirm an enrolment). */
export const codeNow = (secret: string) => ({ code: totp(secret, currentStep()), step: currentStep() });
