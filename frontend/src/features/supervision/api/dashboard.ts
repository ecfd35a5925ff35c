import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { client, data } from '@/lib/api';

/** How often the dashboard asks again while open. */
export const DashboardRefreshMs = 60_000;

/** The supervisor's day, refreshed every minute while the page is open. */
export const useDashboard = (date: string) =>
  useQuery({
    queryKey: ['reports', 'dashboard', date],
    queryFn: () => data(client.GET('/api/v1/reports/dashboard', { params: { query: { date } } })),
    refetchInterval: DashboardRefreshMs,
    placeholderData: keepPreviousData,
  });
