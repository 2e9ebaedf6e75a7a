// A save refused because the record changed since the form read it (a *_STALE code) says who
// changed it, when, and which fields, read from the audit trail: each write's entry carries the
// record before and after, under the target "<call>#<id>".
import type { BeforeState, Declaration } from '../call';
import type { ErrorParams } from '../errors';
import type { Db } from '../open';
import { changesOf } from '../trust/audit-view';

/** How many of the record's latest entries are read: a form is rarely more changes behind than this. */
const ENTRIES_READ = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which stored record a call's before-state reads, as one key; null when it is not read by the id. */
export function recordKeyOf(before: BeforeState): string | null {
  if (before === 'created' || 'none' in before || 'setting' in before) return null;
  if ('table' in before) return before.key === undefined && before.column === undefined ? `table:${before.table}` : null;
  return before.input === undefined ? `call:${before.call}` : null;
}

/** The calls that change the same record as `name` (its own name included), from their declarations. */
export function sameRecordCalls(name: string, declarations: Readonly<Record<string, Declaration>>): string[] {
  const own = declarations[name];
  if (!own || own.audit === 'none') return [];
  const key = recordKeyOf(own.before);
  if (key === null) return [];
  return Object.entries(declarations)
    .filter(([, d]) => d.audit !== 'none' && recordKeyOf(d.before) === key)
    .map(([n]) => n)
    .sort();
}

export interface TrailEntry {
  at: string;
  actor: string;
  detail: unknown;
}

export interface RecordChange {
  /** The account that made the latest change. */
  actor: string;
  at: string;
  /** The fields changed since the version the form had, each once, in the order first met. */
  fields: string[];
}

/**
 * Pure: the changes made since `version` from the record's entries, newest first. An entry counts
 * when the record it changed was at `version` or later; null when none does (an unknown version,
 * or a change the trail does not show).
 */
export function changeSince(entries: readonly TrailEntry[], version: number): RecordChange | null {
  const since = entries.filter((e) => {
    const before = isRecord(e.detail) ? e.detail.before : undefined;
    return isRecord(before) && typeof before.version === 'number' && before.version >= version;
  });
  const latest = since[0];
  if (!latest) return null;
  const fields: string[] = [];
  for (const entry of [...since].reverse()) {
    for (const change of changesOf(entry.detail)) if (!fields.includes(change.field)) fields.push(change.field);
  }
  return { actor: latest.actor, at: latest.at, fields };
}

/**
 * The refusal's parameters: `by` (the account's name), `byUser`, `at` and `fields` (field keys
 * joined by commas, worded by the renderer). Empty when the trail does not show the change.
 */
export function changedByParams(
  db: Db,
  calls: readonly string[],
  id: number | string,
  version: number,
): ErrorParams {
  if (calls.length === 0) return {};
  const targets = calls.map((c) => `${c}#${String(id)}`);
  const rows = db
    .prepare(
      `SELECT at, actor, detail FROM audit_log WHERE target IN (${targets.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT ${ENTRIES_READ}`,
    )
    .all(...targets) as { at: string; actor: string; detail: string }[];
  const change = changeSince(
    rows.map((r) => ({ at: r.at, actor: r.actor, detail: JSON.parse(r.detail) as unknown })),
    version,
  );
  if (!change) return {};
  const account = db.prepare('SELECT display_name AS name FROM account WHERE username = ?').get(change.actor) as { name: string } | undefined;
  return { by: account?.name ?? change.actor, byUser: change.actor, at: change.at, fields: change.fields.join(',') };
}
