import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, type Schemas } from '@/lib/api';

/** The message templates (e-mail, SMS, WhatsApp, letter, call script) supervisors keep. */
export const useTemplates = () =>
  useQuery({ queryKey: ['templates'], queryFn: () => data(client.GET('/api/v1/communication/templates')), staleTime: 300_000 });

export function useSaveTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: { code: string; channel: string; subject?: string | null; body: string }) =>
      data(client.PUT('/api/v1/communication/templates/{code}', {
        params: { path: { code } }, body: { ...body, channel: body.channel as Schemas['TemplatesSaveBody']['channel'] },
      })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['templates'] }),
  });
}
