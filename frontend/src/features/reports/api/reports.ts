import { useQuery } from '@tanstack/react-query';
import { apiHeaders, client, data } from '@/lib/api';
import { ApiError } from '@/lib/api-client';

export type Period = { from: string; to: string };

export const reportKeys = {
  one: (name: string, period: Period) => ['reports', name, period] as const,
};

export const useAgingReport = () =>
  useQuery({ queryKey: ['reports', 'aging'], queryFn: () => data(client.GET('/api/v1/reports/aging')) });

export const useRecovery = (period: Period) =>
  useQuery({ queryKey: reportKeys.one('recovery', period), queryFn: () => data(client.GET('/api/v1/reports/recovery', { params: { query: { by: 'month', ...period } } })) });

export const useAgreementsReport = (period: Period) =>
  useQuery({ queryKey: reportKeys.one('agreements', period), queryFn: () => data(client.GET('/api/v1/reports/agreements', { params: { query: period } })) });

export const useFunnel = (period: Period) =>
  useQuery({ queryKey: reportKeys.one('funnel', period), queryFn: () => data(client.GET('/api/v1/reports/dunning-funnel', { params: { query: period } })) });

/** Downloads a report as CSV (the API streams it when asked with Accept: text/csv). */
export async function downloadCsv(path: string, query: Record<string, string> = {}) {
  const url = `/api/v1${path}?${new URLSearchParams(query)}`;
  const res = await fetch(url, { headers: { ...apiHeaders, Accept: 'text/csv' }, credentials: 'same-origin' });
  if (!res.ok) throw new ApiError({ status: res.status, title: res.statusText });
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'relatorio.csv';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

export const usePortalFunnel = (period: Period) =>
  useQuery({ queryKey: reportKeys.one('portal-funnel', period), queryFn: () => data(client.GET('/api/v1/reports/portal-funnel', { params: { query: period } })) });
/** Each purchased portfolio's return: price, recovered by month, costs, net, multiple and payback month. */
export const usePurchasedPortfolios = () =>
  useQuery({ queryKey: ['reports', 'purchased-portfolios'], queryFn: () => data(client.GET('/api/v1/reports/purchased-portfolios')) });
