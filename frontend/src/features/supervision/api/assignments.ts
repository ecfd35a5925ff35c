import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@/api/schema';
import { client, data } from '@/lib/api';

export type AssignmentFilters = NonNullable<paths['/api/v1/debtors/assignments']['get']['parameters']['query']>;

const keys = {
  all: ['assignments'] as const,
  team: ['assignments', 'team'] as const,
  list: (filters: AssignmentFilters) => ['assignments', 'list', filters] as const,
};

/** The agents and supervisors with what each holds, and what nobody holds. */
export const useTeam = () =>
  useQuery({ queryKey: keys.team, queryFn: () => data(client.GET('/api/v1/debtors/assignments/agents')), refetchInterval: 60_000 });

export const useAssignments = (filters: AssignmentFilters) =>
  useQuery({
    queryKey: keys.list(filters),
    queryFn: () => data(client.GET('/api/v1/debtors/assignments', { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });

export function useAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { agentId: string; invoiceIds: string[] }) => data(client.POST('/api/v1/debtors/assignments', { body })),
    // Who holds what, and every queue, change.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: keys.all }), queryClient.invalidateQueries({ queryKey: ['debtors'] })]),
  });
}
