import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';

const keys = {
  agencies: ['escalation', 'agencies'] as const,
  placements: ['escalation', 'placements'] as const,
  performance: ['escalation', 'performance'] as const,
  statement: (month: string) => ['escalation', 'statement', month] as const,
};

export const useAgencies = () => useQuery({ queryKey: keys.agencies, queryFn: () => data(client.GET('/api/v1/escalation/agencies')) });
export const usePlacements = () => useQuery({ queryKey: keys.placements, queryFn: () => data(client.GET('/api/v1/escalation/placements')) });
export const usePerformance = () => useQuery({ queryKey: keys.performance, queryFn: () => data(client.GET('/api/v1/escalation/performance')) });
export const useStatement = (month: string) =>
  useQuery({
    queryKey: keys.statement(month),
    // JSON here; the same path gives CSV and PDF (statementFile).
    queryFn: async () => (await data(client.GET('/api/v1/escalation/statements', { params: { query: { month } } }))) as Schemas['GetStatementStatement'],
  });

export function useCreateAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateAgencyCommand']) => data(client.POST('/api/v1/escalation/agencies', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.agencies }),
  });
}

export function usePlaceDebts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['PlaceDebtsCommand']) => data(client.POST('/api/v1/escalation/placements', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['escalation'] }),
  });
}

export function useRecall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      data(client.POST('/api/v1/escalation/placements/{id}/recall', { params: { path: { id } }, body: { reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['escalation'] }),
  });
}

/** The statement's file: CSV for spreadsheets (pt-BR) or PDF to send the creditor. */
export const statementFile = (month: string, format: 'csv' | 'pdf') =>
  `/api/v1/escalation/statements?${new URLSearchParams({ month, format })}`;
