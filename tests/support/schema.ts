// The schema the migrations build, dumped canonically, and the shipped migrations' fingerprints:
// shared by the drift test and `npm run schema:snapshot`, so both see the same text.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const SNAPSHOT_FILE = path.join(ROOT, 'tests/unit/db/schema.snapshot.txt');
export const MIGRATIONS_DIR = path.join(ROOT, 'db/migrations');

/** Every object in a fresh in-memory database with all migrations, sorted, plus user_version. */
export function dumpSchema(): string {
  const db = openDatabase(':memory:');
  try {
    const rows = db
      .prepare(
        'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name',
      )
      .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
    const version = db.pragma('user_version', { simple: true }) as number;
    const lines = [`-- Schema built from scratch by every migration; rewrite with \`npm run schema:snapshot\`.`, `PRAGMA user_version = ${version};`, ''];
    for (const r of rows) {
      lines.push(`-- ${r.type} ${r.name} ON ${r.tbl_name}`);
      lines.push(`${(r.sql ?? '').trim()};`);
      lines.push('');
    }
    return lines.join('\n');
  } finally {
    db.close();
  }
}

/** SHA-256 of a migration file's bytes. */
export function migrationHash(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(path.join(MIGRATIONS_DIR, file))).digest('hex');
}
