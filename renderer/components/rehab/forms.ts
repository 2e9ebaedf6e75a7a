// Form helpers of the rehab screens: field errors in form order, and moving focus to the first.
import { nextTick } from 'vue';
import type { AppError } from '../../../db/contract';
import { errorText, fieldErrors } from '../../i18n';

/**
 * Field errors as [field, message] in the order the form shows its fields, each under the form's
 * own name for it (the longest listed name the error's path starts with: 'rehab.ageBands.1' is
 * 'rehab.ageBands'); errors of no field apart.
 */
export function formErrors(error: AppError | null, order: readonly string[]): { fields: [string, string][]; general: string } {
  if (!error) return { fields: [], general: '' };
  const named = new Map<string, string>();
  for (const [path, message] of Object.entries(fieldErrors(error))) {
    const field = nameOf(path, order);
    if (!named.has(field)) named.set(field, message);
  }
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const fields = [...named.entries()].sort(([a], [b]) => rank(a) - rank(b));
  const general = error.field || error.details ? '' : errorText(error);
  return { fields, general };
}

function nameOf(path: string, order: readonly string[]): string {
  let best = path;
  let length = -1;
  for (const f of order) {
    if ((path === f || path.startsWith(`${f}.`)) && f.length > length) {
      best = f;
      length = f.length;
    }
  }
  return best;
}

/** After a failed save: focus the first field in error, or the general message. */
export async function focusFirstError(fields: [string, string][], idOf: (field: string) => string, generalId: string) {
  await nextTick();
  const first = fields[0];
  const target = first ? document.getElementById(idOf(first[0])) : document.getElementById(generalId);
  target?.focus();
}

