// vue-i18n setup: Simplified Chinese first, English second; error codes become sentences here.
import { createI18n } from 'vue-i18n';
import type { AppError, Locale } from '../../db/contract';
import zhCN from './zh-CN';
import en from './en';

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}

/** Areas that keep their own error texts under <area>.errors in i18n/areas/<area>.ts. */
const AREAS_WITH_ERRORS = ['rehab', 'training', 'devices', 'trust', 'claims', 'returns', 'needs', 'compare'];

/** The user's words for an error value: app-wide texts first, then each area's. */
export function errorText(error: AppError): string {
  const { t, te } = i18n.global;
  for (const key of [`errors.${error.code}`, ...AREAS_WITH_ERRORS.map((area) => `${area}.errors.${error.code}`)]) {
    if (te(key)) return t(key, error.params ?? {});
  }
  return t('errors.INTERNAL');
}

/** Field errors as a map field → message (the first error per field). */
export function fieldErrors(error: AppError | null): Record<string, string> {
  if (!error) return {};
  const list = error.details ?? [error];
  const result: Record<string, string> = {};
  for (const item of list) if (item.field && !(item.field in result)) result[item.field] = errorText(item);
  return result;
}
