// Exports are written under a fixed partial name beside their target and renamed when complete;
// what a killed export left (names and full IDs in plain text) is removed on the next start; an
// export of an encrypted data file says that the exported file is not encrypted.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, testService, type TestService } from '../../support/service';
import { childWithSessions, rehabRule, therapist, weekdays } from '../claims/fixtures';
import { partialPath } from '../../../db/files';
import type { ExportResult } from '../../../db/claims/contract';
import type { JobView } from '../../../db/jobs';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function fresh(file?: string): TestService {
  const t = testService(file ? { file } : {});
  cleanups.push(() => t.close());
  return t;
}

async function settle(t: TestService, job: JobView): Promise<JobView<ExportResult>> {
  await expect.poll(() => (t.ok('jobs.get', { id: job.id }) as JobView).state, { timeout: 20_000 }).not.toBe('running');
  return t.ok('jobs.get', { id: job.id }) as JobView<ExportResult>;
}

function submittedBatch(t: TestService) {
  rehabRule(t);
  const therapistId = therapist(t);
  childWithSessions(t, therapistId, '张小明', '2021-05-06', weekdays('2026-10'));
  const batch = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
  return t.ok('claims.batches.submit', { id: batch.id, version: batch.version });
}

describe('partial export files', () => {
  it('are removed from the exports folder when the service starts; finished exports stay', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const exports = path.join(tmp.dir, 'exports');
    fs.mkdirSync(exports);
    const leftovers = ['KF202610-01.xlsx.partial', 'rehabdesk-return-2026.sqlite.partial', '.KF202609-01.xlsx.1a2b3c4d.part'];
    for (const name of leftovers) fs.writeFileSync(path.join(exports, name), '张三,320102198503140214\n');
    fs.writeFileSync(path.join(exports, 'KF202609-01.xlsx'), 'finished');
    fs.writeFileSync(path.join(exports, 'notes.part.txt'), 'not ours to remove');

    fresh(path.join(tmp.dir, 'data.sqlite'));
    expect(fs.readdirSync(exports).sort()).toEqual(['KF202609-01.xlsx', 'notes.part.txt']);
  });

  it('are named after the target while the claim workbook is written, then renamed', async () => {
    const t = fresh();
    const batch = submittedBatch(t);
    const exports = path.join(path.dirname(t.file), 'exports');
    const job = t.ok('claims.batches.export', { batchId: batch.id, labels: {} });
    const target = path.join(exports, `${batch.number}.xlsx`);
    const seen = new Set<string>();
    // A busy machine makes the workbook slow, never different: wait as long as it takes.
    await expect
      .poll(
        () => {
          if (fs.existsSync(exports)) for (const name of fs.readdirSync(exports)) seen.add(name);
          return (t.ok('jobs.get', { id: job.id }) as JobView).state;
        },
        { timeout: 60_000, interval: 20 },
      )
      .not.toBe('running');
    expect([...seen].every((name) => name === path.basename(target) || name === path.basename(partialPath(target)))).toBe(true);
    expect(fs.readdirSync(exports)).toEqual([path.basename(target)]);
  });
});

describe('exports of an encrypted data file', () => {
  it('say that the exported file is not encrypted', async () => {
    const t = fresh();
    const batch = submittedBatch(t);
    expect((await settle(t, t.ok('claims.batches.export', { batchId: batch.id, labels: {} }))).result).toMatchObject({ unencryptedCopy: false });
    t.ok('security.setPassphrase', { current: '', next: 'long enough pass' });
    expect((await settle(t, t.ok('claims.batches.export', { batchId: batch.id, labels: {} }))).result).toMatchObject({ unencryptedCopy: true });
  });
});
