import { ApiError } from './api-client';

/**
 * The messages of an RFC 9457 validation problem for one field (names as the API gives them: camelCase, with paths
 * like "invoiceIds[0]"), so each input shows what the API said about it.
 */
export function fieldErrors(error: unknown) {
  const errors = error instanceof ApiError ? (error.problem.errors ?? {}) : {};
  return (field: string) => {
    const messages = Object.entries(errors)
      .filter(([key]) => key.toLowerCase() === field.toLowerCase() || key.toLowerCase().startsWith(`${field.toLowerCase()}[`))
      .flatMap(([, m]) => m);
    return messages.length ? messages.join(' ') : undefined;
  };
}

/** What to say about a failed call that is not about one field. */
export function problemMessage(error: unknown) {
  if (!(error instanceof ApiError)) return 'Erro inesperado. Tente novamente.';
  if (error.problem.errors) return error.problem.title ?? 'Verifique os campos destacados.';
  return error.problem.detail ?? error.problem.title ?? 'A requisição falhou.';
}
