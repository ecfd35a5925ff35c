import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';

export const usePortfolios = () =>
  useQuery({ queryKey: ['portfolios'], queryFn: () => data(client.GET('/api/v1/portfolios')) });

const policyKey = (portfolioId: string) => ['policy', portfolioId] as const;
const scheduleKey = (portfolioId: string) => ['schedule', portfolioId] as const;

export const usePolicy = (portfolioId: string) =>
  useQuery({
    queryKey: policyKey(portfolioId),
    queryFn: () => data(client.GET('/api/v1/portfolios/{portfolioId}/policy', { params: { path: { portfolioId } } })),
    enabled: !!portfolioId,
    retry: false,
  });

export function useSavePolicy(portfolioId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: Schemas['Policy']) =>
      data(client.PUT('/api/v1/portfolios/{portfolioId}/policy', { params: { path: { portfolioId } }, body: policy })),
    onSuccess: (saved) => queryClient.setQueryData(policyKey(portfolioId), saved),
  });
}

export const useSchedule = (portfolioId: string) =>
  useQuery({
    queryKey: scheduleKey(portfolioId),
    queryFn: () => data(client.GET('/api/v1/portfolios/{portfolioId}/schedule', { params: { path: { portfolioId } } })),
    enabled: !!portfolioId,
    retry: false,
  });

export function useSaveSchedule(portfolioId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (steps: Schemas['SchedulesStep'][]) =>
      data(client.PUT('/api/v1/portfolios/{portfolioId}/schedule', { params: { path: { portfolioId } }, body: { steps } })),
    onSuccess: (saved) => queryClient.setQueryData(scheduleKey(portfolioId), saved),
  });
}

const bureauKey = (portfolioId: string) => ['bureau-settings', portfolioId] as const;

/** The portfolio's terms for credit-bureau lookups: monthly budget, lookups at placement, monitoring; what the month spent. */
export const useBureauSettings = (portfolioId: string) =>
  useQuery({
    queryKey: bureauKey(portfolioId),
    queryFn: () => data(client.GET('/api/v1/portfolios/{portfolioId}/bureau-settings', { params: { path: { portfolioId } } })),
    enabled: !!portfolioId,
  });

export function useSaveBureauSettings(portfolioId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { monthlyBudget: number | null; autoLookup: boolean; monitoring: boolean }) =>
      data(client.PUT('/api/v1/portfolios/{portfolioId}/bureau-settings', { params: { path: { portfolioId } }, body })),
    onSuccess: (saved) => queryClient.setQueryData(bureauKey(portfolioId), saved),
  });
}
