// The consolidated statistics count placements by the national 就业形式: a package written before
// migration 011 carries the earlier types, which are counted under the code each maps to.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { figureSteps } from '../../../db/returns/figures';
import { parsePeriod } from '../../../db/returns/rules';
import { testService, type TestService } from '../../support/service';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

describe('placements of a package in the statistics', () => {
  it('counts earlier types under their national code, beside packages that carry the codes already', () => {
    const db = t.service.db;
    const packageId = Number(
      db
        .prepare(
          `INSERT INTO return_package (status, kind, centre_code, centre_name, centre_type, region_code, period, period_from, period_to, format_version,
             schema_version, app_version, exported_at, deidentified, claims, checksum, file_name, row_counts, created_at, created_by, updated_at, updated_by)
           VALUES ('importing', 'centre', '91440300708461136T', '某中心', 'centre', '440300', '2026', '2026-01-01', '2026-12-31', 1, 9, 'old', 'now', 1,
             'absent', ?, 'old.sqlite', '{}', 'now', 'x', 'now', 'x')`,
        )
        .run('0'.repeat(64)).lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO ret_placement (package_id, centre_code, placement_ref, person_key, placement_type, start_date, full_time, has_contract, social_insurance)
       VALUES (?, '91440300708461136T', ?, ?, ?, '2026-05-01', 1, 0, 0)`,
    );
    ['supported', 'quota', 'self_employed', 'individual', 'home_based', 'flexible', 'rural', 'centralised'].forEach((type, i) => insert.run(packageId, i + 1, `p${i}`, type));
    for (const step of figureSteps(db, packageId, parsePeriod('2026')!)) step();
    const counts = Object.fromEntries(
      (db.prepare("SELECT dim1, value FROM ret_figure WHERE package_id = ? AND metric = 'placements' ORDER BY dim1").all(packageId) as { dim1: string; value: number }[]).map((r) => [r.dim1, r.value]),
    );
    // supported + quota; self_employed + individual; home_based + flexible.
    expect(counts).toEqual({ centralised: 1, flexible: 2, individual: 2, quota: 2, rural: 1 });
  });
});
