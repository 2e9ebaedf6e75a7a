// The bench's data files: seeded once and kept in a cache directory, keyed by the seed, the
// scale and a hash of the schema (migrations) and the generator, so reruns start at once and a
// schema or generator change seeds afresh. The bench works on copies: the cache stays pristine.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS, SCHEMA_VERSION } from '../../db/migrations/index';
import { generate, type SeedSummary } from '../seed/index';

export function cacheDir(): string {
  return process.env.REHABDESK_BENCH_CACHE ?? path.join(os.tmpdir(), 'rehabdesk-bench-cache');
}

/** Hash of everything that decides a seeded file's content. */
function contentKey(): string {
  const hash = crypto.createHash('sha256');
  hash.update(MIGRATIONS.join('\n'));
  const seedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'seed');
  for (const name of fs.readdirSync(seedDir).sort()) hash.update(name).update(fs.readFileSync(path.join(seedDir, name)));
  return hash.digest('hex').slice(0, 12);
}

export interface CachedFile {
  file: string;
  /** Whether this run had to make it. */
  built: boolean;
}

/**
 * A file in the cache, made by `build(path)` on first use. `family` names the file apart from the
 * content key; older versions of the same family are removed when a new one is made.
 */
export function cached(family: string, build: (file: string) => void): CachedFile {
  const dir = cacheDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${family}-v${SCHEMA_VERSION}-${contentKey()}.sqlite`);
  if (fs.existsSync(file)) return { file, built: false };
  for (const old of fs.readdirSync(dir)) if (old.startsWith(`${family}-v`)) fs.rmSync(path.join(dir, old), { force: true });
  const partial = `${file}.partial-${process.pid}`;
  try {
    build(partial);
    fs.renameSync(partial, file);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
  }
  return { file, built: true };
}

/** The seeded file for (scale, seed) and what the seed wrote. */
export function cachedSeed(scale: number, seed: number): CachedFile & { summary: SeedSummary } {
  let summary: SeedSummary | null = null;
  const entry = cached(`centre-s${scale}-n${seed}`, (file) => {
    summary = generate(file, { scale, seed });
    fs.writeFileSync(`${file}.json`, JSON.stringify(summary, null, 2));
  });
  const meta = `${entry.file}.json`;
  if (entry.built) fs.renameSync(`${entry.file}.partial-${process.pid}.json`, meta);
  return { ...entry, summary: summary ?? (JSON.parse(fs.readFileSync(meta, 'utf8')) as SeedSummary) };
}

/** A private copy of a data file (the bench writes to it). */
export function workingCopy(file: string, dir: string, name: string): string {
  const copy = path.join(dir, name);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  fs.copyFileSync(file, copy);
  return copy;
}
