import { catalogue } from './catalogue';

const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** R$ 1.234,56 — amounts arrive from the API in reais. */
export const formatBRL = (reais: number) => brl.format(reais);

export const roleLabels: Record<string, string> = catalogue.roles;

const dateFormat = new Intl.DateTimeFormat('pt-BR', { timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'America/Sao_Paulo' });
const percent = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 31/12/2026 from an ISO date (2026-12-31). */
export const formatDate = (iso: string | null | undefined) => (iso ? dateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—');

/** 31/12/2026 14:05 in Brasília from an instant. */
export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTimeFormat.format(new Date(iso)) : '—');

/** 2,35% */
export const formatPercent = (value: number) => `${percent.format(value)}%`;

/** Today in Brasília as an ISO date. */
export const todayIso = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());

export const statusLabels: Record<string, string> = catalogue.statuses;

export const channelLabels: Record<string, string> = catalogue.channels;

/** The channels a message goes by, as the options of a select. */
export const messageChannels = ['email', 'sms', 'whatsapp', 'letter', 'call'].map((value) => ({ value, label: channelLabels[value] }));
