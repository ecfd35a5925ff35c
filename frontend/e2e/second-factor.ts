import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What an authenticator app does, for the flows: TOTP codes (RFC 6238, SHA-1, 6 digits, 30 s) from the secrets the
 * people set up. The server accepts a time step once, so each sign-in takes a step not used before (waiting for the
 * next one when needed). Kept in a file of the run's data directory, which every worker shares.
 */
type Factors = Record<string, { secret: string; lastStep: number }>;

const file = () => join(process.env.E2E_DATA_DIR ?? '.', 'e2e-second-factors.json');
const load = (): Factors => (existsSync(file()) ? (JSON.parse(readFileSync(file(), 'utf8')) as Factors) : {});

export function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const c of text.replace(/[=\s]/g, '').toUpperCase()) {
    value = ((value << 5) | alphabet.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

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
