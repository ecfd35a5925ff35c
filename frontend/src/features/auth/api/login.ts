import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';
import type { User } from '../types';
import { authKeys } from './keys';

export type LoginInput = { email: string; password: string };

export const login = (input: LoginInput) => data(client.POST('/api/v1/auth/login', { body: input })) as Promise<User>;

export const useLogin = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => queryClient.setQueryData(authKeys.me(), user),
  });
};
