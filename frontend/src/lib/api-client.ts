export type ProblemDetails = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
};

/** A failed API call, carrying the RFC 9457 problem the API answered with. */
export class ApiError extends Error {
  constructor(public readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? 'A requisição falhou');
  }

  get status() {
    return this.problem.status ?? 0;
  }
}

export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    ...init,
    credentials: 'same-origin',
    headers: {
      'Content-Type': 'application/json',
      'X-Requested-With': 'recovery-spa',
      'Accept-Language': 'pt-BR',
      ...init?.headers,
    },
  });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({ status: res.status, title: res.statusText }));
    throw new ApiError({ status: res.status, ...problem });
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}
