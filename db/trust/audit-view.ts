// How an audit entry reads to a person: which call on which record, whom it concerned, and each
// field's change as before → after, instead of the stored JSON. Pure; audit.ts fetches the names.

/**
 * Where an entry's call came from, as the audit screen shows it: the workstation recorded for a
 * call over the centre's network ("192.168.1.21（前台电脑）"), or this PC's word for none.
 */
export function workstationText(workstation: string | null | undefined, thisPc: string): string {
  return workstation ? workstation : thisPc;
}

/** A stored target is "<call>#<record id>" (or a bare word for sign-ins and the like). */
export function readTarget(target: string): { call: string; recordId: string } {
  const hash = target.lastIndexOf('#');
  return hash < 0 ? { call: target, recordId: '' } : { call: target.slice(0, hash), recordId: target.slice(hash + 1) };
}

export interface FieldChange {
  field: string;
  /** Absent for a value that was set where there was none (a create). */
  before?: string;
  after?: string;
}

/** Book-keeping columns every record carries; their change says nothing a reader needs. */
const BOOKKEEPING = new Set(['id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'history', 'expectedVersion']);
const VALUE_LIMIT = 80;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON text of a value parsed from JSON, written only until it is at least `room` characters long:
 * the whole text when shorter, else a prefix of it. A claims batch's entry holds hundreds of lines,
 * and its one line on screen needs only the first 80 characters of them.
 */
export function jsonPrefix(value: unknown, room: number): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length && text.length < room; i += 1) {
      const head = i > 0 ? `${text},` : text;
      text = head + jsonPrefix(value[i] ?? null, room - head.length);
    }
    return text.length < room ? `${text}]` : text;
  }
  if (isRecord(value)) {
    let text = '{';
    for (const [key, v] of Object.entries(value)) {
      if (text.length >= room) break;
      if (v === undefined) continue;
      const head = `${text.length > 1 ? `${text},` : text}${JSON.stringify(key)}:`;
      text = head + jsonPrefix(v, room - head.length);
    }
    return text.length < room ? `${text}}` : text;
  }
  return JSON.stringify(value);
}

/** A value as one short line: texts as they are, lists and objects compactly, long ones cut. */
export function valueText(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : jsonPrefix(value, VALUE_LIMIT + 1);
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 1)}…` : text;
}

/** snake_case and camelCase keys compare as one (a record's column against the call's input). */
const plain = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * The fields an entry changed. With a before and an after record: the fields whose value differs.
 * With only the input (a create, or a call that declares no before-state): the values given.
 */
export function changesOf(detail: unknown): FieldChange[] {
  if (!isRecord(detail)) return [];
  const { before, after, input } = detail;
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const changes: FieldChange[] = [];
    for (const key of keys) {
      if (BOOKKEEPING.has(key)) continue;
      const a = JSON.stringify(before[key] ?? null);
      const b = JSON.stringify(after[key] ?? null);
      if (a !== b) changes.push({ field: plain(key), before: valueText(before[key]), after: valueText(after[key]) });
    }
    return changes;
  }
  const given = isRecord(after) ? after : isRecord(input) ? input : null;
  if (!given) return [];
  return Object.entries(given)
    .filter(([key, value]) => !BOOKKEEPING.has(key) && value !== '' && value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => ({ field: plain(key), after: valueText(value) }));
}

/**
 * What the entry says about whom it concerned: a person's id, or a child's rehab enrolment (whose
 * person audit.ts looks up). People calls name the person as their record.
 */
export function personKeyOf(call: string, recordId: string, detail: unknown): { personId?: number; enrolmentId?: number } {
  const records = isRecord(detail) ? [detail.input, detail.before, detail.after].filter(isRecord) : [];
  if (call.startsWith('people.') && /^\d+$/.test(recordId)) return { personId: Number(recordId) };
  for (const r of records) {
    const id = r.personId ?? r.person_id;
    if (typeof id === 'number') return { personId: id };
  }
  for (const r of records) {
    const id = r.enrolmentId ?? r.enrolment_id;
    if (typeof id === 'number' && call.startsWith('rehab.')) return { enrolmentId: id };
  }
  if (call.startsWith('rehab.enrolments.') && /^\d+$/.test(recordId)) return { enrolmentId: Number(recordId) };
  return {};
}
