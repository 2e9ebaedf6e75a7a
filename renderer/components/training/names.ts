// Names of training codes in the user's language: built-in codes through i18n, course types
// added in the settings by the name typed there.
import { useI18n } from 'vue-i18n';
import { useTrainingStore } from '../../stores/training';
import { permilleText } from '../../../db/training/rules';
import type { Dictionary } from '../../../db/training/employment-rules';

export function useCourseTypeName() {
  const { t, te } = useI18n();
  const training = useTrainingStore();
  return (code: string): string => {
    const custom = training.courseTypes.find((c) => c.code === code && !c.builtin);
    if (custom) return custom.name;
    return te(`training.courseTypes.${code}`) ? t(`training.courseTypes.${code}`) : code;
  };
}

/** A share in tenths of a percent as "83.3%", or '' when there is none. */
export function shareText(permille: number | null): string {
  return permille === null ? '' : `${permilleText(permille)}%`;
}

/** Labels of the real-name dictionaries (data, with both languages) in the user's language. */
export function useTerms() {
  const { locale, t } = useI18n();
  const training = useTrainingStore();
  function label(dict: Dictionary, code: string | null): string {
    if (!code) return '';
    const row = training.terms.find((r) => r.dict === dict && r.code === code);
    if (!row) return code;
    return locale.value === 'en' ? row.labelEn : row.labelZh;
  }
  /** Options for a select, with a first "not recorded" choice unless required. */
  function options(dict: Dictionary, required = false): { value: string | null; label: string }[] {
    const list = training.termsOf(dict).map((r) => ({ value: r.code as string | null, label: label(dict, r.code) }));
    return required ? list : [{ value: null, label: t('training.common.notRecorded') }, ...list];
  }
  return { label, options };
}
