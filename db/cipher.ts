// Keying a connection to an encrypted data file (SQLCipher 4 compatible, SQLite3MultipleCiphers).
// Apart from db/open.ts so the threads that only open a connection (checkpoints, backups, return
// packages) load neither the migrations nor the rest of the opening code.
import type Database from 'better-sqlite3';

/** Keys a fresh connection; must come before any other statement on it. */
export function applyKey(db: Database.Database, passphrase: string): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.key(Buffer.from(passphrase, 'utf8'));
}
