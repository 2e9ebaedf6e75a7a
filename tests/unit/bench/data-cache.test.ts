// The bench's cached centres: a file this generator seeded at an older schema is taken forward by
// the app's own migrations (as a user's file is) instead of being seeded again; a file from
// another generator is not.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../db/migrations/index';
import { cachedSeed, seedName } from '../../../scripts/bench/data';
import { tempDir } from '../../support/service';

const tmp = tempDir();
const saved = process.env.REHABDESK_BENCH_CACHE;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(tmp.dir, 'cache-'));
  process.env.REHABDESK_BENCH_CACHE = dir;
});
afterAll(() => {
  if (saved === undefined) delete process.env.REHABDESK_BENCH_CACHE;
  else process.env.REHABDESK_BENCH_CACHE = saved;
  tmp.cleanup();
});

/** An empty data file at schema `version` (the first `version` migrations), cached under `name`. */
function olderFile(name: string, version: number): string {
  const file = path.join(dir, name);
  openDatabase(file, { migrations: MIGRATIONS.slice(0, version) }).close();
  return file;
}

const userVersion = (file: string) => {
  const db = openDatabase(file);
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('the bench data cache', () => {
  it('migrates a file this generator seeded at an older schema forward instead of seeding again', () => {
    const family = 'centre-s0.05-n3';
    const older = olderFile(seedName(family, SCHEMA_VERSION - 1), SCHEMA_VERSION - 1);
    const entry = cachedSeed(0.05, 3);
    expect(entry).toMatchObject({ built: true, migratedFrom: SCHEMA_VERSION - 1 });
    expect(path.basename(entry.file)).toBe(seedName(family, SCHEMA_VERSION));
    expect(userVersion(entry.file)).toBe(SCHEMA_VERSION);
    // Not seeded again: the older file was empty, and so is this one.
    expect(entry.counts.person).toBe(0);
    expect(fs.existsSync(older)).toBe(false);
    // The next run uses it as it is.
    expect(cachedSeed(0.05, 3)).toMatchObject({ built: false, file: entry.file });
  });

  it('seeds afresh when the older file was seeded by another generator', () => {
    const family = 'centre-s0.05-n4';
    const other = seedName(family, SCHEMA_VERSION - 1).replace(/-g[0-9a-f]{12}-/, '-g000000000000-');
    olderFile(other, SCHEMA_VERSION - 1);
    const entry = cachedSeed(0.05, 4);
    expect(entry.built).toBe(true);
    expect(entry.migratedFrom).toBeUndefined();
    expect(entry.counts.person).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(family) && f.endsWith('.sqlite'))).toEqual([path.basename(entry.file)]);
  });
});
