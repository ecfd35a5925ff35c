import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { User } from '../types';
import { authKeys } from './keys';

export const getMeQueryOptions = () =>
  queryOptions({ queryKey: authKeys.me(), queryFn: () => api<User>('/auth/me'), staleTime: 60_000 });

export const useMe = () => useQuery(getMeQueryOptions());
