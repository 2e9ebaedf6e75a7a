// The one result type of a store action that answers with a value: the value, or the coded error
// the screen words with i18n (never both); and the one way to make it from an api call.
import type { AppError, Result } from '../../db/contract';

/** Callers test `error`, never `value`: a value may itself be null, 0 or empty. */
export type Outcome<T> = { value: T; error: null } | { value: null; error: AppError };

/** An api result as a store action's outcome; `present` rewords the error (e.g. fen as yuan). */
export function outcome<T>(result: Result<T>, present: (error: AppError) => AppError = (error) => error): Outcome<T> {
  return result.ok ? { value: result.value, error: null } : { value: null, error: present(result.error) };
}

/** An outcome that failed with this error, for checks a store makes before calling. */
export function failed<T>(error: AppError): Outcome<T> {
  return { value: null, error };
}
