import createClient from 'openapi-fetch';
import type { components, paths } from '@/api/schema';
import { ApiError, type ProblemDetails } from './api-client';

/** The API's schemas, generated from frontend/openapi.json (`npm run api:types`). */
export type Schemas = components['schemas'];

/** What every call sends: the CSRF header the API asks of sessions, and the language people read. */
export const apiHeaders = { 'X-Requested-With': 'recovery-spa', 'Accept-Language': 'pt-BR' } as const;

/** Typed calls to the API: paths, parameters and bodies are checked against the OpenAPI document at build time. */
export const client = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  headers: apiHeaders,
  // Looked up at each call, not captured once, so that what wraps fetch later (tests' mock server) is used.
  fetch: (request) => globalThis.fetch(request),
});

/** The data of a call, or an ApiError carrying the problem document the API answered with. */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem = (typeof error === 'object' && error ? error : {}) as ProblemDetails;
    throw new ApiError({ status: response.status, title: response.statusText, ...problem });
  }
  return data as T;
}
