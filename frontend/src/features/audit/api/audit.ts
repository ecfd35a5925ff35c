import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { client, data } from '@/lib/api';

export type AuditFilter = { actor?: string; resource?: string; from?: string; to?: string };

export const useAuditTrail = (filter: AuditFilter) =>
  useQuery({
    queryKey: ['audit', filter],
    queryFn: () => data(client.GET('/api/v1/audit', { params: { query: { ...filter, limit: 100 } } })),
    placeholderData: keepPreviousData,
  });

export const useVerification = (asked: boolean) =>
  useQuery({ queryKey: ['audit', 'verify'], queryFn: () => data(client.GET('/api/v1/audit/verify')), enabled: asked, staleTime: 0 });
