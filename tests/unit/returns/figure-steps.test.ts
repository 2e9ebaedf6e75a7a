// An office works out each imported package's figures and service spans in steps over bounded
// parts of the package, pausing between them so the service answers other calls meanwhile: the
// figures and spans added up from small chunks are exactly the ones counted in one go, and a
// larger package means more steps (more pauses), not longer ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { figureSteps, spanSteps, STEP_SIZES, type StepSizes } from '../../../db/returns/figures';
import { parsePeriod } from '../../../db/returns/rules';
import { creditCode, exportPackage, freshUnit, importPackages, seededCentre, type Unit } from './fixtures';

const tmp = tempDir();
let centre: Unit;
let office: Unit;
let packageId: number;
const period = parsePeriod('2026')!;

beforeAll(async () => {
  centre = seededCentre(tmp.dir, 5, 1, { name: '鼓楼区残疾人康复中心', creditCode: creditCode(21), regionCode: '320106' });
  office = freshUnit(tmp.dir, 'office', { name: '鼓楼区残联', type: 'county_federation', creditCode: creditCode(901), regionCode: '320106' });
  const exported = await exportPackage(centre, '2026');
  await importPackages(office, [exported.file]);
  packageId = (office.service.db.prepare("SELECT id FROM return_package WHERE status = 'current'").get() as { id: number }).id;
});
afterAll(() => {
  centre?.close();
  office?.close();
  tmp.cleanup();
});

type Figure = { centre_code: string; metric: string; dim1: string; dim2: string; value: number };
type Span = Record<string, string>;

/** Clears the package's figures and spans, runs the steps with `sizes`, and reads back what they wrote. */
function recompute(sizes: StepSizes): { figures: Figure[]; spans: Span[]; steps: number } {
  const db = office.service.db;
  db.prepare('DELETE FROM ret_figure WHERE package_id = ?').run(packageId);
  db.prepare('DELETE FROM ret_span WHERE package_id = ?').run(packageId);
  const steps = [...figureSteps(db, packageId, period, sizes), ...spanSteps(db, packageId, period, sizes)];
  for (const step of steps) step();
  const figures = db
    .prepare('SELECT centre_code, metric, dim1, dim2, value FROM ret_figure WHERE package_id = ? ORDER BY centre_code, metric, dim1, dim2')
    .all(packageId) as Figure[];
  const spans = db
    .prepare('SELECT programme, scope, match_key, centre_code, person_key, ref, span_from, span_to FROM ret_span WHERE package_id = ? ORDER BY programme, scope, centre_code, person_key, ref')
    .all(packageId) as Span[];
  return { figures, spans, steps: steps.length };
}

const count = (table: string) => (office.service.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE package_id = ?`).get(packageId) as { n: number }).n;

describe('figures and spans of an imported package, worked out in steps', () => {
  it('add up from small chunks to exactly what one pass over each table counts', () => {
    const whole = recompute({ rows: Number.MAX_SAFE_INTEGER, enrolments: Number.MAX_SAFE_INTEGER });
    const chunked = recompute({ rows: 97, enrolments: 2 });
    // The package has what the chunked figures are about: children, their sessions and service days, spans of several programmes.
    const metrics = new Set(whole.figures.map((f) => f.metric));
    for (const metric of ['people', 'children', 'sessions', 'serviceDays']) expect(metrics).toContain(metric);
    expect(new Set(whole.spans.map((s) => s.programme)).size).toBeGreaterThan(1);
    expect(chunked.figures).toEqual(whole.figures);
    expect(chunked.spans).toEqual(whole.spans);
  });

  it('are what the import wrote with its own step sizes', () => {
    const db = office.service.db;
    const imported = db
      .prepare('SELECT centre_code, metric, dim1, dim2, value FROM ret_figure WHERE package_id = ? ORDER BY centre_code, metric, dim1, dim2')
      .all(packageId) as Figure[];
    const again = recompute(STEP_SIZES);
    // The import also stored the package's indicator figures (not one of these steps): compare the rest.
    const stepMetrics = new Set(again.figures.map((f) => f.metric));
    expect(imported.filter((f) => stepMetrics.has(f.metric))).toEqual(again.figures);
  });

  it('take more steps, each reading a bounded part, as the package grows', () => {
    const sessions = count('ret_rehab_session');
    const enrolments = count('ret_rehab_enrolment');
    expect(sessions).toBeGreaterThan(500);
    const one = recompute({ rows: Number.MAX_SAFE_INTEGER, enrolments: Number.MAX_SAFE_INTEGER }).steps;
    const small = recompute({ rows: 100, enrolments: 5 }).steps;
    // At least: the sessions counted 100 rows a step, the children and their service days 5 enrolments a step.
    expect(small - one).toBeGreaterThanOrEqual(Math.ceil(sessions / 100) - 1 + 2 * (Math.ceil(enrolments / 5) - 1));
  });
});
