// Return packages are written, and read for their checksum, in a thread of their own
// (host/package-worker.ts): the service thread only starts it and relays its progress, so screens
// are answered meanwhile, and cancelling ends the thread and leaves no file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceThread, type ServiceThreadClient } from '../../../host/service-thread';
import { createService } from '../../../db/service';
import type { JobView, SignedIn } from '../../../db/contract';
import type { ExportResult } from '../../../db/returns/contract';
import { readMeta } from '../../../db/returns/format';
import { generate } from '../../../scripts/seed/index';
import { SEED_ADMIN, SEED_PASSWORD } from '../../../scripts/seed/trust';
import { buildWorkers, type BuiltWorkers } from '../../support/workers';
import { TODAY, tempDir } from '../../support/service';
import { ADMIN_PASSWORD } from '../../support/service';
import { alteredCopy, creditCode, exportPackage, freshUnit, importPackages, seededCentre, tickingClock } from '../returns/fixtures';
import Database from 'better-sqlite3';

const tmp = tempDir();
let workers: BuiltWorkers;
const identity = { type: 'rehab_institution', regionCode: '320102', name: '鼓楼区康复中心', creditCode: creditCode(71) } as const;

beforeAll(async () => {
  workers = await buildWorkers();
}, 60_000);
afterAll(() => tmp.cleanup());

/** A seeded centre's data file (scale 1: some 50 people, 10,000 sessions) in a folder of its own. */
function seeded(name: string): string {
  const file = path.join(tmp.dir, name, 'data.sqlite');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  generate(file, { scale: 1, seed: 5, audit: false, today: TODAY });
  return file;
}

/** The people a search with no words lists (archived people are left out). */
function listed(file: string): number {
  const db = new Database(file, { readonly: true });
  const n = db.prepare('SELECT count(*) FROM person WHERE archived = 0').pluck().get() as number;
  db.close();
  return n;
}

async function start(file: string, packageDelayMs: number): Promise<ServiceThreadClient> {
  return startServiceThread(workers.serviceWorker, {
    dataFile: file,
    host: 'browser',
    appVersion: 'test',
    today: TODAY,
    backupWorkerFile: workers.backupWorker,
    packageWorkerFile: workers.packageWorker,
    packageDelayMs,
  });
}

