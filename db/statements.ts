// The one prepared-statement cache every area uses: a statement is prepared once per connection,
// keyed by its SQL, and reused after (a snapshot or restored connection gets its own cache).
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

/** The statement for some SQL on one connection, prepared on first use. */
export type Prepare = (sql: string) => Statement<unknown[]>;

const caches = new WeakMap<Db, Map<string, Statement<unknown[]>>>();

/**
 * The cached statement for this SQL on this connection. Callers must not switch a cached
 * statement's mode (`pluck`, `raw`, `expand`): another caller may share it. Use `db.prepare`
 * directly for a statement that needs a mode.
 */
export function stmt(db: Db, sql: string): Statement<unknown[]> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare<unknown[]>(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** `stmt` bound to one connection, for modules that prepare many statements. */
export function statements(db: Db): Prepare {
  return (sql) => stmt(db, sql);
}
