import { useQuery } from '@tanstack/react-query';
import { client, data } from '@/lib/api';

/** The message templates (e-mail, SMS, WhatsApp, letter, call script) supervisors keep. */
export const useTemplates = () =>
  useQuery({ queryKey: ['templates'], queryFn: () => data(client.GET('/api/v1/communication/templates')), staleTime: 300_000 });
