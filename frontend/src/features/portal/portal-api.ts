// The portal's calls: plain fetch with the portal's cookie and X-Requested-With (no client library: the portal's bundle
// stays small), typed by the API's generated schemas; problems become messages in Portuguese.
import type { components } from '@/api/schema';

type Schemas = components['schemas'];
export type Problem = { status: number; title?: string; detail?: string; errors?: Record<string, string[]> };

export class PortalError extends Error {
  constructor(public readonly problem: Problem) {
    super(PortalError.message(problem));
  }

  /** What the person reads: the field messages first, else the detail, else the title. */
  static message(p: Problem) {
    const fields = Object.values(p.errors ?? {}).flat();
    if (fields.length > 0) return fields.join(' ');
    return p.detail ?? p.title ?? 'Não foi possível concluir. Tente de novo.';
  }
}

export async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await globalThis.fetch(`${globalThis.location.origin}/api/v1/portal${path}`, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-Requested-With': 'portal', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new PortalError({ status: response.status, ...json });
  return json as T;
}

export type Debt = Schemas['ListDebtsItem'];
export type Offer = Schemas['ListOffersOffer'];
export type Agreement = Schemas['AcceptOfferAgreementResponse'];

const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
export const money = (reais: number) => brl.format(reais);
export const date = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
export const percent = (value: number) => `${value.toLocaleString('pt-BR', { maximumFractionDigits: 2 })}%`;

/** "Entrada de R$ 100,00 e 3 parcelas de R$ 300,00" — an offer in plain words. */
export function describe(offer: Offer) {
  if (offer.kind === 'a_vista') return `À vista: ${money(offer.total)}`;
  const parcels = `${offer.installments} parcela${offer.installments > 1 ? 's' : ''} de ${money(offer.installmentAmount)}`;
  return offer.downPayment > 0 ? `Entrada de ${money(offer.downPayment)} e ${parcels}` : parcels;
}
