// The bench's own parts: percentiles, verdicts, and the one-year slice used as a return package.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { stats } from '../../../scripts/bench/measure';
import { MODULE_MISSING, result, table, targets } from '../../../scripts/bench/report';
import { sliceYear } from '../../../scripts/bench/slice';
import { centreLoadResults, type CentreLoadOutcome } from '../../../scripts/bench/centre-load';
import { generate } from '../../../scripts/seed/index';
import { tempDir } from '../../support/service';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('bench', () => {
  it('takes nearest-rank percentiles', () => {
    const s = stats(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect([s.p50, s.p95, s.min, s.max, s.runs]).toEqual([50, 95, 1, 100, 100]);
    expect(stats([7]).p95).toBe(7);
  });

  it('passes, misses, or says an operation cannot be measured yet', () => {
    const fast = stats([1, 2, 3]);
    const slow = stats([10, 60, 70]);
    expect(result('2a', 'search', targets.p95Under(50), fast, fast).verdict).toBe('PASS');
    expect(result('2a', 'search', targets.p95Under(50), slow, fast).verdict).toBe('MISS');
    expect(result('6', 'export', targets.nearFloor(2, 400), fast, fast, { rssMb: { app: 500, floor: 100 } }).verdict).toBe('MISS');
    const missing = result('8', 'xlsx', targets.nearFloor(2, 400), null, fast, { appNote: MODULE_MISSING });
    expect(missing.verdict).toBe('n/a');
    expect(table([missing])).toContain(MODULE_MISSING);
  });

  it('passes the centre load only with both p95s under 50 ms, no error, no lost write and integrity ok', () => {
    const clean: CentreLoadOutcome = { save: stats([5, 10, 20]), list: stats([4, 8, 30]), errors: [], acknowledged: 1200, lost: 0, integrity: 'ok', seconds: 60, workstations: 20 };
    const verdicts = (o: CentreLoadOutcome) => centreLoadResults(o).map((r) => `${r.op} ${r.verdict}`);
    expect(verdicts(clean)).toEqual(['12a PASS', '12b PASS']);
    expect(centreLoadResults(clean)[0]!.checks).toEqual({ errors: 0, acknowledged: 1200, lost: 0, integrity: 'ok', workstations: 20, seconds: 60 });
    expect(verdicts({ ...clean, list: stats([4, 8, 60]) })).toEqual(['12a PASS', '12b MISS']);
    // However fast, a lost write, an error or a damaged file fails both.
    expect(verdicts({ ...clean, lost: 1 })).toEqual(['12a MISS', '12b MISS']);
    expect(verdicts({ ...clean, errors: ['save: {"code":"INTERNAL"}'] })).toEqual(['12a MISS', '12b MISS']);
    expect(verdicts({ ...clean, integrity: '*** in database main ***' })).toEqual(['12a MISS', '12b MISS']);
    expect(centreLoadResults({ ...clean, lost: 2 })[0]!.remark).toMatch(/^2 of 1200 acknowledged saves missing afterwards; /);
  });

  it('slices one year of a centre into a file the app opens, with nothing from other years', () => {
    const source = path.join(tmp.dir, 'centre.sqlite');
    const target = path.join(tmp.dir, 'year.sqlite');
    generate(source, { scale: 1, seed: 3 });
    const counts = sliceYear(source, target, 2025);
    expect(counts.rehab_session).toBeGreaterThan(0);
    openDatabase(target).close();
    const db = new Database(target, { readonly: true });
    try {
      const outside = db.prepare("SELECT count(*) AS n FROM rehab_session WHERE session_date NOT LIKE '2025-%'").get() as { n: number };
      expect(outside.n).toBe(0);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const sessions = db.prepare('SELECT count(*) AS n FROM rehab_session').get() as { n: number };
      expect(sessions.n).toBe(counts.rehab_session);
    } finally {
      db.close();
    }
  });
});
