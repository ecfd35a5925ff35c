import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';

export const indexNames = ['IPCA', 'INPC', 'IGP-M', 'TAXA-LEGAL'] as const;
export type IndexName = (typeof indexNames)[number];

const indexKey = (index: IndexName) => ['indices', index] as const;

export const useIndex = (index: IndexName) =>
  useQuery({ queryKey: indexKey(index), queryFn: () => data(client.GET('/api/v1/indices/{index}', { params: { path: { index } } })) });

/** Loads monthly values as the spreadsheet has them (`aaaa-mm;0,51` or `aaaa-mm,0.51`): the API reads the CSV itself. */
export function useLoadIndex(index: IndexName) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) =>
      data(client.PUT('/api/v1/admin/indices/{index}', {
        params: { path: { index } },
        // The operation accepts text/csv as well as JSON; the typed body is the JSON form.
        body: csv as never,
        bodySerializer: (body: unknown) => body as string,
        headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indexKey(index) }),
  });
}
