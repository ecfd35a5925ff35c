import { queryOptions, useQuery } from '@tanstack/react-query';
import { client, data } from '@/lib/api';
import type { User } from '../types';
import { authKeys } from './keys';

export const getMeQueryOptions = () =>
  queryOptions({ queryKey: authKeys.me(), queryFn: () => data(client.GET('/api/v1/auth/me')) as Promise<User>, staleTime: 60_000 });

export const useMe = () => useQuery(getMeQueryOptions());
