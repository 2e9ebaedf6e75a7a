// vue-i18n setup: Simplified Chinese first, English second; error codes become sentences here.
import { createI18n } from 'vue-i18n';
import type { AppError, Locale } from '../../db/contract';
import zhCN from './zh-CN';

// Chinese is in the first script; English (the second language) is fetched the first time it is
// needed: en.ts and every area's areas/<area>.en.ts load then, not with the first screen.
export const i18n = createI18n<[typeof zhCN], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, typeof zhCN>,
  missingWarn: false,
  fallbackWarn: false,
});

let english: Promise<void> | null = null;

/** Makes sure a language's texts are loaded (English on first use). */
export function loadLocale(locale: Locale): Promise<void> {
  if (locale !== 'en') return Promise.resolve();
  english ??= import('./en').then((m) => i18n.global.setLocaleMessage('en', m.default as typeof zhCN));
  return english;
}

/** Switches the interface language once its texts are there. */
export async function setLocale(locale: Locale): Promise<void> {
  await loadLocale(locale);
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}

/** Areas that keep their own error texts under <area>.errors in i18n/areas/<area>.ts. */
const AREAS_WITH_ERRORS = ['rehab', 'training', 'devices', 'trust', 'claims', 'returns', 'needs', 'compare'];

/** The user's words for an error value: app-wide texts first, then each area's. */
export function errorText(error: AppError): string {
  const { t, te } = i18n.global;
  for (const key of [`errors.${error.code}`, ...AREAS_WITH_ERRORS.map((area) => `${area}.errors.${error.code}`)]) {
    if (te(key)) return t(key, error.params ?? {}) + changedByText(error);
  }
  return t('errors.INTERNAL');
}

/**
 * For a save refused because someone changed the record meanwhile (a *_STALE code the service
 * completed with by, at and fields): who, when and which fields, worded with the area's field
 * names, so the user knows what to merge into the form they kept.
 */
function changedByText(error: AppError): string {
  const params = error.params;
  if (!error.code.endsWith('_STALE') || !params || params.by === undefined || params.at === undefined) return '';
  const { t, te } = i18n.global;
  const prefix = error.code.slice(0, error.code.indexOf('_')).toLowerCase();
  const area = AREAS_WITH_ERRORS.find((a) => a.startsWith(prefix));
  const fieldName = (field: string) => {
    for (const key of [...(area ? [`${area}.fields.${field}`] : []), `fields.${field}`]) if (te(key)) return t(key);
    return field;
  };
  const fields = String(params.fields ?? '')
    .split(',')
    .filter((f) => f !== '')
    .map(fieldName);
  const at = String(params.at).slice(0, 16).replace('T', ' ');
  return fields.length === 0
    ? t('errors.changedByWhom', { by: params.by, at })
    : t('errors.changedBy', { by: params.by, at, fields: fields.join(t('errors.fieldSeparator')) });
}

/** Field errors as a map field → message (the first error per field). */
export function fieldErrors(error: AppError | null): Record<string, string> {
  if (!error) return {};
  const list = error.details ?? [error];
  const result: Record<string, string> = {};
  for (const item of list) if (item.field && !(item.field in result)) result[item.field] = errorText(item);
  return result;
}
