// One form's errors: per field (for aria-describedby), in screen order (for the summary), the one
// that belongs to no field, and moving focus to the first after a failed save.
import { computed, nextTick, type Ref } from 'vue';
import type { AppError } from '../../../db/contract';
import { errorText, fieldErrors } from '../../i18n';

export function useFormErrors(error: Ref<AppError | null>, order: readonly string[], prefix: string) {
  const errors = computed(() => fieldErrors(error.value));
  const sorted = computed(() => {
    const rank = (field: string) => {
      const i = order.findIndex((f) => field === f || field.startsWith(`${f}.`));
      return i === -1 ? order.length : i;
    };
    return Object.entries(errors.value).sort(([a], [b]) => rank(a) - rank(b));
  });
  const general = computed(() => {
    const e = error.value;
    if (!e || e.field || e.details) return '';
    return errorText(e);
  });
  const idOf = (field: string) => `${prefix}-${field.replace(/\./g, '-')}`;

  function focusField(field: string) {
    document.getElementById(idOf(field))?.focus();
  }

  /** After a failed save: focus the first field in error, or the general message. */
  async function focusFirst() {
    await nextTick();
    const first = sorted.value[0];
    if (first) focusField(first[0]);
    else document.getElementById(`${prefix}-error`)?.focus();
  }

  return { errors, sorted, general, idOf, focusField, focusFirst };
}
