import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';

const remindersKey = (portfolioId: string) => ['agreement-reminders', portfolioId] as const;

/** The portfolio's agreement reminder schedule (the defaults until a supervisor saves one). */
export const useAgreementReminders = (portfolioId: string) =>
  useQuery({
    queryKey: remindersKey(portfolioId),
    queryFn: () => data(client.GET('/api/v1/portfolios/{portfolioId}/agreement-reminders', { params: { path: { portfolioId } } })),
    enabled: !!portfolioId,
    retry: false,
  });

export function useSaveAgreementReminders(portfolioId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (steps: Schemas['AgreementRemindersStep'][]) =>
      data(client.PUT('/api/v1/portfolios/{portfolioId}/agreement-reminders', { params: { path: { portfolioId } }, body: { steps } })),
    onSuccess: (saved) => queryClient.setQueryData(remindersKey(portfolioId), saved),
  });
}
