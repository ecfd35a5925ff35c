import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { User } from '../types';
import { authKeys } from './keys';

export type LoginInput = { email: string; password: string };

export const login = (input: LoginInput) => api<User>('/auth/login', { method: 'POST', body: JSON.stringify(input) });

export const useLogin = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => client.setQueryData(authKeys.me(), user),
  });
};
