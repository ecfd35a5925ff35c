import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';
import { debtorKeys } from './debtors';

/** The debtor's credit-bureau lookups (who asked, why, the cost, the answer) and monitoring alerts. */
export const useBureauLookups = (debtorId: string) =>
  useQuery({
    queryKey: [...debtorKeys.one(debtorId), 'bureau-lookups'],
    queryFn: () => data(client.GET('/api/v1/debtors/{debtorId}/bureau-lookups', { params: { path: { debtorId } } })),
  });

/** A lookup at the credit bureau: cached for the day (no cost), else paid from the portfolio's monthly budget. */
export function useBureauLookup(debtorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (purpose: 'collection' | 'skip_tracing' | 'negotiation') =>
      data(client.POST('/api/v1/debtors/{debtorId}/bureau-lookups', { params: { path: { debtorId } }, body: { purpose } })),
    // The contacts found reach the debtor through an event: read the page again a moment later.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...debtorKeys.one(debtorId), 'bureau-lookups'] });
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: debtorKeys.one(debtorId) }), 800);
    },
  });
}

export const purposeLabels: Record<string, string> = {
  collection: 'Cobrança', skip_tracing: 'Localização do devedor', negotiation: 'Análise para negociação',
  placement: 'Entrada na carteira', monitoring: 'Monitoramento',
};

export const restrictionLabels: Record<string, string> = {
  negativacao: 'Negativação', protest: 'Protesto', lawsuit: 'Ação judicial', bounced_cheque: 'Cheque sem fundos',
};
