import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';

const keys = { calls: ['queues', 'calls'] as const, letters: ['queues', 'letters'] as const };

export const useCalls = () => useQuery({ queryKey: keys.calls, queryFn: () => data(client.GET('/api/v1/communication/calls')), refetchInterval: 60_000 });

export const useLetters = () =>
  useQuery({ queryKey: keys.letters, queryFn: () => data(client.GET('/api/v1/communication/letters', { params: { query: { printed: false } } })) });

export function useCallOutcome() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, outcome }: { messageId: string; outcome: string }) =>
      data(client.POST('/api/v1/communication/calls/{messageId}/outcome', { params: { path: { messageId } }, body: { outcome } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.calls }),
  });
}

export function useMarkPrinted() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) =>
      data(client.POST('/api/v1/communication/letters/{messageId}/printed', { params: { path: { messageId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.letters }),
  });
}
