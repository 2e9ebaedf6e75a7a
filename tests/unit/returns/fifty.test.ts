// Fifty centres' packages dropped in one folder consolidate correctly: every centre's row equals
// that centre's own figures, and the total row adds them up.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { centreRow, creditCode, exportPackage, freshUnit, importPackages, seededCentre, totals } from './fixtures';

const tmp = tempDir();
const CENTRES = 50;
const DISTRICTS = ['320102', '320104', '320105', '320106', '320111', '320113', '320114', '320115', '320116', '320117'];

interface Own {
  code: string;
  sessions: number;
  serviceDays: number;
  trainees: number;
  completed: number;
  placements: number;
  fittings: number;
  subsidyFen: number;
}
const own: Own[] = [];
const inbox = path.join(tmp.dir, 'inbox');
let exportMs = 0;

beforeAll(async () => {
  fs.mkdirSync(inbox, { recursive: true });
  for (let i = 0; i < CENTRES; i += 1) {
    const region = DISTRICTS[i % DISTRICTS.length]!;
    const code = creditCode(1000 + i, region);
    const unit = seededCentre(tmp.dir, 101 + i, 0.2, { name: `第${i + 1}康复服务中心`, creditCode: code, regionCode: region });
    try {
      const started = performance.now();
      const pkg = await exportPackage(unit, '2026');
      exportMs += performance.now() - started;
      fs.renameSync(pkg.file, path.join(inbox, pkg.fileName));
      // The centre's own figures, from its own screens' calls.
      const year = unit.ok('rehab.summary', { month: '2026-12' }).trend;
      const training = unit.ok('training.figures', { year: 2026 });
      const devices = unit.ok('devices.figures', { year: 2026 });
      own.push({
        code,
        sessions: year.reduce((sum, m) => sum + m.sessions, 0),
        serviceDays: year.reduce((sum, m) => sum + m.serviceDays, 0),
        trainees: training.byCourseType.reduce((sum, t) => sum + t.trainees, 0),
        completed: training.byCourseType.reduce((sum, t) => sum + t.completed, 0),
        placements: training.placementsByType.reduce((sum, p) => sum + p.count, 0),
        fittings: devices.fittings,
        subsidyFen: devices.subsidyFen,
      });
    } finally {
      unit.close();
    }
  }
}, 300_000);
afterAll(() => tmp.cleanup());

describe('fifty centres', () => {
  it('consolidate from one folder, each centre’s row equal to its own figures and the total their sum', async () => {
    const office = freshUnit(tmp.dir, 'office', { name: '南京市残联', type: 'city_federation', creditCode: creditCode(999, '320100'), regionCode: '320100' });
    try {
      const started = performance.now();
      const result = await importPackages(office, [inbox]);
      const importMs = performance.now() - started;
      expect(result).toMatchObject({ imported: CENTRES, replaced: 0, rejected: 0 });
      const statsStarted = performance.now();
      const stats = office.ok('returns.stats.get', { period: '2026' });
      const statsMs = performance.now() - statsStarted;
      expect(stats.centres).toHaveLength(CENTRES);
      console.log(
        `50 centre packages (scale 0.2, year 2026): export ${Math.round(exportMs / CENTRES)} ms each on average; ` +
          `consolidation ${Math.round(importMs)} ms; statistics ${Math.round(statsMs)} ms`,
      );

      for (const centre of own) {
        const overview = centreRow(stats, 'overview', centre.code);
        expect(overview, centre.code).toMatchObject({
          sessions: centre.sessions,
          serviceDays: centre.serviceDays,
          trainees: centre.trainees,
          completed: centre.completed,
          placements: centre.placements,
          fittings: centre.fittings,
          deviceSubsidy: centre.subsidyFen,
        });
      }
      const sum = (key: keyof Own) => own.reduce((total, c) => total + (c[key] as number), 0);
      expect(totals(stats, 'overview')).toMatchObject({
        sessions: sum('sessions'),
        serviceDays: sum('serviceDays'),
        trainees: sum('trainees'),
        completed: sum('completed'),
        placements: sum('placements'),
        fittings: sum('fittings'),
        deviceSubsidy: sum('subsidyFen'),
      });
      expect(sum('sessions')).toBeGreaterThan(10_000);
      expect(sum('fittings')).toBeGreaterThan(0);
    } finally {
      office.close();
    }
  }, 300_000);
});
