// The one statement cache: prepared once per connection and SQL, never shared across connections.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { statements, stmt } from '../../../db/statements';

describe('statement cache', () => {
  it('prepares a statement once per connection and SQL, whichever module asks', () => {
    const db = new Database(':memory:');
    const a = statements(db);
    const b = statements(db);
    expect(a('SELECT 1')).toBe(b('SELECT 1'));
    expect(stmt(db, 'SELECT 1')).toBe(a('SELECT 1'));
    expect(a('SELECT 2')).not.toBe(a('SELECT 1'));
    db.close();
  });

  it('keeps connections apart, so a snapshot connection reads its own data', () => {
    const one = new Database(':memory:');
    const two = new Database(':memory:');
    one.exec('CREATE TABLE t (v); INSERT INTO t VALUES (1)');
    two.exec('CREATE TABLE t (v); INSERT INTO t VALUES (2)');
    expect(stmt(one, 'SELECT v FROM t').get()).toEqual({ v: 1 });
    expect(stmt(two, 'SELECT v FROM t').get()).toEqual({ v: 2 });
    one.close();
    two.close();
  });
});
