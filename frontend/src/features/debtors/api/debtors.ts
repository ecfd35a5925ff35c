import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';

export const debtorKeys = {
  all: ['debtors'] as const,
  queue: () => [...debtorKeys.all, 'queue'] as const,
  search: (query: string) => [...debtorKeys.all, 'search', query] as const,
  one: (id: string) => [...debtorKeys.all, id] as const,
  timeline: (id: string) => [...debtorKeys.all, id, 'timeline'] as const,
  valuation: (id: string) => [...debtorKeys.all, id, 'valuation'] as const,
};

export const useWorkQueue = () =>
  useQuery({ queryKey: debtorKeys.queue(), queryFn: () => data(client.GET('/api/v1/work-queue')), refetchInterval: 60_000 });

export const useDebtorSearch = (query: string) =>
  useQuery({
    queryKey: debtorKeys.search(query),
    queryFn: () => data(client.GET('/api/v1/debtors', { params: { query: { query } } })),
    enabled: query.trim().length >= 3,
    placeholderData: keepPreviousData,
  });

export const useDebtor = (id: string) =>
  useQuery({ queryKey: debtorKeys.one(id), queryFn: () => data(client.GET('/api/v1/debtors/{id}', { params: { path: { id } } })) });

export const useTimeline = (id: string) =>
  useQuery({
    queryKey: debtorKeys.timeline(id),
    queryFn: () => data(client.GET('/api/v1/debtors/{debtorId}/timeline', { params: { path: { debtorId: id }, query: { limit: 200 } } })),
  });

export const useValuation = (id: string) =>
  useQuery({
    queryKey: debtorKeys.valuation(id),
    queryFn: () => data(client.GET('/api/v1/debtors/{debtorId}/valuation', { params: { path: { debtorId: id } } })),
  });

export function useAddNote(debtorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      data(client.POST('/api/v1/debtors/{debtorId}/notes', { params: { path: { debtorId } }, body: { text } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: debtorKeys.timeline(debtorId) }),
  });
}
