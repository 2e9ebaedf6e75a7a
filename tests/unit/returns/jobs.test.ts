// Exports and imports run as jobs: the service keeps answering while they work, they report
// progress, and a cancelled one leaves no file and no half-imported rows.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import type { JobView } from '../../../db/contract';
import { creditCode, exportPackage, freshUnit, seededCentre, type Unit } from './fixtures';

const tmp = tempDir();
let centre: Unit;
let office: Unit;

beforeAll(() => {
  // Scale 3: some 9,000 sessions this year, enough rows for the jobs to pause several times.
  centre = seededCentre(tmp.dir, 8, 3, { name: '雨花台区康复中心', creditCode: creditCode(61) });
  office = freshUnit(tmp.dir, 'office', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(960, '320100'), regionCode: '320100' });
}, 60_000);
afterAll(() => {
  centre?.close();
  office?.close();
  tmp.cleanup();
});

/**
 * Lets the job run until it has reported some progress, answering another call in between (the
 * service is not blocked), then cancels it.
 */
async function cancelMidway(unit: Unit, job: JobView): Promise<{ seen: JobView; answered: boolean }> {
  let answered = false;
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const seen = unit.ok('jobs.get', { id: job.id });
    answered ||= unit.ok('returns.centre.get', {}).identity !== undefined;
    if (seen.state !== 'running') throw new Error(`job ended before it could be cancelled: ${seen.state}`);
    if (seen.done > 0) {
      unit.ok('jobs.cancel', { id: job.id });
      return { seen, answered };
    }
  }
}

describe('export and import jobs', () => {
  it('cancels an export part way, leaving no file behind', async () => {
    const job = centre.ok('returns.export', { period: '2026', deidentified: false });
    expect(job).toMatchObject({ kind: 'returns.centreExport', state: 'running' });
    const { seen, answered } = await cancelMidway(centre, job);
    expect(seen.total).toBeGreaterThan(seen.done);
    expect(answered).toBe(true);
    const done = await centre.settle(job);
    expect(done.state).toBe('cancelled');
    const dir = path.join(centre.dir, 'exports');
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
    expect(centre.ok('returns.exports.list', {})).toEqual([]);
  });

  it('cancels an import part way, leaving nothing half-imported, and imports the same file afterwards', async () => {
    const pkg = await exportPackage(centre, '2026');
    const job = office.ok('returns.import', { paths: [pkg.file] });
    await cancelMidway(office, job);
    expect((await office.settle(job)).state).toBe('cancelled');
    const db = office.service.db;
    expect(db.prepare('SELECT count(*) FROM return_package').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM ret_rehab_session').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM ret_person').pluck().get()).toBe(0);
    expect(db.prepare('SELECT state FROM return_import').pluck().all()).toEqual(['cancelled']);

    const again = await office.settle(office.ok('returns.import', { paths: [pkg.file] }));
    expect(again.result).toMatchObject({ imported: 1, rejected: 0 });
  });

  it('runs one import at a time', async () => {
    const pkg = await exportPackage(centre, '2026-10');
    const first = office.ok('returns.import', { paths: [pkg.file] });
    expect(office.err('returns.import', { paths: [pkg.file] })).toMatchObject({ code: 'RETURNS_IMPORT_RUNNING' });
    expect((await office.settle(first)).state).toBe('done');
  });
});
