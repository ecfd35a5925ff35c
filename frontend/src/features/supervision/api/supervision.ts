import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';

const runs = ['dunning-runs'] as const;

/** The dunning runs, polled every two seconds while one is running. */
export const useRuns = () =>
  useQuery({
    queryKey: runs,
    queryFn: () => data(client.GET('/api/v1/communication/runs')),
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'running') ? 2_000 : 30_000),
  });

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => data(client.POST('/api/v1/communication/runs')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runs }),
  });
}

export const useProductivity = (period: { from: string; to: string }) =>
  useQuery({
    queryKey: ['reports', 'productivity', period],
    queryFn: () => data(client.GET('/api/v1/reports/productivity', { params: { query: period } })),
  });
