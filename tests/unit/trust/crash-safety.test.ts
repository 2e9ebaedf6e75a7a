// Crash safety: a writer process is killed with SIGKILL at random points, many times. After each
// kill the file passes integrity_check and every write the writer reported as committed is there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { seedPeople } from '../../support/seed-people';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A small deterministic generator, so a failing kill point can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Runs the writer until it has reported `after` steps plus a random delay, then SIGKILLs it. */
function runAndKill(file: string, mode: 'write' | 'backup', run: number, delayMs: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crash-writer.ts', file, mode, String(run)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reported: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      reported.push(line.split(' ')[1]!);
      if (reported.length === 1) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`writer ended by itself (${code}): ${stderr}`));
    });
  });
}

const KILLS = 12;

describe('crash safety', () => {
  it(`keeps every committed row and a sound file across ${KILLS} kills mid-write`, async () => {
    const file = path.join(tmp.dir, 'writes.sqlite');
    const next = random(20261122);
    const committed: string[] = [];
    for (let run = 0; run < KILLS; run += 1) {
      committed.push(...(await runAndKill(file, 'write', run, Math.floor(next() * 150))));
      const db = new Database(file, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true }), `after kill ${run + 1}`).toBe('ok');
      const present = new Set((db.prepare('SELECT id_number FROM person').pluck().all() as string[]));
      expect(committed.filter((id) => !present.has(id)), `after kill ${run + 1}`).toEqual([]);
      // The person's support rows and change log went in with it, or not at all.
      const orphans = db.prepare("SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM person_change c WHERE c.person_id = p.id)").pluck().get();
      expect(orphans).toBe(0);
      db.close();
    }
    expect(committed.length).toBeGreaterThan(KILLS);
  }, 120_000);

  it('never leaves a finished-looking backup that is incomplete when killed mid-backup', async () => {
    const file = path.join(tmp.dir, 'backups.sqlite');
    seedPeople(file, 20_000); // big enough that a backup takes a while
    const next = random(7);
    for (let run = 0; run < 4; run += 1) await runAndKill(file, 'backup', run, Math.floor(next() * 80));
    const dir = path.join(tmp.dir, 'backups');
    const finished = fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite'));
    expect(finished.length).toBeGreaterThan(0);
    for (const name of finished) {
      const db = new Database(path.join(dir, name), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true }), name).toBe('ok');
      expect(db.prepare('SELECT count(*) FROM person').pluck().get(), name).toBe(20_000);
      db.close();
    }
    const main = new Database(file, { readonly: true });
    expect(main.pragma('integrity_check', { simple: true })).toBe('ok');
    main.close();
  }, 120_000);
});
