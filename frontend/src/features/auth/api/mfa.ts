import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';
import { authKeys } from './keys';

/** Starts (or starts again) the enrolment: a new secret and its otpauth:// URI, pending until confirmed. */
export const useEnrolMfa = () => useMutation({ mutationFn: () => data(client.POST('/api/v1/auth/mfa')) });

/** Confirms with a code; answers the recovery codes, shown once. */
export const useConfirmMfa = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (totp: string) => data(client.POST('/api/v1/auth/mfa/confirm', { body: { totp } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.me() }),
  });
};
