import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@/api/schema';
import { client, data, type Schemas } from '@/lib/api';

export const debtorKeys = {
  all: ['debtors'] as const,
  queue: (filters?: QueueFilters) => (filters ? [...debtorKeys.all, 'queue', filters] as const : [...debtorKeys.all, 'queue'] as const),
  search: (query: string) => [...debtorKeys.all, 'search', query] as const,
  one: (id: string) => [...debtorKeys.all, id] as const,
  timeline: (id: string) => [...debtorKeys.all, id, 'timeline'] as const,
  valuation: (id: string) => [...debtorKeys.all, id, 'valuation'] as const,
};

/** What the agent narrows the queue to, and the page. */
export type QueueFilters = NonNullable<paths['/api/v1/work-queue']['get']['parameters']['query']>;

/** The queue moves: refreshed every minute and after anything done on a debtor (useRefresh). */
export const useWorkQueue = (filters: QueueFilters = {}) =>
  useQuery({
    queryKey: debtorKeys.queue(filters),
    queryFn: () => data(client.GET('/api/v1/work-queue', { params: { query: filters } })),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });

export const useDebtorSearch = (query: string) =>
  useQuery({
    queryKey: debtorKeys.search(query),
    queryFn: () => data(client.GET('/api/v1/debtors', { params: { query: { query } } })),
    enabled: query.trim().length >= 3,
    placeholderData: keepPreviousData,
  });

export const useDebtor = (id: string) =>
  useQuery({ queryKey: debtorKeys.one(id), queryFn: () => data(client.GET('/api/v1/debtors/{id}', { params: { path: { id } } })) });

/** The history a page at a time (newest first); fetchNextPage follows the server's cursor past the first page. */
export const useTimeline = (id: string) =>
  useInfiniteQuery({
    queryKey: debtorKeys.timeline(id),
    queryFn: ({ pageParam }) =>
      data(client.GET('/api/v1/debtors/{debtorId}/timeline', { params: { path: { debtorId: id }, query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
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

/** After anything done on a debtor: its page, timeline and the queue show the new state. */
function useRefresh(debtorId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: debtorKeys.one(debtorId) }).then(() =>
    queryClient.invalidateQueries({ queryKey: debtorKeys.queue() }));
}

export function usePromise(debtorId: string) {
  const refresh = useRefresh(debtorId);
  return useMutation({
    mutationFn: (body: { amount: number; dueDate: string; note?: string }) =>
      data(client.POST('/api/v1/debtors/{debtorId}/promises', { params: { path: { debtorId } }, body })),
    onSuccess: refresh,
  });
}

export function useSendMessage(debtorId: string) {
  const refresh = useRefresh(debtorId);
  return useMutation({
    mutationFn: (body: { template: string; invoiceId?: string }) =>
      data(client.POST('/api/v1/debtors/{debtorId}/messages', { params: { path: { debtorId } }, body })),
    onSuccess: refresh,
  });
}

export function usePlaceHold(debtorId: string) {
  const refresh = useRefresh(debtorId);
  return useMutation({
    mutationFn: (body: { kind: string; reason: string; legalBasis?: string; invoiceId?: string; endsOn?: string }) =>
      data(client.POST('/api/v1/debtors/{debtorId}/holds', {
        params: { path: { debtorId } }, body: { ...body, kind: body.kind as Schemas['PlaceHoldBody']['kind'] },
      })),
    onSuccess: refresh,
  });
}

export function useLiftHold(debtorId: string) {
  const refresh = useRefresh(debtorId);
  return useMutation({
    mutationFn: ({ holdId, reason }: { holdId: string; reason: string }) =>
      data(client.POST('/api/v1/debtors/{debtorId}/holds/{holdId}/lift', { params: { path: { debtorId, holdId } }, body: { reason } })),
    onSuccess: refresh,
  });
}

export function useOptOut(debtorId: string) {
  const refresh = useRefresh(debtorId);
  return useMutation({
    mutationFn: ({ contactId, reason }: { contactId: string; reason: string }) =>
      data(client.POST('/api/v1/debtors/{debtorId}/contacts/{contactId}/opt-out', { params: { path: { debtorId, contactId } }, body: { reason } })),
    onSuccess: refresh,
  });
}

/** The debtor's propensity to pay (Analytics, ADR 0027); absent (an error) when no open debt of theirs is known yet. */
export const useScore = (id: string) =>
  useQuery({
    queryKey: [...debtorKeys.one(id), 'score'] as const,
    queryFn: () => data(client.GET('/api/v1/debtors/{id}/score', { params: { path: { id } } })),
    retry: false,
  });
