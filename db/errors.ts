// Errors cross the API as values: a code, the field it concerns and parameters for the message.
// The renderer turns the code into words with i18n; db/ never builds sentences.

export type ErrorParams = Record<string, string | number>;

export interface AppError {
  code: string;
  field?: string;
  params?: ErrorParams;
  /** For VALIDATION: one entry per field that failed. */
  details?: AppError[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Thrown inside db/ to abort work (and its transaction); the dispatcher turns it into a value. */
export class DomainError extends Error {
  constructor(readonly error: AppError) {
    super(error.code);
    this.name = 'DomainError';
  }
}

export function fail(code: string, field?: string, params?: ErrorParams): never {
  throw new DomainError({ code, ...(field ? { field } : {}), ...(params ? { params } : {}) });
}

/** Field errors found together are reported together, so the form can mark every field at once. */
export function failFields(details: AppError[]): never {
  if (details.length === 1) throw new DomainError(details[0]!);
  throw new DomainError({ code: 'VALIDATION', field: details[0]?.field, details });
}
