// The bench's data files: seeded once and kept in a cache directory, keyed by the seed, the
// scale and a hash of the schema (migrations) and the generator, so reruns start at once and a
// schema or generator change seeds afresh. The bench works on copies: the cache stays pristine.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS, SCHEMA_VERSION } from '../../db/migrations/index';
import Database from 'better-sqlite3';
import { generate } from '../seed/index';

export function cacheDir(): string {
  return process.env.REHABDESK_BENCH_CACHE ?? path.join(os.tmpdir(), 'rehabdesk-bench-cache');
}

/** Hash of everything that decides a seeded file's content. */
function contentKey(): string {
  const hash = crypto.createHash('sha256');
  hash.update(MIGRATIONS.join('\n'));
  const seedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'seed');
  for (const name of fs.readdirSync(seedDir).sort()) hash.update(name).update(fs.readFileSync(path.join(seedDir, name)));
  // Return packages are written and checked by db/returns: a change there (the checksum's row
  // order, say) makes cached packages unreadable, so it makes new ones.
  const returnsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'returns');
  for (const name of fs.readdirSync(returnsDir).sort()) hash.update(name).update(fs.readFileSync(path.join(returnsDir, name)));
  return hash.digest('hex').slice(0, 12);
}

export interface CachedFile {
  file: string;
  /** Whether this run had to make it. */
  built: boolean;
}

/**
 * A file in the cache, made by `build(path)` on first use. `family` names the file apart from the
 * content key; older versions of the same family are removed when a new one is made. Two runs
 * at once each write their own partial file and rename it into place (the same content).
 */
export function cached(family: string, build: (file: string) => void): CachedFile {
  const dir = cacheDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${family}-v${SCHEMA_VERSION}-${contentKey()}.sqlite`);
  if (fs.existsSync(file)) return { file, built: false };
  // Older versions go; files another run is still writing (".partial-PID") stay unless abandoned.
  for (const old of fs.readdirSync(dir)) {
    if (!old.startsWith(`${family}-v`)) continue;
    const entry = path.join(dir, old);
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    const abandoned = stat !== undefined && Date.now() - stat.mtimeMs > 3_600_000;
    if (!old.includes('.partial-') || abandoned) fs.rmSync(entry, { force: true });
  }
  const partial = `${file}.partial-${process.pid}`;
  try {
    build(partial);
    fs.renameSync(partial, file);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
  }
  return { file, built: true };
}

/** The seeded file for (scale, seed), and its rows per table. */
export function cachedSeed(scale: number, seed: number): CachedFile & { counts: Record<string, number> } {
  const entry = cached(`centre-s${scale}-n${seed}`, (file) => generate(file, { scale, seed }));
  const db = new Database(entry.file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { name: string }[]).map((t) => t.name);
    const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
    return { ...entry, counts };
  } finally {
    db.close();
  }
}

/** A private copy of a data file (the bench writes to it). */
export function workingCopy(file: string, dir: string, name: string): string {
  const copy = path.join(dir, name);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  fs.copyFileSync(file, copy);
  return copy;
}
