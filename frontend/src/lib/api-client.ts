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
