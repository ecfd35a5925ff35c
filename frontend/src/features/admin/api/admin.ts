import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';
import { ApiError } from '@/lib/api-client';

export const adminKeys = { users: ['admin', 'users'] as const, partners: ['admin', 'partners'] as const };

export const useUsers = () => useQuery({ queryKey: adminKeys.users, queryFn: () => data(client.GET('/api/v1/admin/users')) });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateUserCommand']) => data(client.POST('/api/v1/admin/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

/** Removes a person's second factor (a lost phone): their sessions end, they enrol again at the next sign-in. */
export function useResetMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => data(client.DELETE('/api/v1/admin/users/{id}/mfa', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export const usePartners = () => useQuery({ queryKey: adminKeys.partners, queryFn: () => data(client.GET('/api/v1/admin/partners')) });

export function useCreatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreatePartnerCommand']) => data(client.POST('/api/v1/admin/partners', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.partners }),
  });
}

export function useIssueKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (partnerId: string) => data(client.POST('/api/v1/admin/partners/{partnerId}/keys', { params: { path: { partnerId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.partners }),
  });
}

export function useRevokeKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ partnerId, keyId }: { partnerId: string; keyId: string }) =>
      data(client.DELETE('/api/v1/admin/partners/{partnerId}/keys/{keyId}', { params: { path: { partnerId, keyId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.partners }),
  });
}

export const usePartnerWebhook = (partnerId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['admin', 'webhook', partnerId],
    queryFn: async () => {
      const [webhook, deliveries] = await Promise.all([
        data(client.GET('/api/v1/admin/partners/{partnerId}/webhook', { params: { path: { partnerId } } })).catch((e) => {
          if (e instanceof ApiError && e.status === 404) return null;
          throw e;
        }),
        data(client.GET('/api/v1/admin/partners/{partnerId}/webhook/deliveries', { params: { path: { partnerId }, query: { limit: 20 } } })),
      ]);
      return { webhook, deliveries: deliveries.items };
    },
    enabled,
  });

export const scopeKeys = { teams: ['admin', 'teams'] as const, agencies: ['escalation', 'agencies'] as const, portfolios: ['portfolios'] as const };

export const useTeams = () => useQuery({ queryKey: scopeKeys.teams, queryFn: () => data(client.GET('/api/v1/admin/teams')) });
export const useAgencyOptions = () => useQuery({ queryKey: scopeKeys.agencies, queryFn: () => data(client.GET('/api/v1/escalation/agencies')) });
export const usePortfolioOptions = () => useQuery({ queryKey: scopeKeys.portfolios, queryFn: () => data(client.GET('/api/v1/portfolios')) });

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateTeamCommand']) => data(client.POST('/api/v1/admin/teams', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scopeKeys.teams }),
  });
}

/** A person's portfolios (empty: no limit), team and agency, saved one after the other; the list reloads after. */
export function useSaveScope() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, portfolioIds, teamId, agencyId }: { id: string; portfolioIds: string[]; teamId: string | null; agencyId: string | null }) => {
      const path = { id };
      await data(client.PUT('/api/v1/admin/users/{id}/portfolios', { params: { path }, body: { portfolioIds } }));
      await data(client.PUT('/api/v1/admin/users/{id}/team', { params: { path }, body: { teamId } }));
      await data(client.PUT('/api/v1/admin/users/{id}/agency', { params: { path }, body: { agencyId } }));
    },
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: adminKeys.users });
      queryClient.invalidateQueries({ queryKey: scopeKeys.teams });
    },
  });
}
