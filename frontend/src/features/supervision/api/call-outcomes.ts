import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';

const outcomesKey = (portfolioId: string) => ['call-outcomes', portfolioId] as const;

/** The portfolio's outcomes of a call (the defaults until a supervisor saves its own). */
export const usePortfolioCallOutcomes = (portfolioId: string) =>
  useQuery({
    queryKey: outcomesKey(portfolioId),
    queryFn: () => data(client.GET('/api/v1/portfolios/{portfolioId}/call-outcomes', { params: { path: { portfolioId } } })),
    retry: false,
  });

export function useSaveCallOutcomes(portfolioId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: Schemas['CallOutcome'][]) =>
      data(client.PUT('/api/v1/portfolios/{portfolioId}/call-outcomes', { params: { path: { portfolioId } }, body: { items } })),
    onSuccess: (saved) => queryClient.setQueryData(outcomesKey(portfolioId), saved),
  });
}
