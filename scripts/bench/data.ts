// The bench's data files: seeded once and kept in a cache directory, keyed by the seed, the
// scale and a hash of the schema (migrations) and the generator, so reruns start at once. A new
// migration does not re-seed a centre (1.2 GB, minutes at scale 100): while the generator is the
// one that seeded it, the cached file of the older schema is copied and taken forward by the app's
// own migrations, as a user's file is when the app is updated. A generator change seeds afresh.
// The bench works on copies: the cache stays pristine.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS, SCHEMA_VERSION } from '../../db/migrations/index';
import { openDatabase } from '../../db/open';
import Database from 'better-sqlite3';
import { generate } from '../seed/index';

export function cacheDir(): string {
  return process.env.REHABDESK_BENCH_CACHE ?? path.join(os.tmpdir(), 'rehabdesk-bench-cache');
}

const hex12 = (hash: crypto.Hash) => hash.digest('hex').slice(0, 12);

/** Hash of the generator's code (scripts/seed). */
function generatorKey(): string {
  const hash = crypto.createHash('sha256');
  const seedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'seed');
  for (const name of fs.readdirSync(seedDir).sort()) hash.update(name).update(fs.readFileSync(path.join(seedDir, name)));
  return hex12(hash);
}

/** Hash of the first `version` migrations: a file of that schema version was built by exactly these. */
function migrationsKey(version: number): string {
  return hex12(crypto.createHash('sha256').update(MIGRATIONS.slice(0, version).join('\n')));
}

/** A seeded centre's cache name at a schema version (generator, version, the migrations up to it). */
export function seedName(family: string, version: number): string {
  return `${family}-g${generatorKey()}-v${version}-m${migrationsKey(version)}.sqlite`;
}

/** Hash of everything that decides a package's or a slice's content. */
function contentKey(): string {
  const hash = crypto.createHash('sha256');
  hash.update(MIGRATIONS.join('\n'));
  const seedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'seed');
  for (const name of fs.readdirSync(seedDir).sort()) hash.update(name).update(fs.readFileSync(path.join(seedDir, name)));
  // Return packages are written and checked by db/returns: a change there (the checksum's row
  // order, say) makes cached packages unreadable, so it makes new ones.
  const returnsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'returns');
  for (const name of fs.readdirSync(returnsDir).sort()) hash.update(name).update(fs.readFileSync(path.join(returnsDir, name)));
  return hex12(hash);
}

export interface CachedFile {
  file: string;
  /** Whether this run had to make it. */
  built: boolean;
  /** The schema version it was migrated forward from, when it was (seeded centres only). */
  migratedFrom?: number;
}

/**
 * A file in the cache, made by `build(path)` on first use. `family` names the file apart from the
 * content key; older versions of the same family are removed when a new one is made. Two runs
 * at once each write their own partial file and rename it into place (the same content).
 */
export function cached(family: string, build: (file: string) => void, name = `${family}-v${SCHEMA_VERSION}-${contentKey()}.sqlite`): CachedFile {
  const dir = cacheDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  if (fs.existsSync(file)) return { file, built: false };
  const partial = `${file}.partial-${process.pid}`;
  try {
    build(partial);
    fs.renameSync(partial, file);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
  }
  // Older versions go once the new one is in place (a seed may be built from one); files another
  // run is still writing (".partial-PID") stay unless abandoned.
  for (const old of fs.readdirSync(dir)) {
    if (old === name || (!old.startsWith(`${family}-v`) && !old.startsWith(`${family}-g`))) continue;
    const entry = path.join(dir, old);
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    const abandoned = stat !== undefined && Date.now() - stat.mtimeMs > 3_600_000;
    if (!old.includes('.partial-') || abandoned) fs.rmSync(entry, { force: true });
  }
  return { file, built: true };
}

/**
 * The newest cached file of `family` seeded by this generator at an older schema version whose
 * migrations are this app's first ones (a shipped migration is never edited): null if none.
 */
function olderSeed(family: string): { file: string; version: number } | null {
  for (let version = SCHEMA_VERSION - 1; version >= 1; version -= 1) {
    const file = path.join(cacheDir(), seedName(family, version));
    if (fs.existsSync(file)) return { file, version };
  }
  return null;
}

/**
 * The seeded file for (scale, seed), and its rows per table. A file this generator seeded at an
 * older schema is copied and opened by the app (openDatabase applies the pending migrations in one
 * transaction, as for a user's file) instead of seeding again.
 */
export function cachedSeed(scale: number, seed: number): CachedFile & { counts: Record<string, number> } {
  const family = `centre-s${scale}-n${seed}`;
  const older = olderSeed(family);
  const entry: CachedFile = cached(
    family,
    (file) => {
      if (!older) return generate(file, { scale, seed });
      for (const suffix of ['', '-wal']) if (fs.existsSync(older.file + suffix)) fs.copyFileSync(older.file + suffix, file + suffix);
      openDatabase(file).close();
    },
    seedName(family, SCHEMA_VERSION),
  );
  if (entry.built && older) entry.migratedFrom = older.version;
  const db = new Database(entry.file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { name: string }[]).map((t) => t.name);
    const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
    return { ...entry, counts };
  } finally {
    db.close();
  }
}

/**
 * A private copy of a data file (the bench writes to it), flushed to disk before it is used: the
 * kernel writes a fresh 1.3 GB copy back over the next seconds, and the first operations timed
 * (the app's start) then share the disk and a core with that writeback instead of a user's quiet PC.
 */
export function workingCopy(file: string, dir: string, name: string): string {
  const copy = path.join(dir, name);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  fs.copyFileSync(file, copy);
  const fd = fs.openSync(copy, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return copy;
}
