import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, data } from '@/lib/api';

export const useLogout = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => data(client.POST('/api/v1/auth/logout')),
    onSettled: () => queryClient.clear(),
  });
};
