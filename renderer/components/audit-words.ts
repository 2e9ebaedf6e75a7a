// The audit trail records what the calls stored: codes (M, urban, therapist, present). The screen
// shows them in the user's words where the field names the list a code comes from; a value of any
// other field, or a code the list does not know, stays as recorded.
type Translate = { t: (key: string) => string; te: (key: string) => boolean };

/** Field of a recorded change → the i18n list its codes are words of. */
const CODE_LISTS: Record<string, string> = {
  sex: 'sex',
  household: 'household',
  role: 'trust.roles',
  attendance: 'rehab.attendance',
};

export function auditValueWords(field: string, value: string | undefined, i18n: Translate): string {
  if (value === 'true') return i18n.t('trust.audit.fields.yes');
  if (value === 'false') return i18n.t('trust.audit.fields.no');
  if (!value) return '—';
  const list = CODE_LISTS[field];
  return list && i18n.te(`${list}.${value}`) ? i18n.t(`${list}.${value}`) : value;
}
