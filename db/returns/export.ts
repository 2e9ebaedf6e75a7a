// Exporting return packages: a centre's own (its records of the period, read from a snapshot of
// the data file), and an office's consolidation sent upward (the packages it holds for the
// period, in the same format). Both run as jobs with progress and cancel.
import fs from 'node:fs';
import path from 'node:path';
import type { AreaContext } from '../context';
import type { Db } from '../open';
import type { JobContext, JobView } from '../jobs';
import { ageOn } from '../common/dates';
import { fail } from '../errors';
import { getSetting } from '../settings';
import { SCHEMA_VERSION } from '../migrations/index';
import { APP_VERSION } from '../version';
import { REHAB_SETTING_DEFAULTS, visitFrequency, visitPeriodOf } from '../rehab/rules';
import { CUSTOM_TYPES_KEY } from '../training/course-types';
import type { ExportResult, ExportRow } from './contract';
import { FORMAT_NAME, FORMAT_VERSION, TABLES_LATEST, keyFingerprint, tableV2, type Meta } from './format';
import { peopleCheckSources } from './people-checks';
import { readIdentity, readOfficeKey } from './centre';
import { parsePeriod, periodIssue, visitsDueInPeriod, type CentreIdentity, type Period } from './rules';
import { exportDir, querySource, registerTransforms, writePackage, type TableSource, type WrittenPackage } from './writer';
import { INDICATORS_META_KEY, centreIndicatorsMeta, consolidatedIndicatorsMeta } from './indicators';

