// Figures per centre of one imported package, worked out once when it is imported (ret_figure),
// and the service spans the cross-centre check compares (ret_span). Statistics then only add up
// small rows, however many packages an office holds.
import type { Db } from '../open';
import { addMonths, ageOn } from '../common/dates';
import { expiryBand } from '../people/rules';
import type { Period } from './rules';
import { LEGACY_TO_FORM } from '../training/employment-rules';

type Params = { pkg: number; from: string; to: string };

/**
 * Packages written before the national 就业形式 codes (migration 011) carry the earlier placement
 * types: counted under the code each maps to, so old and new packages add up alike.
 */
const NATIONAL_FORM = `CASE placement_type ${Object.entries(LEGACY_TO_FORM)
  .filter(([legacy, form]) => legacy !== form)
  .map(([legacy, form]) => `WHEN '${legacy}' THEN '${form}'`)
  .join(' ')} ELSE placement_type END`;

/**
 * How much of a package's largest tables one step reads. The import pauses between steps, so the
 * service thread answers other calls in between: a few thousand rows (or the sessions of a few
 * dozen children) hold it for milliseconds, where a whole year of a large centre held it for
 * hundreds. Figures added up by chunk are the same as counted at once (tests compare them).
 */
export interface StepSizes {
  /** Rows of a table a step reads (sessions, claim lines, the span sources). */
  rows: number;
  /** Children's enrolments a step reads the sessions of (figures counted per child). */
  enrolments: number;
}
export const STEP_SIZES: StepSizes = { rows: 2000, enrolments: 25 };

/** The package's rows of `table` as rowid ranges of `size`: a package's rows are copied in one go, so their rowids run together. */
function rowidRanges(db: Db, table: string, packageId: number, size: number): { lo: number; hi: number }[] {
  const { low, high } = db.prepare(`SELECT min(rowid) AS low, max(rowid) AS high FROM ${table} WHERE package_id = ?`).get(packageId) as {
    low: number | null;
    high: number | null;
  };
  const ranges: { lo: number; hi: number }[] = [];
  if (low === null || high === null) return ranges;
  for (let lo = low; lo <= high; lo += size) ranges.push({ lo, hi: Math.min(high, lo + size - 1) });
  return ranges;
}

/**
 * The figures' steps, each one query over a bounded part of the package; the import pauses
 * between them. Counts and sums over the large tables are added up chunk by chunk (an upsert adds
 * to the figure a previous chunk wrote); what is counted per child is chunked by children, so no
 * child is counted in two chunks.
 */
