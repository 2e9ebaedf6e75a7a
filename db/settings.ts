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

export function putSetting(db: Db, key: string, value: unknown, effectiveFrom = '0000-01-01'): void {
  stmt(
    db,
    'INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?) ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value',
  ).run(key, effectiveFrom, JSON.stringify(value));
}
