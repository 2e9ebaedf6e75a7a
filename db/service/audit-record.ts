// What a write puts in the audit trail: its input without secrets, the record before (read the way
// the call declares) and after, kept to a readable size.
import type { BeforeState, Caller } from '../call';
import type { Db } from '../open';
import { getSetting } from '../settings';

const AUDIT_TEXT_LIMIT = 1000;

/** Input fields that hold secrets (passwords, passphrases, the office key): never written to the trail. */
const SECRET_FIELDS = new Set(['password', 'passphrase', 'current', 'next', 'key', 'password_hash']);

export function withoutSecrets(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '［已隐去 redacted］' : v]));
}

/** Results as they go into the audit trail: without bulky derived lists. */
export function forAudit(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { history: _history, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Keeps audit entries small: long texts (an imported file's bytes, say) are cut with their length noted. */
export function compact(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > AUDIT_TEXT_LIMIT ? `${value.slice(0, 200)}…（${value.length}）` : value;
  }
  if (Array.isArray(value)) return value.length > 200 ? [...value.slice(0, 200).map(compact), `…（${value.length}）`] : value.map(compact);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

type AnyHandler = (input: unknown, caller: Caller | null) => unknown;

/**
 * Reads the state a write declares as its before-state (and, called again afterwards, its
 * after-state). Undefined when the call declares none, or there is nothing yet (a save that
 * creates). A missing record reads as null.
 */
export function readState(
  spec: BeforeState,
  parsed: Record<string, unknown>,
  deps: { db: Db; handler(name: string): AnyHandler | undefined; caller: Caller | null },
): unknown {
  if (spec === 'created' || 'none' in spec) return undefined;
  if ('setting' in spec) return getSetting<unknown>(deps.db, spec.setting, '9999-12-31', null);
  if ('table' in spec) {
    const key = parsed[spec.key ?? 'id'];
    if (key === undefined || key === null) return undefined;
    const columns = spec.columns ? spec.columns.map((c) => `"${c}"`).join(', ') : '*';
    const row = deps.db.prepare(`SELECT ${columns} FROM "${spec.table}" WHERE "${spec.column ?? 'id'}" = ?`).get(key);
    return withoutSecrets(row ?? null);
  }
  const input = spec.input ? (spec.input as (p: unknown) => unknown)(parsed) : { id: parsed.id };
  if (!spec.input && parsed.id === undefined) return undefined;
  const getter = deps.handler(spec.call);
  if (!getter) throw new Error(`before-state getter ${spec.call} is not a call`);
  try {
    return forAudit(getter(input, deps.caller));
  } catch {
    return null;
  }
}
