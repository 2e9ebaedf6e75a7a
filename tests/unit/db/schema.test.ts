// Migrations that cannot drift: the schema built from scratch must equal the checked-in snapshot,
// and no shipped migration file may change by a byte.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../db/migrations/index';
import { dumpSchema, migrationHash, MIGRATIONS_DIR, SNAPSHOT_FILE } from '../../support/schema';
import { SHIPPED_MIGRATIONS } from './shipped-migrations';

describe('the schema the migrations build', () => {
  it('equals the checked-in snapshot (after an intended change run `npm run schema:snapshot` and commit the file)', () => {
    const expected = fs.readFileSync(SNAPSHOT_FILE, 'utf8');
    const actual = dumpSchema();
    expect(
      actual,
      'The schema built by db/migrations differs from tests/unit/db/schema.snapshot.txt. If the change is intended ' +
        '(a new migration), run `npm run schema:snapshot` and commit the snapshot; if not, a shipped migration was edited.',
    ).toBe(expected);
  });
});

describe('shipped migrations', () => {
  const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}_.+\.ts$/.test(f)).sort();

  it('are all still present and in the migration list', () => {
    for (const file of Object.keys(SHIPPED_MIGRATIONS)) expect(files, `${file} was shipped and must stay`).toContain(file);
    expect(MIGRATIONS.length).toBe(files.length);
  });

  it.each(Object.entries(SHIPPED_MIGRATIONS))('%s is byte for byte the file that shipped', (file, sha256) => {
    expect(
      migrationHash(file),
      `${file} has been edited. A shipped migration is never changed: put the change in a new numbered migration.`,
    ).toBe(sha256);
  });

  it('number their files 001, 002, … without gaps', () => {
    expect(files.map((f) => Number(f.slice(0, 3)))).toEqual(files.map((_, i) => i + 1));
  });
});
