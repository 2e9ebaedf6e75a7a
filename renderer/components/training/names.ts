// Names of training codes in the user's language: built-in codes through i18n, course types
// added in the settings by the name typed there.
import { useI18n } from 'vue-i18n';
import { useTrainingStore } from '../../stores/training';
import { permilleText } from '../../../db/training/rules';

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