/** yyyymmdd-hhmmss of an ISO date-time, for file names. */
function stamp(now: string): string {
  return now.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

export function packageFileName(identity: CentreIdentity, kind: 'centre' | 'consolidation', period: string, deidentified: boolean, now: string): string {
  return `rehabdesk-return-${identity.creditCode}-${period}${kind === 'consolidation' ? '-consolidated' : ''}${deidentified ? '-deid' : ''}-${stamp(now)}.sqlite`;
}

/** Does the data file hold the claims tables with the columns a package needs? */
function claimsReadable(db: Db): boolean {
  const columns = (table: string) => new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
  const line = columns('claim_line');
  const batch = columns('claim_batch');
  return (
    ['batch_id', 'seq', 'programme', 'kind', 'id_number', 'service_from', 'service_to', 'amount_fen', 'excluded'].every((c) => line.has(c)) &&
    ['id', 'number', 'status'].every((c) => batch.has(c))
  );
}

/** A source of one package table from a query with the period and centre as named parameters. */
function source(db: Db, table: string, sql: string, params: Record<string, string>): TableSource {
  return querySource(db, tableV2(table), sql, params);
}

/**
 * The period's records of a centre's data file, as package rows in canonical order (the snapshot
 * has the transforms registered: registerTransforms).
 */
export function centreSources(
  snap: Db,
  period: Period,
  identity: CentreIdentity,
  options: { claims: boolean; exportedAt: string; deidentified: boolean },
): TableSource[] {
  const { claims, exportedAt } = options;
  const p = { centre: identity.creditCode, from: period.from, to: period.to };
  const classIn = `(c.start_date <= :to AND c.end_date >= :from)
    OR EXISTS (SELECT 1 FROM training_enrolment e2 JOIN training_certificate t2 ON t2.enrolment_id = e2.id
               WHERE e2.class_id = c.id AND t2.issued_on BETWEEN :from AND :to)`;
  const placementIn = `(pl.start_date <= :to AND (pl.end_date IS NULL OR pl.end_date >= :from))
    OR EXISTS (SELECT 1 FROM placement_followup f2 WHERE f2.placement_id = pl.id
               AND (f2.due_on BETWEEN :from AND :to OR f2.done_on BETWEEN :from AND :to))`;
  const fittingIn = `f.fitted_on BETWEEN :from AND :to
    OR EXISTS (SELECT 1 FROM device_followup u2 WHERE u2.fitting_id = f.id AND u2.visited_on BETWEEN :from AND :to)`;
  const enrolmentIn = `(e.start_date <= :to AND (e.status <> 'discharged' OR e.status_date >= :from))
    OR EXISTS (SELECT 1 FROM rehab_session s2 WHERE s2.enrolment_id = e.id AND s2.session_date BETWEEN :from AND :to)`;

  // Course types a centre added travel with their names (built-in ones are named by the reader).
  const customNames = new Map(getSetting<{ code: string; name: string }[]>(snap, CUSTOM_TYPES_KEY, '9999-12-31', []).map((c) => [c.code, c.name]));
  snap.function('returns_course_name', { deterministic: true }, (code: unknown) => customNames.get(String(code)) ?? '');

  return [
    {
      table: tableV2('package_source'),
      rows: () => [[identity.creditCode, identity.name, identity.type, identity.regionCode, period.code, exportedAt, options.deidentified ? 1 : 0, claims ? 'included' : 'absent']],
    },
    // Everyone registered by the period's end, and anyone an included record names.
    source(
      snap,
      'person',
      `SELECT :centre, p.id_number, p.name, p.sex, p.birth_date, p.disability_category, p.disability_level, p.cert_expiry, p.household, p.archived
       FROM person p
       WHERE substr(p.created_at, 1, 10) <= :to
         OR EXISTS (SELECT 1 FROM rehab_enrolment e WHERE e.person_id = p.id AND (${enrolmentIn}))
         OR EXISTS (SELECT 1 FROM rehab_visit v WHERE v.person_id = p.id AND v.visited_on BETWEEN :from AND :to)
         OR EXISTS (SELECT 1 FROM training_enrolment te JOIN training_class c ON c.id = te.class_id WHERE te.person_id = p.id AND (${classIn}))
         OR EXISTS (SELECT 1 FROM placement pl WHERE pl.person_id = p.id AND (${placementIn}))
         OR EXISTS (SELECT 1 FROM device_fitting f WHERE f.person_id = p.id AND (${fittingIn}))`,
      p,
    ),
    source(
      snap,
      'rehab_enrolment',
      `SELECT :centre, e.id, p.id_number, e.category, e.funding, e.cochlear_implant, e.start_date, e.status, e.status_date
       FROM rehab_enrolment e JOIN person p ON p.id = e.person_id WHERE ${enrolmentIn}`,
      p,
    ),
    source(
      snap,
      'rehab_session',
      `SELECT :centre, s.enrolment_id, s.session_date, s.start_minute, s.minutes, s.type, s.attendance
       FROM rehab_session s WHERE s.session_date BETWEEN :from AND :to`,
      p,
    ),
    source(
      snap,
      'rehab_visit',
      `SELECT :centre, p.id_number, v.visited_on FROM rehab_visit v JOIN person p ON p.id = v.person_id WHERE v.visited_on BETWEEN :from AND :to`,
      p,
    ),
    visitDueSource(snap, period, identity.creditCode),
    source(
      snap,
      'training_class',
      `SELECT :centre, c.id, c.course_type, returns_course_name(c.course_type), c.start_date, c.end_date, c.total_hours FROM training_class c WHERE ${classIn}`,
      p,
    ),
    source(
      snap,
      'training_enrolment',
      `SELECT :centre, te.class_id, p.id_number, te.enrolled_on, te.completed_on
       FROM training_enrolment te JOIN training_class c ON c.id = te.class_id JOIN person p ON p.id = te.person_id WHERE ${classIn}`,
      p,
    ),
    source(
      snap,
      'training_certificate',
      `SELECT :centre, te.class_id, p.id_number, t.cert_type, t.issued_on
       FROM training_certificate t JOIN training_enrolment te ON te.id = t.enrolment_id JOIN person p ON p.id = te.person_id
       WHERE t.issued_on BETWEEN :from AND :to`,
      p,
    ),
    source(
      snap,
      'placement',
      `SELECT :centre, pl.id, p.id_number, pl.placement_type, pl.start_date, pl.end_date, pl.monthly_wage_fen, pl.full_time, pl.has_contract,
         pl.social_insurance
       FROM placement pl JOIN person p ON p.id = pl.person_id WHERE ${placementIn}`,
      p,
    ),
    source(
      snap,
      'placement_followup',
      `SELECT :centre, f.placement_id, f.months, f.due_on, f.done_on, f.still_employed FROM placement_followup f
       WHERE f.due_on BETWEEN :from AND :to OR f.done_on BETWEEN :from AND :to`,
      p,
    ),
    source(
      snap,
      'device_fitting',
      `SELECT :centre, f.id, p.id_number, f.device_class, f.kind, f.fitted_on, f.replace_from, f.cost_fen, f.subsidy_fen, f.self_paid_fen,
         f.rule_applied
       FROM device_fitting f JOIN person p ON p.id = f.person_id WHERE ${fittingIn}`,
      p,
    ),
    source(
      snap,
      'device_followup',
      `SELECT :centre, u.fitting_id, u.visited_on, u.outcome FROM device_followup u WHERE u.visited_on BETWEEN :from AND :to`,
      p,
    ),
    claims
      ? source(
          snap,
          'subsidy_claim',
          `SELECT :centre, b.number, l.seq, l.programme, l.kind, l.id_number, l.service_from, l.service_to, b.status, l.amount_fen
           FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
           WHERE l.excluded = 0 AND b.status IN ('submitted', 'approved', 'paid') AND l.service_from BETWEEN :from AND :to`,
          p,
        )
      : { table: tableV2('subsidy_claim'), rows: () => [] },
    // Format 3: the people checks (不漏一人), as the centre's screens show them on the day of the export.
    ...peopleCheckSources(snap, period, identity.creditCode, exportedAt.slice(0, 10)),
  ];
}

/**
 * Visits (访视) that fell due by the period's end under the centre's own settings: one row per
 * person and calendar quarter (or year) of their cadence, and whether a visit was made in it.
 */
function visitDueSource(snap: Db, period: Period, centre: string): TableSource {
  const setting = <K extends keyof typeof REHAB_SETTING_DEFAULTS>(key: K) => getSetting<number>(snap, key, period.to, REHAB_SETTING_DEFAULTS[key] as number);
  const childUnder = setting('rehab.visit.childUnder');
  const months = { frequent: setting('rehab.visit.frequentMonths'), other: setting('rehab.visit.otherMonths') };
  // Visits from the start of the longest cadence period that holds the package's first day.
  const visitsFrom = visitPeriodOf(period.from, Math.max(months.frequent, months.other)).from;
  const sql = `SELECT returns_person_key(p.id_number) AS person_key, p.birth_date, p.disability_level, substr(p.created_at, 1, 10) AS created,
       (SELECT e.start_date FROM rehab_enrolment e WHERE e.person_id = p.id AND e.start_date <= :to
          AND (e.status <> 'discharged' OR e.status_date > :to) ORDER BY e.start_date DESC LIMIT 1) AS enrolled,
       (SELECT group_concat(v.visited_on) FROM rehab_visit v WHERE v.person_id = p.id AND v.visited_on BETWEEN :visitsFrom AND :to) AS visits
     FROM person p WHERE p.archived = 0 AND substr(p.created_at, 1, 10) <= :to ORDER BY person_key`;
  const params = { to: period.to, visitsFrom };
  const statement = snap.prepare(sql);
  type Candidate = { person_key: string; birth_date: string; disability_level: number | null; created: string; enrolled: string | null; visits: string | null };
  function* due(): Generator<unknown[]> {
    for (const c of statement.iterate(params) as IterableIterator<Candidate>) {
      const frequency = visitFrequency({ age: ageOn(c.birth_date, period.to), level: c.disability_level, inProgramme: c.enrolled !== null }, childUnder);
      const rows = visitsDueInPeriod({ periodMonths: months[frequency], since: c.enrolled ?? c.created, visits: c.visits ? c.visits.split(',') : [] }, period);
      // In person-key order, each person's periods by date: the canonical order.
      for (const r of rows) yield [centre, c.person_key, frequency, r.dueOn, r.doneOn];
    }
  }
  return { table: tableV2('visit_due'), rows: due };
}

/** The package rows an office holds for a period (its current packages), for the upward export. */
export function consolidationSources(snap: Db, periodCode: string): TableSource[] {
  const current = `package_id IN (SELECT id FROM return_package WHERE period = :period AND status = 'current')`;
  return TABLES_LATEST.map((table) => {
    const name = table.name === 'package_source' ? 'ret_source' : `ret_${table.name}`;
    return querySource(snap, table, `SELECT ${table.columns.map((c) => c.name).join(', ')} FROM ${name} WHERE ${current}`, { period: periodCode });
  });
}

/** What a package write needs, all of it plain data: it may run in the package thread (host/package-worker.ts). */
export interface PackagePlan {
  kind: 'centre' | 'consolidation';
  period: string;
  identity: CentreIdentity;
  /** The office key when de-identifying, else null. */
  officeKey: string | null;
  deidentified: boolean;
  fingerprint: string;
  exportedAt: string;
  /** The package's final path (written as its .partial first). */
  target: string;
  /** Consolidation: whether every package held for the period carries claims (read by the service). */
  heldClaims: boolean;
}

export interface PackageOutcome {
  written: WrittenPackage;
  claims: boolean;
}

/**
 * Writes a package from a snapshot connection (the caller opens it, read-write so it can write the
 * package it attaches, and closes it): one read transaction, so every table comes from the same moment.
 */
export async function packageFromSnapshot(snap: Db, plan: PackagePlan, job: JobContext): Promise<PackageOutcome> {
  const period = parsePeriod(plan.period)!;
  const { identity, exportedAt } = plan;
  let claims = plan.heldClaims;
  const written = await writePackage(job, snap, plan.target, () => {
    registerTransforms(snap, plan.officeKey);
    let made: { sources: TableSource[]; indicators: string | null };
    if (plan.kind === 'centre') {
      claims = claimsReadable(snap);
      made = {
        sources: centreSources(snap, period, identity, { claims, exportedAt, deidentified: plan.deidentified }),
        indicators: centreIndicatorsMeta(snap, period, identity.creditCode),
      };
    } else {
      made = { sources: consolidationSources(snap, period.code), indicators: consolidatedIndicatorsMeta(snap, period.code) };
    }
    const meta: Meta = { ...baseMeta(plan.kind, period, identity, exportedAt, plan.deidentified, plan.fingerprint), claims: claims ? 'included' : 'absent' };
    // The 精准康复 indicators ride in the metadata, which the checksum covers (FORMAT.md).
    if (made.indicators !== null) meta[INDICATORS_META_KEY] = made.indicators;
    return { meta, sources: made.sources };
  });
  return { written, claims };
}

function baseMeta(kind: 'centre' | 'consolidation', period: Period, identity: CentreIdentity, exportedAt: string, deidentified: boolean, fingerprint: string): Meta {
  return {
    format: FORMAT_NAME,
    format_version: String(FORMAT_VERSION),
    schema_version: String(SCHEMA_VERSION),
    app_version: APP_VERSION,
    kind,
    centre_code: identity.creditCode,
    centre_name: identity.name,
    centre_type: identity.type,
    region_code: identity.regionCode,
    period: period.code,
    period_from: period.from,
    period_to: period.to,
    exported_at: exportedAt,
    deidentified: deidentified ? '1' : '0',
    key_fingerprint: deidentified ? fingerprint : '',
  };
}

/**
 * Writes a package somewhere other than the service thread (the service thread passes one that
 * starts host/package-worker.ts); it reports progress on the job and stops when the job is cancelled,
 * leaving no file.
 */
export type PackageRunner = (plan: PackagePlan, job: JobContext) => Promise<PackageOutcome>;

/** `runner`: where the package is written; without one, here, pausing every few thousand rows. */
export function createExports(ctx: AreaContext, runner?: PackageRunner) {
  const { db, clock } = ctx;
  const dir = () => exportDir(ctx.dataFile);

  function prepare(periodCode: string, deidentified: boolean) {
    const today = clock.today();
    const period = parsePeriod(periodCode)!;
    const identity = readIdentity(db, today);
    if (!identity) fail('RETURNS_IDENTITY_MISSING');
    const officeKey = readOfficeKey(db, today);
    if (deidentified && officeKey === null) fail('RETURNS_KEY_MISSING', 'deidentified');
    return { period, identity, officeKey: deidentified ? officeKey : null, who: ctx.actor(), fingerprint: officeKey === null ? '' : keyFingerprint(officeKey) };
  }

  /** In this thread: a snapshot connection of our own, closed when done or cancelled. */
  const here: PackageRunner = async (plan, job) => {
    const snap = ctx.openSnapshot({ writable: true });
    job.onAbort(() => {
      if (snap.open) snap.close();
      fs.rmSync(plan.target, { force: true });
    });
    try {
      return await packageFromSnapshot(snap, plan, job);
    } finally {
      if (snap.open) snap.close();
    }
  };

  const recordExport = db.prepare(
    `INSERT INTO return_export (kind, period, deidentified, file_name, file_path, checksum, row_count, byte_count, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  /** Runs an export job: rows from a snapshot into the package (here or in the package thread), then the record of it. */
  function run(kind: 'centre' | 'consolidation', periodCode: string, deidentified: boolean, heldClaims: boolean): JobView<ExportResult> {
    const { period, identity, officeKey, who, fingerprint } = prepare(periodCode, deidentified);
    return ctx.jobs.start(`returns.${kind}Export`, async (job: JobContext) => {
      const started = performance.now();
      const exportedAt = clock.now();
      const target = path.join(dir(), packageFileName(identity, kind, period.code, deidentified, exportedAt));
      const plan: PackagePlan = { kind, period: period.code, identity, officeKey, deidentified, fingerprint, exportedAt, target, heldClaims };
      const { written } = await (runner ?? here)(plan, job);
      const entry = ctx.exportFile(written.file);
      db.transaction(() => {
        recordExport.run(kind, period.code, deidentified ? 1 : 0, entry.name, written.file, written.checksum, written.rows, written.bytes, clock.now(), who);
        ctx.audit('export', `returns.package:${entry.name}`, { by: who, kind, period: period.code, deidentified, rows: written.rows, checksum: written.checksum });
      })();
      return {
        kind,
        period: period.code,
        deidentified,
        fileId: entry.fileId,
        fileName: entry.name,
        file: written.file,
        bytes: written.bytes,
        rows: written.rows,
        checksum: written.checksum,
        ms: Math.round(performance.now() - started),
        unencryptedCopy: ctx.encrypted(),
      };
    });
  }

  function exportCentre(periodCode: string, deidentified: boolean): JobView<ExportResult> {
    const issue = periodIssue(parsePeriod(periodCode)!, clock.today());
    if (issue) fail(issue.code, issue.field, issue.params);
    return run('centre', periodCode, deidentified, false);
  }

  function exportConsolidation(periodCode: string, deidentified: boolean): JobView<ExportResult> {
    const held = (db.prepare("SELECT count(*) AS n, sum(claims = 'absent') AS absent FROM return_package WHERE period = ? AND status = 'current'").get(periodCode) as {
      n: number;
      absent: number | null;
    });
    if (held.n === 0) fail('RETURNS_NOTHING_TO_EXPORT', 'period', { period: periodCode });
    return run('consolidation', periodCode, deidentified, (held.absent ?? 0) === 0);
  }

  function list(limit: number): ExportRow[] {
    return (
      db
        .prepare(
          `SELECT id, kind, period, deidentified, file_name, file_path, checksum, row_count, byte_count, created_at, created_by
           FROM return_export ORDER BY id DESC LIMIT ?`,
        )
        .all(limit) as {
        id: number;
        kind: 'centre' | 'consolidation';
        period: string;
        deidentified: number;
        file_name: string;
        file_path: string;
        checksum: string;
        row_count: number;
        byte_count: number;
        created_at: string;
        created_by: string;
      }[]
    ).map((r) => ({
      id: r.id,
      kind: r.kind,
      period: r.period,
      deidentified: r.deidentified === 1,
      fileName: r.file_name,
      file: r.file_path,
      checksum: r.checksum,
      rows: r.row_count,
      bytes: r.byte_count,
      createdAt: r.created_at,
      createdBy: r.created_by,
    }));
  }

  return { exportCentre, exportConsolidation, list };
}
