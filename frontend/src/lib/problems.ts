import { ApiError } from './api-client';

/**
 * The messages of an RFC 9457 validation problem for one field (names as the API gives them: camelCase, with paths
 * like "invoiceIds[0]"), so each input shows what the API said about it.
 */
export function fieldErrors(error: unknown) {
  const errors = error instanceof ApiError ? (error.problem.errors ?? {}) : {};
  /** `exact`: only what is said of the field itself, not of its items (a list's own error above its rows). */
  return (field: string, { exact = false } = {}) => {
    const messages = Object.entries(errors)
      .filter(([key]) => {
        const k = key.toLowerCase();
        const f = field.toLowerCase();
        return k === f || (!exact && (k.startsWith(`${f}[`) || k.endsWith(`.${f}`)));
      })
      .flatMap(([, m]) => m);
    return messages.length ? messages.join(' ') : undefined;
  };
}

/** What to say about a failed call that is not about one field. */
export function problemMessage(error: unknown) {
  if (!(error instanceof ApiError)) return 'Erro inesperado. Tente novamente.';
  if (error.problem.errors) return 'Verifique os campos destacados.';
  return error.problem.detail ?? error.problem.title ?? 'A requisição falhou.';
}
