import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';

export type PlanInput = Schemas['PlanInput'];

export const agreementKeys = {
  all: ['agreements'] as const,
  list: (status?: string) => [...agreementKeys.all, 'list', status ?? 'all'] as const,
  one: (id: string) => [...agreementKeys.all, id] as const,
  simulation: (input: PlanInput) => ['simulation', input] as const,
};

/** The plan priced as the agent types: schedule, CET, the authority it needs and the rules it breaks. */
export const useSimulation = (input: PlanInput, enabled: boolean) =>
  useQuery({
    queryKey: agreementKeys.simulation(input),
    queryFn: () => data(client.POST('/api/v1/negotiations/simulate', { body: input })),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
  });

export function useCreateAgreement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) => data(client.POST('/api/v1/agreements', { body: input })),
    // The debtor's page and the work queue change too (the debts leave the queue once in the agreement).
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: agreementKeys.all }), queryClient.invalidateQueries({ queryKey: ['debtors'] })]),
  });
}

export const useAgreements = (status?: string) =>
  useQuery({
    queryKey: agreementKeys.list(status),
    queryFn: () => data(client.GET('/api/v1/agreements', { params: { query: { status } } })),
  });

/** A debtor's agreements, newest first: what the 360 shows after closing one. */
export const useDebtorAgreements = (debtorId: string) =>
  useQuery({
    queryKey: [...agreementKeys.all, 'debtor', debtorId],
    queryFn: () => data(client.GET('/api/v1/agreements', { params: { query: { debtorId } } })),
  });

/** Sends an installment's Pix again; refused (a problem) when the agreement is not in force or contact is not allowed now. */
export function useResendPix(debtorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { agreementId: string; installment: number; channel: string }) =>
      data(client.POST('/api/v1/debtors/{debtorId}/pix-messages', { params: { path: { debtorId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['debtors', debtorId] }),
  });
}

export const useAgreement = (id: string) =>
  useQuery({ queryKey: agreementKeys.one(id), queryFn: () => data(client.GET('/api/v1/agreements/{id}', { params: { path: { id } } })) });

export function useDecision(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ approve, reason }: { approve: boolean; reason?: string }) =>
      approve
        ? data(client.POST('/api/v1/agreements/{id}/approve', { params: { path: { id } }, body: { reason } }))
        : data(client.POST('/api/v1/agreements/{id}/reject', { params: { path: { id } }, body: { reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agreementKeys.all }),
  });
}