export function figureSteps(db: Db, packageId: number, period: Period, sizes: StepSizes = STEP_SIZES): (() => void)[] {
  const p: Params = { pkg: packageId, from: period.from, to: period.to };
  const ADD = 'ON CONFLICT (package_id, centre_code, metric, dim1, dim2) DO UPDATE SET value = value + excluded.value';
  const insert = db.prepare(`INSERT INTO ret_figure (package_id, centre_code, metric, dim1, dim2, value) VALUES (?, ?, ?, ?, ?, ?) ${ADD}`);
  /** INSERT … SELECT of rows (centre_code, dim1, dim2, value) under one metric, added to what is there. */
  const run = (metric: string, sql: string, params: Record<string, string | number>) =>
    db
      .prepare(`INSERT INTO ret_figure (package_id, centre_code, metric, dim1, dim2, value) SELECT :pkg, * FROM (${sql.replace('$metric', `'${metric}'`)}) WHERE true ${ADD}`)
      .run(params);
  const bySql = (metric: string, sql: string) => () => run(metric, sql, p);
  /** The same, one step per rowid range of `table` (the query names it `:lo`…`:hi`). */
  const byChunks = (table: string, size: number, metric: string, sql: string) =>
    rowidRanges(db, table, packageId, size).map(({ lo, hi }) => () => run(metric, sql, { ...p, lo, hi }));
  const inPeriod = (column: string) => `${column} BETWEEN :from AND :to`;
  /** An enrolment of the chunk with at least one attended session in the period. */
  const attended = `EXISTS (SELECT 1 FROM ret_rehab_session s WHERE s.package_id = :pkg AND s.centre_code = e.centre_code
    AND s.enrolment_ref = e.enrolment_ref AND s.attendance = 'present' AND ${inPeriod('s.session_date')})`;

  return [
    bySql('people', `SELECT centre_code, $metric, '', '', count(*) FROM ret_person WHERE package_id = :pkg AND archived = 0 GROUP BY centre_code`),
    // Children served: an enrolment with at least one attended session; age on the period's first day.
    ...rowidRanges(db, 'ret_rehab_enrolment', packageId, sizes.enrolments).map(({ lo, hi }) => () => {
      const rows = db
        .prepare(
          `SELECT e.centre_code, e.category, pr.birth_date
           FROM ret_rehab_enrolment e
           CROSS JOIN ret_person pr ON pr.package_id = :pkg AND pr.centre_code = e.centre_code AND pr.person_key = e.person_key
           WHERE +e.package_id = :pkg AND e.rowid BETWEEN :lo AND :hi AND ${attended}`,
        )
        .all({ ...p, lo, hi }) as { centre_code: string; category: string; birth_date: string }[];
      const counts = new Map<string, number>();
      for (const r of rows) {
        const key = `${r.centre_code}|${r.category}|${ageOn(r.birth_date, period.from)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const [key, n] of counts) {
        const [centre, category, age] = key.split('|');
        insert.run(packageId, centre, 'children', category, age, n);
      }
    }),
    ...byChunks(
      'ret_rehab_session',
      sizes.rows,
      'sessions',
      `SELECT centre_code, $metric, type, attendance, count(*) FROM ret_rehab_session
       WHERE +package_id = :pkg AND rowid BETWEEN :lo AND :hi AND ${inPeriod('session_date')} GROUP BY centre_code, type, attendance`,
    ),
    // 服务日: distinct (child's enrolment, date) with attendance, counted per enrolment.
    ...byChunks(
      'ret_rehab_enrolment',
      sizes.enrolments,
      'serviceDays',
      `SELECT centre_code, $metric, category, '', sum(days) FROM (
         SELECT e.centre_code, e.category,
           (SELECT count(DISTINCT s.session_date) FROM ret_rehab_session s WHERE s.package_id = :pkg AND s.centre_code = e.centre_code
              AND s.enrolment_ref = e.enrolment_ref AND s.attendance = 'present' AND ${inPeriod('s.session_date')}) AS days
         FROM ret_rehab_enrolment e WHERE +e.package_id = :pkg AND e.rowid BETWEEN :lo AND :hi)
       WHERE days > 0 GROUP BY centre_code, category`,
    ),
    // Trainees and completions of the classes that started in the period (as the training figures count them).
    bySql(
      'trainees',
      `SELECT c.centre_code, $metric, c.course_type, c.course_name, count(*)
       FROM ret_training_class c JOIN ret_training_enrolment e ON e.package_id = :pkg AND e.centre_code = c.centre_code AND e.class_ref = c.class_ref
       WHERE c.package_id = :pkg AND ${inPeriod('c.start_date')} GROUP BY c.centre_code, c.course_type, c.course_name`,
    ),
    bySql(
      'completed',
      `SELECT c.centre_code, $metric, c.course_type, c.course_name, count(*)
       FROM ret_training_class c JOIN ret_training_enrolment e ON e.package_id = :pkg AND e.centre_code = c.centre_code AND e.class_ref = c.class_ref
       WHERE c.package_id = :pkg AND ${inPeriod('c.start_date')} AND e.completed_on IS NOT NULL GROUP BY c.centre_code, c.course_type, c.course_name`,
    ),
    bySql(
      'certificates',
      `SELECT centre_code, $metric, cert_type, '', count(*) FROM ret_training_certificate
       WHERE package_id = :pkg AND ${inPeriod('issued_on')} GROUP BY centre_code, cert_type`,
    ),
    bySql(
      'placements',
      `SELECT centre_code, $metric, ${NATIONAL_FORM}, '', count(*) FROM ret_placement
       WHERE package_id = :pkg AND ${inPeriod('start_date')} GROUP BY centre_code, ${NATIONAL_FORM}`,
    ),
    // 就业跟踪问效 done in the period: how many were recorded, how many still in work.
    bySql(
      'followupRecorded',
      `SELECT centre_code, $metric, CAST(months AS TEXT), '', count(*) FROM ret_placement_followup
       WHERE package_id = :pkg AND ${inPeriod('done_on')} GROUP BY centre_code, months`,
    ),
    bySql(
      'followupEmployed',
      `SELECT centre_code, $metric, CAST(months AS TEXT), '', count(*) FROM ret_placement_followup
       WHERE package_id = :pkg AND ${inPeriod('done_on')} AND still_employed = 1 GROUP BY centre_code, months`,
    ),
    ...(
      [
        ['fittings', 'count(*)'],
        ['deviceCost', 'sum(cost_fen)'],
        ['deviceSubsidy', 'sum(subsidy_fen)'],
        ['deviceSelfPaid', 'sum(self_paid_fen)'],
      ] as const
    ).map(([metric, aggregate]) =>
      bySql(
        metric,
        `SELECT centre_code, $metric, device_class, '', ${aggregate} FROM ret_device_fitting
         WHERE package_id = :pkg AND ${inPeriod('fitted_on')} GROUP BY centre_code, device_class`,
      ),
    ),
    ...byChunks(
      'ret_subsidy_claim',
      sizes.rows,
      'claim',
      `SELECT centre_code, $metric, programme, '', sum(amount_fen) FROM ret_subsidy_claim
       WHERE +package_id = :pkg AND rowid BETWEEN :lo AND :hi AND ${inPeriod('service_from')} GROUP BY centre_code, programme`,
    ),
    bySql('claimsIncluded', `SELECT centre_code, $metric, '', '', 1 FROM ret_source WHERE package_id = :pkg AND claims = 'included' GROUP BY centre_code`),
    bySql('visitsDue', `SELECT centre_code, $metric, frequency, '', count(*) FROM ret_visit_due WHERE package_id = :pkg GROUP BY centre_code, frequency`),
    bySql(
      'visitsDone',
      `SELECT centre_code, $metric, frequency, '', count(*) FROM ret_visit_due
       WHERE package_id = :pkg AND done_on IS NOT NULL GROUP BY centre_code, frequency`,
    ),
    // Format 3, the people checks (不漏一人): a centre with a summary row reported them ('checksIncluded');
    // one without (a format-2 package) did not, and its figures stay "not reported", never 0.
    bySql('checksIncluded', `SELECT centre_code, $metric, '', '', 1 FROM ret_centre_summary WHERE package_id = :pkg GROUP BY centre_code`),
    ...(
      [
        ['households', 'households'],
        ['multipleHouseholds', 'multiple_households'],
        ['zeroEmployment', 'zero_employment_households'],
        ['familyDoctor', 'family_doctor'],
        ['childrenInRehab', 'children_in_rehab'],
        ['insuredChildren', 'insured_children'],
        ['checkTrainees', 'trainees'],
        ['migrantTrainees', 'migrant_trainees'],
      ] as const
    ).map(([metric, column]) =>
      bySql(metric, `SELECT centre_code, $metric, '', '', sum(${column}) FROM ret_centre_summary WHERE package_id = :pkg GROUP BY centre_code`),
    ),
    bySql('leftOut', `SELECT centre_code, $metric, check_kind, '', count(*) FROM ret_left_out WHERE package_id = :pkg GROUP BY centre_code, check_kind`),
    bySql('leftOutPeople', `SELECT centre_code, $metric, '', '', count(DISTINCT person_key) FROM ret_left_out WHERE package_id = :pkg GROUP BY centre_code`),
    bySql('satAnswers', `SELECT centre_code, $metric, service, '', sum(answers) FROM ret_satisfaction WHERE package_id = :pkg GROUP BY centre_code, service`),
    bySql('satSatisfied', `SELECT centre_code, $metric, service, '', sum(satisfied) FROM ret_satisfaction WHERE package_id = :pkg GROUP BY centre_code, service`),
    ...(
      [
        ['lists', 'count(*)'],
        ['listRows', 'sum(list_rows)'],
        ['listSame', 'sum(same)'],
        ['listDifferent', 'sum(different)'],
        ['listOnlyTheirs', 'sum(only_theirs)'],
        ['listOnlyOurs', 'sum(only_ours)'],
        ['listDeparted', 'sum(departed)'],
      ] as const
    ).map(([metric, aggregate]) =>
      bySql(metric, `SELECT centre_code, $metric, '', '', ${aggregate} FROM ret_department_list WHERE package_id = :pkg GROUP BY centre_code`),
    ),
    // Certificates expired or expiring (reminders at 6 months and 1 month), as of the period's end.
    () => {
      const oneMonth = addMonths(period.to, 1);
      const sixMonths = addMonths(period.to, 6);
      const rows = db
        .prepare('SELECT centre_code, cert_expiry FROM ret_person WHERE package_id = :pkg AND archived = 0 AND cert_expiry IS NOT NULL')
        .all({ pkg: packageId }) as { centre_code: string; cert_expiry: string }[];
      const counts = new Map<string, number>();
      for (const r of rows) {
        const band = expiryBand(r.cert_expiry, period.to, oneMonth, sixMonths);
        if (band === 'later') continue;
        const key = `${r.centre_code}|${band}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const [key, n] of counts) {
        const [centre, band] = key.split('|');
        insert.run(packageId, centre, 'certExpiring', band, '', n);
      }
    },
  ];
}

/** Service spans per person, programme and centre, clipped to the period; one step per rowid range of each source table. */
export function spanSteps(db: Db, packageId: number, period: Period, sizes: StepSizes = STEP_SIZES): (() => void)[] {
  const p = { pkg: packageId, from: period.from, to: period.to };
  /** `sql` reads `table` (named `src`) restricted to `src.rowid BETWEEN :lo AND :hi`. */
  const span = (table: string, sql: string) =>
    rowidRanges(db, table, packageId, sizes.rows).map(({ lo, hi }) => () => {
      db.prepare(
        `INSERT INTO ret_span (package_id, programme, scope, match_key, centre_code, person_key, ref, span_from, span_to)
         SELECT :pkg, s.programme, s.scope, pr.match_key, s.centre_code, s.person_key, s.ref, max(s.span_from, :from), min(s.span_to, :to)
         FROM (${sql}) s
         CROSS JOIN ret_person pr ON pr.package_id = :pkg AND pr.centre_code = s.centre_code AND pr.person_key = s.person_key
         WHERE max(s.span_from, :from) <= min(s.span_to, :to)`,
      ).run({ ...p, lo, hi });
    });
  // The chunk's rows come first and find their person by index (CROSS JOIN keeps that order), and
  // the unary + keeps SQLite from reading the whole package through its package_id index for each
  // chunk: the rowid range is the search, the package only a check. Either plan otherwise made a
  // year's package take seconds per step.
  const chunk = '+src.package_id = :pkg AND src.rowid BETWEEN :lo AND :hi';
  return [
    ...span(
      'ret_rehab_enrolment',
      `SELECT 'rehab' AS programme, '' AS scope, centre_code, person_key, CAST(enrolment_ref AS TEXT) AS ref, start_date AS span_from,
            CASE WHEN status = 'discharged' THEN status_date ELSE :to END AS span_to
          FROM ret_rehab_enrolment src WHERE ${chunk}`,
    ),
    ...span(
      'ret_training_enrolment',
      `SELECT 'training' AS programme, '' AS scope, src.centre_code, src.person_key, CAST(src.class_ref AS TEXT) AS ref, c.start_date AS span_from,
            c.end_date AS span_to
          FROM ret_training_enrolment src CROSS JOIN ret_training_class c ON c.package_id = :pkg AND c.centre_code = src.centre_code AND c.class_ref = src.class_ref
          WHERE ${chunk}`,
    ),
    ...span(
      'ret_placement',
      `SELECT 'placement' AS programme, '' AS scope, centre_code, person_key, CAST(placement_ref AS TEXT) AS ref, start_date AS span_from,
            coalesce(end_date, :to) AS span_to
          FROM ret_placement src WHERE ${chunk}`,
    ),
    // A device is "in service" from its fitting until it may be replaced: two fittings of one class overlapping there is a double subsidy.
    ...span(
      'ret_device_fitting',
      `SELECT 'devices' AS programme, device_class AS scope, centre_code, person_key, CAST(fitting_ref AS TEXT) AS ref, fitted_on AS span_from,
            CASE WHEN replace_from > fitted_on THEN date(replace_from, '-1 day') ELSE fitted_on END AS span_to
          FROM ret_device_fitting src WHERE ${chunk}`,
    ),
    ...span(
      'ret_subsidy_claim',
      `SELECT 'claims' AS programme, programme AS scope, centre_code, person_key, claim_ref || '#' || line_seq AS ref,
            service_from AS span_from, service_to AS span_to
          FROM ret_subsidy_claim src WHERE ${chunk} AND kind = 'claim'`,
    ),
  ];
}
