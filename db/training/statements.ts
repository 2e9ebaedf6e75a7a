// Prepared statements made once per connection and reused, keyed by their SQL.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open';

export type Prepare = (sql: string) => Statement<unknown[]>;

export function statementCache(db: Db): Prepare {
  const statements = new Map<string, Statement<unknown[]>>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[]>(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