/** Signs in as the seeded administrator and sets the centre's identity; returns a caller. */
async function centre(service: ServiceThreadClient) {
  const signedIn = await service.invoke('auth.signIn', { username: SEED_ADMIN, password: SEED_PASSWORD });
  if (!signedIn.ok) throw new Error(JSON.stringify(signedIn.error));
  const session = (signedIn.value as SignedIn).sessionId;
  const ok = async <T>(name: string, input: unknown): Promise<T> => {
    const result = await service.invoke(name, input, session);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  await ok('returns.centre.save', identity);
  return ok;
}

/** Polls the job (as the screen does) until `until` holds, failing after 30 s. */
async function poll(ok: <T>(name: string, input: unknown) => Promise<T>, id: string, until: (job: JobView<ExportResult>) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await ok<JobView<ExportResult>>('jobs.get', { id });
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job still ${job.state} at ${job.done}/${job.total}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const exportsOf = (file: string) => {
  const dir = path.join(path.dirname(file), 'exports');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('the package thread', { timeout: 120_000 }, () => {
  it('answers a people search and a save while a package is being written, and the package is the one the service itself writes', async () => {
    const file = seeded('busy');
    const people = listed(file);
    expect(people).toBeGreaterThan(40);
    // The package thread stops 1.5 s once its .partial file exists.
    const service = await start(file, 1500);
    let threadResult: ExportResult;
    try {
      const ok = await centre(service);
      const job = await ok<JobView<ExportResult>>('returns.export', { period: '2026', deidentified: false });
      const counted = await poll(ok, job.id, (j) => j.total > 0 || j.state !== 'running');
      expect(counted.state).toBe('running');
      expect(exportsOf(file).filter((name) => name.endsWith('.partial'))).toHaveLength(1);
      // Answered while the package thread is stretched: the job is still running after both.
      const found = await ok<{ total: number }>('people.search', { q: '' });
      expect(found.total).toBe(people);
      await ok('settings.update', { locale: 'en' });
      expect((await ok<JobView>('jobs.get', { id: job.id })).state).toBe('running');

      const done = await poll(ok, job.id, (j) => j.state !== 'running');
      expect(done.state).toBe('done');
      threadResult = done.result!;
      expect(done.done).toBe(done.total);
      expect(exportsOf(file)).toEqual([path.basename(threadResult.file)]);
      const listed = await ok<{ checksum: string; rows: number }[]>('returns.exports.list', {});
      expect(listed).toMatchObject([{ checksum: threadResult.checksum, rows: threadResult.rows }]);
    } finally {
      await service.close();
    }

    // The same export written by the service in its own thread holds the same rows, table by table.
    const here = createService({ dataFile: file, host: 'browser', appVersion: 'test', clock: tickingClock(TODAY), log: () => undefined });
    const signedIn = here.dispatch('auth.signIn', { username: SEED_ADMIN, password: SEED_PASSWORD });
    const session = (signedIn as { value: SignedIn }).value.sessionId;
    const started = here.dispatch('returns.export', { period: '2026', deidentified: false }, session) as { value: JobView };
    let view: JobView<ExportResult>;
    do {
      await new Promise((resolve) => setTimeout(resolve, 10));
      view = (here.dispatch('jobs.get', { id: started.value.id }, session) as { value: JobView<ExportResult> }).value;
    } while (view.state === 'running');
    here.close();
    const rowCounts = (pkg: string) => {
      const db = new Database(pkg, { readonly: true });
      const counts = readMeta(db).row_counts;
      db.close();
      return JSON.parse(counts!) as Record<string, number>;
    };
    expect(view.state).toBe('done');
    expect(rowCounts(threadResult.file)).toEqual(rowCounts(view.result!.file));
    expect(threadResult.rows).toBe(view.result!.rows);
    expect(threadResult.rows).toBeGreaterThan(1000);

    // An office takes the thread's package in: its checksum holds.
    const office = freshUnit(tmp.dir, 'office', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(961, '320100'), regionCode: '320100' });
    try {
      expect(await importPackages(office, [threadResult.file])).toMatchObject({ imported: 1, rejected: 0 });
    } finally {
      office.close();
    }
  });

  it('cancels a package being written: the thread ends, no file is left and no export is recorded', async () => {
    const file = seeded('cancel');
    const people = listed(file);
    const service = await start(file, 60_000);
    try {
      const ok = await centre(service);
      const job = await ok<JobView<ExportResult>>('returns.export', { period: '2026', deidentified: false });
      await poll(ok, job.id, (j) => j.total > 0 || j.state !== 'running');
      expect(exportsOf(file).filter((name) => name.endsWith('.partial'))).toHaveLength(1);
      await ok('jobs.cancel', { id: job.id });
      // Well before the thread's 60 s stretch would end.
      const ended = await poll(ok, job.id, (j) => j.state !== 'running');
      expect(ended.state).toBe('cancelled');
      expect(exportsOf(file)).toEqual([]);
      expect(await ok('returns.exports.list', {})).toEqual([]);
      // The service goes on answering.
      expect((await ok<{ total: number }>('people.search', { q: '' })).total).toBe(people);
    } finally {
      await service.close();
    }
  });

  it('reads packages an office imports in the package thread: answers meanwhile, imports a sound one, refuses a changed one for its checksum', async () => {
    const source = seededCentre(tmp.dir, 6, 1, { name: '秦淮区康复中心', creditCode: creditCode(72) });
    const pkg = (await exportPackage(source, '2026')).file;
    source.close();
    const changed = alteredCopy(pkg, path.join(tmp.dir, 'changed', 'changed.sqlite'), (db) => {
      db.prepare('UPDATE rehab_session SET minutes = minutes + 1 WHERE rowid = (SELECT min(rowid) FROM rehab_session)').run();
    });
    const file = path.join(tmp.dir, 'office-thread', 'data.sqlite');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const service = await start(file, 1500);
    try {
      const setup = await service.invoke('auth.setup', { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD });
      const session = (setup as { value: SignedIn }).value.sessionId;
      const ok = async <T>(name: string, input: unknown): Promise<T> => {
        const result = await service.invoke(name, input, session);
        if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
        return result.value as T;
      };
      await ok('returns.centre.save', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(962, '320100'), regionCode: '320100' });
      const job = await ok<JobView>('returns.import', { paths: [pkg, changed] });
      // The first read stops 1.5 s once it has begun; the office's screens are answered meanwhile.
      await poll(ok, job.id, (j) => j.done > 0 || j.state !== 'running');
      expect(await ok<{ identity: unknown }>('returns.centre.get', {})).toMatchObject({ identity: { name: '南京市残联' } });
      expect((await ok<JobView>('jobs.get', { id: job.id })).state).toBe('running');
      const done = (await poll(ok, job.id, (j) => j.state !== 'running')) as unknown as JobView<{ imported: number; rejected: number; files: { outcome: string; error: { code: string } | null }[] }>;
      expect(done.state).toBe('done');
      expect(done.result).toMatchObject({ imported: 1, rejected: 1 });
      expect(done.result!.files.map((f) => [f.outcome, f.error?.code ?? null])).toEqual([
        ['imported', null],
        ['rejected', 'RETURNS_CHECKSUM_MISMATCH'],
      ]);
    } finally {
      await service.close();
    }
  });
});
