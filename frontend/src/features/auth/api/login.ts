import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';
import type { User } from '../types';
import { authKeys } from './keys';

/** `totp`: the authenticator's code, or a recovery code, once the API asked for it (mfa-required). */
export type LoginInput = { email: string; password: string; totp?: string };

export const login = (input: LoginInput) => data(client.POST('/api/v1/auth/login', { body: input })) as Promise<User>;

export const useLogin = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    // /auth/me tells what sign-in does not: whether the second factor is still to be set up.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.me() }),
  });
};
