// Settings live in the data file, each value valid from a date on (so yearly standards can change
// without losing the old ones). Values are JSON.
import type { Db } from './open';
import { stmt } from './statements';

export function getSetting<T>(db: Db, key: string, onDate: string, fallback: T): T {
  const row = stmt(db, 'SELECT value FROM setting WHERE key = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1').get(key, onDate) as
    | { value: string }
    | undefined;
  return row ? (JSON.parse(row.value) as T) : fallback;
}

/** Settings written through putSetting on each connection: a cached read compares it. */
const writes = new WeakMap<Db, number>();

export function putSetting(db: Db, key: string, value: unknown, effectiveFrom = '0000-01-01'): void {
  stmt(
    db,
    'INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?) ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value',
  ).run(key, effectiveFrom, JSON.stringify(value));
  writes.set(db, (writes.get(db) ?? 0) + 1);
}

/**
 * Settings read on every call (the session limits), with their defaults: their values on a date,
 * read once and kept until a setting is written on this connection (putSetting; a rolled-back write
 * only costs a re-read), another connection commits to the file (another process: PRAGMA
 * data_version), or the connection (a restore or unlock opens a new one) or the date changes.
 */
export function cachedSettings<T extends Record<string, unknown>>(defaults: T): (db: Db, onDate: string) => Readonly<T> {
  let kept: { db: Db; onDate: string; writes: number; dataVersion: number; values: Readonly<T> } | null = null;
  return (db, onDate) => {
    const written = writes.get(db) ?? 0;
    const dataVersion = (stmt(db, 'PRAGMA data_version').get() as { data_version: number }).data_version;
    if (kept && kept.db === db && kept.onDate === onDate && kept.writes === written && kept.dataVersion === dataVersion) return kept.values;
    const values = Object.freeze(
      Object.fromEntries(Object.entries(defaults).map(([key, fallback]) => [key, getSetting(db, key, onDate, fallback)])),
    ) as Readonly<T>;
    kept = { db, onDate, writes: written, dataVersion, values };
    return values;
  };
}
