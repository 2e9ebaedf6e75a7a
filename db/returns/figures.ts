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

/** Each step is one query; the import pauses between them. */
export function figureSteps(db: Db, packageId: number, period: Period): (() => void)[] {
  const p: Params = { pkg: packageId, from: period.from, to: period.to };
  const insert = db.prepare('INSERT INTO ret_figure (package_id, centre_code, metric, dim1, dim2, value) VALUES (?, ?, ?, ?, ?, ?)');
  /** INSERT … SELECT of rows (centre_code, dim1, dim2, value) under one metric. */
  const bySql = (metric: string, sql: string) => () => {
    db.prepare(`INSERT INTO ret_figure (package_id, centre_code, metric, dim1, dim2, value) SELECT :pkg, * FROM (${sql.replace('$metric', `'${metric}'`)})`).run(p);
  };
  const inPeriod = (column: string) => `${column} BETWEEN :from AND :to`;

  return [
    bySql('people', `SELECT centre_code, $metric, '', '', count(*) FROM ret_person WHERE package_id = :pkg AND archived = 0 GROUP BY centre_code`),
    // Children served: an enrolment with at least one attended session; age on the period's first day.
    () => {
      const rows = db
        .prepare(
          `SELECT s.centre_code, e.category, pr.birth_date
           FROM (SELECT DISTINCT centre_code, enrolment_ref FROM ret_rehab_session
                 WHERE package_id = :pkg AND attendance = 'present' AND ${inPeriod('session_date')}) s
           JOIN ret_rehab_enrolment e ON e.package_id = :pkg AND e.centre_code = s.centre_code AND e.enrolment_ref = s.enrolment_ref
           JOIN ret_person pr ON pr.package_id = :pkg AND pr.centre_code = e.centre_code AND pr.person_key = e.person_key`,
        )
        .all(p) as { centre_code: string; category: string; birth_date: string }[];
      const counts = new Map<string, number>();
      for (const r of rows) {
        const key = `${r.centre_code}|${r.category}|${ageOn(r.birth_date, period.from)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const [key, n] of counts) {
        const [centre, category, age] = key.split('|');
        insert.run(packageId, centre, 'children', category, age, n);
      }
    },
    bySql(
      'sessions',
      `SELECT centre_code, $metric, type, attendance, count(*) FROM ret_rehab_session
       WHERE package_id = :pkg AND ${inPeriod('session_date')} GROUP BY centre_code, type, attendance`,
    ),
    // 服务日: distinct (child's enrolment, date) with attendance.
    bySql(
      'serviceDays',
      `SELECT d.centre_code, $metric, e.category, '', count(*)
       FROM (SELECT DISTINCT centre_code, enrolment_ref, session_date FROM ret_rehab_session
             WHERE package_id = :pkg AND attendance = 'present' AND ${inPeriod('session_date')}) d
       JOIN ret_rehab_enrolment e ON e.package_id = :pkg AND e.centre_code = d.centre_code AND e.enrolment_ref = d.enrolment_ref
       GROUP BY d.centre_code, e.category`,
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
    bySql(
      'claim',
      `SELECT centre_code, $metric, programme, '', sum(amount_fen) FROM ret_subsidy_claim
       WHERE package_id = :pkg AND ${inPeriod('service_from')} GROUP BY centre_code, programme`,
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

/** Service spans per person, programme and centre, clipped to the period. */
export function spanSteps(db: Db, packageId: number, period: Period): (() => void)[] {
  const p = { pkg: packageId, from: period.from, to: period.to };
  const span = (sql: string) => () => {
    db.prepare(
      `INSERT INTO ret_span (package_id, programme, scope, match_key, centre_code, person_key, ref, span_from, span_to)
       SELECT :pkg, s.programme, s.scope, pr.match_key, s.centre_code, s.person_key, s.ref, max(s.span_from, :from), min(s.span_to, :to)
       FROM (${sql}) s
       JOIN ret_person pr ON pr.package_id = :pkg AND pr.centre_code = s.centre_code AND pr.person_key = s.person_key
       WHERE max(s.span_from, :from) <= min(s.span_to, :to)`,
    ).run(p);
  };
  return [
    span(`SELECT 'rehab' AS programme, '' AS scope, centre_code, person_key, CAST(enrolment_ref AS TEXT) AS ref, start_date AS span_from,
            CASE WHEN status = 'discharged' THEN status_date ELSE :to END AS span_to
          FROM ret_rehab_enrolment WHERE package_id = :pkg`),
    span(`SELECT 'training' AS programme, '' AS scope, e.centre_code, e.person_key, CAST(e.class_ref AS TEXT) AS ref, c.start_date AS span_from,
            c.end_date AS span_to
          FROM ret_training_enrolment e JOIN ret_training_class c ON c.package_id = :pkg AND c.centre_code = e.centre_code AND c.class_ref = e.class_ref
          WHERE e.package_id = :pkg`),
    span(`SELECT 'placement' AS programme, '' AS scope, centre_code, person_key, CAST(placement_ref AS TEXT) AS ref, start_date AS span_from,
            coalesce(end_date, :to) AS span_to
          FROM ret_placement WHERE package_id = :pkg`),
    // A device is "in service" from its fitting until it may be replaced: two fittings of one class overlapping there is a double subsidy.
    span(`SELECT 'devices' AS programme, device_class AS scope, centre_code, person_key, CAST(fitting_ref AS TEXT) AS ref, fitted_on AS span_from,
            CASE WHEN replace_from > fitted_on THEN date(replace_from, '-1 day') ELSE fitted_on END AS span_to
          FROM ret_device_fitting WHERE package_id = :pkg`),
    span(`SELECT 'claims' AS programme, programme AS scope, centre_code, person_key, claim_ref || '#' || line_seq AS ref,
            service_from AS span_from, service_to AS span_to
          FROM ret_subsidy_claim WHERE package_id = :pkg AND kind = 'claim'`),
  ];
}
