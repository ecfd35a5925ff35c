import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';
import { debtorKeys, type QueueFilters } from './debtors';

export type CallOutcome = Schemas['CallOutcome'];
export type RecordedCall = Schemas['RecordCallResponse'];

/** The outcomes of a call to this debtor: their portfolio's catalogue (the defaults until it saves its own). */
export const useCallOutcomes = (debtorId: string) =>
  useQuery({
    queryKey: [...debtorKeys.one(debtorId), 'call-outcomes'],
    queryFn: () => data(client.GET('/api/v1/debtors/{debtorId}/call-outcomes', { params: { path: { debtorId } } })),
    staleTime: 5 * 60_000,
  });

/** A call recorded: the debtor's page, timeline and the queue show its effect (a wrong number, a hold, a callback). */
export function useRecordCall(debtorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { phone: string; outcome: string; note?: string; callbackAt?: string; messageId?: string }) =>
      data(client.POST('/api/v1/debtors/{debtorId}/calls', { params: { path: { debtorId } }, body })),
    // The effects are applied by events: a moment later, the page reads them.
    onSuccess: () => setTimeout(() => queryClient.invalidateQueries({ queryKey: debtorKeys.one(debtorId) })
      .then(() => queryClient.invalidateQueries({ queryKey: debtorKeys.queue() })), 500),
  });
}

/** The dialer hook: tells the softphone (through the partners' webhooks) which number the agent is calling. */
export const useDial = (debtorId: string) =>
  useMutation({
    mutationFn: (phone: string) => data(client.POST('/api/v1/debtors/{debtorId}/calls/dial', { params: { path: { debtorId } }, body: { phone } })),
  });

/** A callback typed as a date and time in Brasília (UTC-3, no daylight saving since 2019), as the instant the API takes. */
export const brasiliaInstant = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}-03:00` : undefined);

const filtersKey = 'recovery:queue-filters';
const visitedKey = 'recovery:queue-visited';

/** The work queue remembers its filters, so that "Próximo devedor" follows the same queue. */
export function rememberQueueFilters(filters: QueueFilters) {
  sessionStorage.setItem(filtersKey, JSON.stringify({ ...filters, offset: 0, limit: 100 }));
}

export function queueFilters(): QueueFilters {
  try { return JSON.parse(sessionStorage.getItem(filtersKey) ?? '') as QueueFilters; } catch { return { limit: 100 }; }
}

/** The debtors opened in this session, so that the next one is not one just worked. */
export function markVisited(debtorId: string) {
  const visited = new Set<string>(JSON.parse(sessionStorage.getItem(visitedKey) ?? '[]') as string[]);
  visited.add(debtorId);
  sessionStorage.setItem(visitedKey, JSON.stringify([...visited].slice(-500)));
}

/** The row after this debtor in the queue, or (when the call took them out of it) the first one not yet worked. */
export function nextInQueue(items: { debtorId: string }[], current: string): string | undefined {
  const at = items.findIndex((i) => i.debtorId === current);
  if (at >= 0) return items[at + 1]?.debtorId;
  const visited = new Set<string>(JSON.parse(sessionStorage.getItem(visitedKey) ?? '[]') as string[]);
  return (items.find((i) => !visited.has(i.debtorId)) ?? items.find((i) => i.debtorId !== current))?.debtorId;
}

export async function fetchNextDebtor(current: string): Promise<string | undefined> {
  const queue = await data(client.GET('/api/v1/work-queue', { params: { query: queueFilters() } }));
  return nextInQueue(queue.items, current);
}
