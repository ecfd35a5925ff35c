import { createQueryClient } from './query-client';
import { ApiError } from './api-client';

describe('createQueryClient', () => {
  it('sends the person to sign in once a query or a command meets an expired session', async () => {
    const onUnauthorized = vi.fn();
    const client = createQueryClient(onUnauthorized);
    await client.fetchQuery({ queryKey: ['x'], queryFn: () => Promise.reject(new ApiError({ status: 401 })) }).catch(() => {});
    await client.getMutationCache().build(client, { mutationFn: () => Promise.reject(new ApiError({ status: 401 })) }).execute(undefined).catch(() => {});
    await client.fetchQuery({ queryKey: ['y'], queryFn: () => Promise.reject(new ApiError({ status: 403 })), retry: false }).catch(() => {});
    expect(onUnauthorized).toHaveBeenCalledTimes(2);
  });
});
