// Proposals for a batch: fetches the facts of a programme and period (sessions per child and
// month, trainees and their completions and placements, fittings) and lets the rules decide each
// person's line or why they are left out. Queries fetch; rules.ts decides.
import { fail } from '../errors';
import type { ClaimsBase } from './base';
import {
  computeFitting,
  computeRehabMonth,
  computeRehabStandard,
  isStandard,
  type AgeExtension,
  type ChildYear,
  type ClaimCategory,
  type RulePath,
  computeTraining,
  monthBounds,
  type Outcome,
  type Period,
  type Programme,
  type RehabSessionFact,
  type RuleVersion,
} from './rules';
import { createEmploymentLines } from './employment-lines';
import { FULL_CERT_SQL } from '../people/people';

export interface PersonFacts {
  id: number;
  name: string;
  sex: 'M' | 'F';
  id_number: string;
  cert_number: string | null;
  disability_category: number | null;
  disability_level: number | null;
  cert_expiry: string | null;
  birth_date: string;
  /** A hospital's diagnosis certificate is on file (child relief before a disability certificate). */
  diagnosed: number;
}

export interface Proposal {
  person: PersonFacts;
  serviceKey: string;
  serviceFrom: string;
  serviceTo: string;
  serviceYear: number;
  contentCode: string;
  contentText: string;
  rule: RuleVersion | null;
  outcome: Outcome;
  /** Under a local standard: the row, band, months and caps the line rests on. */
  path?: RulePath;
}

/** Only this line's own service is looked at again (an adjustment's recomputation). */
export interface Only {
  personId: number;
  serviceKey: string;
  /** The line (and its adjustments) left out of "already claimed" and the yearly total. */
  ignoreLineId: number;
}

/** What a month's claim reads of a child's enrolment, once per enrolment. */
interface EnrolmentFacts {
  funding: RehabSessionFact['funding'];
  person_id: number;
  category: string;
  claim_category: ClaimCategory | null;
  approval_no: string;
  approved_from: string | null;
  approved_to: string | null;
  age_extension: AgeExtension | null;
}

function minuteText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export function createBuild(base: ClaimsBase) {
  const { sql } = base;

  const person = (id: number) =>
    sql(
      `SELECT p.id, p.name, p.sex, p.id_number, ${FULL_CERT_SQL} AS cert_number, p.disability_category, p.disability_level, p.cert_expiry, p.birth_date,
         EXISTS (SELECT 1 FROM child_diagnosis d WHERE d.person_id = p.id) AS diagnosed
       FROM person p WHERE p.id = ?`,
    ).get(id) as PersonFacts;
  // Employer rewards and entrepreneurship awards: a second line source of training claims.
  const employment = createEmploymentLines(base, person);
  /** Child relief accepts a hospital's diagnosis certificate until the disability certificate is issued. */
  const childCertOf = (p: PersonFacts) => (p.diagnosed === 1 && (p.cert_number ?? '') === '' ? { has: true, expiry: null } : certOf(p));
  const certOf = (p: PersonFacts) => ({ has: p.cert_number !== null && p.cert_number !== '', expiry: p.cert_expiry });

  /** The number of another batch whose live line already claims this person and service. */
  function claimedIn(programme: Programme, personId: number, serviceKey: string, batchId: number, only: Only | null): string | null {
    const row = sql(
      `SELECT b.number FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
       WHERE l.programme = ? AND l.person_id = ? AND l.service_key = ? AND l.live = 1 AND l.kind = 'claim' AND l.batch_id <> ? AND l.id <> ?
       ORDER BY b.number LIMIT 1`,
    ).get(programme, personId, serviceKey, batchId, only?.ignoreLineId ?? 0) as { number: string } | undefined;
    return row?.number ?? null;
  }

  /**
   * What counts towards a child's yearly cap before this batch: live lines of the year for other
   * services (this batch's own claim lines are added as the months are computed), adjustments
   * included; the line being recomputed and its adjustments are not. Live claims are read through
   * claim_line_once, adjustments through claim_line_person_rest (migration 019 keeps a line in one).
   */
  function claimedThisYear(personId: number, year: number, serviceKey: string, batchId: number, only: Only | null): number {
    const ignore = only?.ignoreLineId ?? 0;
    return (
      sql(
        `SELECT coalesce(sum(amount_fen), 0) AS total FROM (
           SELECT amount_fen FROM claim_line
           WHERE person_id = ? AND programme = 'rehab' AND live = 1 AND kind = 'claim' AND service_year = ? AND service_key <> ?
             AND batch_id <> ? AND id <> ?
           UNION ALL
           SELECT amount_fen FROM claim_line
           WHERE person_id = ? AND programme = 'rehab' AND service_year = ? AND live = 1 AND kind = 'adjustment' AND service_key <> ?
             AND id <> ? AND adjusts_line_id <> ?)`,
      ).get(personId, year, serviceKey, batchId, ignore, personId, year, serviceKey, ignore, ignore) as { total: number }
    ).total;
  }

  /**
   * What a child's year holds before this month under the standard: months claimed, the category
   * chosen and the batch of a lump sum, from live claim lines of other months (this batch's own are
   * added as its months are computed); the line being recomputed is left out. A line finance
   * rejected or cut keeps its place (its month, category and lump sum): what it fell short is
   * claimed again by a re-claim of that line, never by a new month.
   */
  function yearFacts(personId: number, year: number, month: string, batchId: number, only: Only | null): Omit<ChildYear, 'claimedFen'> {
    const rows = sql(
      `SELECT l.content_code, l.rule_path, b.number FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
       WHERE l.person_id = ? AND l.programme = 'rehab' AND l.service_year = ? AND l.live = 1 AND l.kind = 'claim'
         AND l.service_key <> ? AND l.batch_id <> ? AND l.id <> ?
       ORDER BY l.service_key, l.id`,
    ).all(personId, year, month, batchId, only?.ignoreLineId ?? 0) as { content_code: string; rule_path: string; number: string }[];
    const paths = rows.map((r) => ({ ...r, path: JSON.parse(r.rule_path) as Partial<RulePath> }));
    const first = paths[0];
    return {
      monthsSoFar: rows.length,
      chosen: first ? { category: first.path.category ?? first.content_code, number: first.number } : null,
      lumpSumIn: paths.find((p) => p.path.lumpSum === true)?.number ?? null,
    };
  }

  function rehab(period: Period, batchId: number, only: Only | null, excluded: ReadonlySet<string>): Proposal[] {
    const proposals: Proposal[] = [];
    /** What this batch already gives each child this year (months computed so far). */
    const inBatch = new Map<number, number>();
    /** Under a standard: the months, the category and the lump sum this batch already holds per child. */
    const yearInBatch = new Map<number, { months: number; category: string | null; lumpSum: boolean }>();
    for (const month of period.months) {
      if (only && only.serviceKey !== month) continue;
      const { first, last } = monthBounds(month);
      const rule = base.ruleFor('rehab', first);
      if (!rule) fail('CLAIMS_NO_RULE', 'period', { programme: 'rehab', date: first });
      // The month's sessions as raw rows (12,000 at scale 100: an object of 14 named columns per
      // session, the enrolment's repeated on each, was the largest part of building the claim), in
      // the month index's order, and each enrolment once.
      const enrolments = new Map(
        (
          sql(
            `SELECT e.id, e.funding, e.person_id, e.category, e.claim_category, e.approval_no, e.approved_from, e.approved_to, e.age_extension
             FROM rehab_enrolment e WHERE e.id IN (SELECT s.enrolment_id FROM rehab_session s WHERE s.session_date BETWEEN ? AND ?)`,
          ).all(first, last) as (EnrolmentFacts & { id: number })[]
        ).map((e) => [e.id, e]),
      );
      const sessions = sql(
        `SELECT s.id, s.session_date, s.start_minute, s.minutes, s.attendance, s.type, s.enrolment_id FROM rehab_session s
         WHERE s.session_date BETWEEN ? AND ? ORDER BY s.session_date, s.enrolment_id, s.attendance, s.type, s.id`,
      )
        .raw(true)
        .all(first, last) as [number, string, number, number, RehabSessionFact['attendance'], RehabSessionFact['type'], number][];
      type Relief = { claimCategory: ClaimCategory; approval: { number: string; from: string | null; to: string | null }; extension: AgeExtension | null };
      const reliefOf = (r: EnrolmentFacts): Relief => ({
        claimCategory: r.claim_category ?? (r.category as ClaimCategory),
        approval: { number: r.approval_no, from: r.approved_from, to: r.approved_to },
        extension: r.age_extension,
      });
      const byChild = new Map<number, { sessions: RehabSessionFact[]; category: string; relief: boolean; facts: Relief }>();
      for (const [id, date, startMinute, minutes, attendance, type, enrolmentId] of sessions) {
        const e = enrolments.get(enrolmentId)!;
        if (only && e.person_id !== only.personId) continue;
        const child = byChild.get(e.person_id) ?? { sessions: [], category: e.category, relief: false, facts: reliefOf(e) };
        child.sessions.push({ id, date, startTime: minuteText(startMinute), minutes, attendance, funding: e.funding, type });
        // The service is named after the relief-funded enrolment when there is one.
        if (e.funding === 'relief' && !child.relief) Object.assign(child, { category: e.category, relief: true, facts: reliefOf(e) });
        byChild.set(e.person_id, child);
      }
      // A standard whose funds include parent training: the month's parent-training records count too.
      if (isStandard(rule.rule) && rule.rule.parentTraining) {
        const trainings = sql(
          `SELECT t.id, t.trained_on AS date, t.tenth_hours, e.funding, e.person_id, e.category, e.claim_category, e.approval_no,
             e.approved_from, e.approved_to, e.age_extension
           FROM rehab_parent_training t JOIN rehab_enrolment e ON e.id = t.enrolment_id
           WHERE t.trained_on BETWEEN ? AND ?`,
        ).all(first, last) as (EnrolmentFacts & { id: number; date: string; tenth_hours: number })[];
        for (const r of trainings) {
          if (only && r.person_id !== only.personId) continue;
          const child = byChild.get(r.person_id) ?? { sessions: [], category: r.category, relief: false, facts: reliefOf(r) };
          child.sessions.push({ id: r.id, date: r.date, startTime: '', minutes: r.tenth_hours * 6, attendance: 'present', funding: r.funding, type: 'parent_training', parentTraining: true });
          if (r.funding === 'relief' && !child.relief) Object.assign(child, { category: r.category, relief: true, facts: reliefOf(r) });
          byChild.set(r.person_id, child);
        }
      }
      for (const [personId, child] of byChild) {
        const p = person(personId);
        const year = Number(month.slice(0, 4));
        const before = claimedThisYear(personId, year, month, batchId, only) + (inBatch.get(personId) ?? 0);
        const counts = !excluded.has(`${personId}|${month}`);
        if (isStandard(rule.rule)) {
          const facts = yearFacts(personId, year, month, batchId, only);
          const own = yearInBatch.get(personId) ?? { months: 0, category: null, lumpSum: false };
          const outcome = computeRehabStandard({
            month,
            birthDate: p.birth_date,
            cert: certOf(p),
            sessions: child.sessions,
            rule: { effectiveFrom: rule.effectiveFrom, rule: rule.rule },
            relief: { category: child.facts.claimCategory, approval: child.facts.approval, extension: child.facts.extension },
            year: {
              monthsSoFar: facts.monthsSoFar + own.months,
              claimedFen: before,
              chosen: facts.chosen ?? (own.category ? { category: own.category, number: '' } : null),
              lumpSumIn: facts.lumpSumIn ?? (own.lumpSum ? '' : null),
            },
            claimedIn: claimedIn('rehab', personId, month, batchId, only),
          });
          const path = outcome.kind === 'line' ? outcome.path : undefined;
          if (outcome.kind === 'line' && counts) {
            inBatch.set(personId, (inBatch.get(personId) ?? 0) + outcome.amountFen);
            yearInBatch.set(personId, { months: own.months + 1, category: own.category ?? outcome.path.category, lumpSum: own.lumpSum || outcome.path.lumpSum });
          }
          const contentCode = child.facts.claimCategory;
          proposals.push({ person: p, serviceKey: month, serviceFrom: first, serviceTo: last, serviceYear: year, contentCode, contentText: '', rule, outcome, ...(path ? { path } : {}) });
          continue;
        }
        const outcome = computeRehabMonth({
          month,
          birthDate: p.birth_date,
          cert: childCertOf(p),
          sessions: child.sessions,
          rule: { effectiveFrom: rule.effectiveFrom, rule: rule.rule },
          claimedThisYearFen: before,
          claimedIn: claimedIn('rehab', personId, month, batchId, only),
        });
        if (outcome.kind === 'line' && counts) inBatch.set(personId, (inBatch.get(personId) ?? 0) + outcome.amountFen);
        proposals.push({ person: p, serviceKey: month, serviceFrom: first, serviceTo: last, serviceYear: year, contentCode: child.category, contentText: '', rule, outcome });
      }
    }
    return proposals;
  }

  function training(period: Period, batchId: number, only: Only | null): Proposal[] {
    // A placement can make a completion claimable up to 60 months later (the rule's largest window).
    const earliest = `${Number(period.start.slice(0, 4)) - 5}${period.start.slice(4)}`;
    const rows = sql(
      `SELECT e.id, e.person_id, e.completed_on, c.title, c.course_type, c.start_date, c.end_date, c.total_hours,
         (SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.status = 'present') AS present,
         (SELECT count(*) FROM training_session s WHERE s.class_id = c.id) AS sessions
       FROM training_enrolment e JOIN training_class c ON c.id = e.class_id
       WHERE e.completed_on BETWEEN ? AND ?
       UNION ALL
       SELECT e.id, e.person_id, e.completed_on, c.title, c.course_type, c.start_date, c.end_date, c.total_hours,
         (SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.status = 'present'),
         (SELECT count(*) FROM training_session s WHERE s.class_id = c.id)
       FROM training_class c JOIN training_enrolment e ON e.class_id = c.id
       WHERE c.end_date BETWEEN ? AND ? AND e.completed_on IS NULL`,
    ).all(earliest, period.end, period.start, period.end) as {
      id: number;
      person_id: number;
      completed_on: string | null;
      title: string;
      course_type: string;
      start_date: string;
      end_date: string;
      total_hours: number;
      present: number;
      sessions: number;
    }[];
    const proposals: Proposal[] = [];
    for (const r of rows) {
      const key = `enrolment:${r.id}`;
      if (only && (only.personId !== r.person_id || only.serviceKey !== key)) continue;
      const p = person(r.person_id);
      const placements = (
        sql('SELECT id, start_date, placement_type FROM placement WHERE person_id = ? ORDER BY start_date').all(r.person_id) as {
          id: number;
          start_date: string;
          placement_type: string;
        }[]
      ).map((x) => ({ id: x.id, startDate: x.start_date, placementType: x.placement_type }));
      const outcome = computeTraining(
        {
          enrolmentId: r.id,
          classTitle: r.title,
          courseType: r.course_type,
          classStart: r.start_date,
          classEnd: r.end_date,
          totalHours: r.total_hours,
          completedOn: r.completed_on,
          present: r.present,
          sessions: r.sessions,
          placements,
          cert: certOf(p),
          claimedIn: claimedIn('training', r.person_id, key, batchId, only),
        },
        period,
        (date) => base.ruleFor('training', date),
      );
      if (!outcome) continue;
      const metOn = outcome.records.at(-1)?.date ?? r.completed_on ?? r.end_date;
      proposals.push({
        person: p,
        serviceKey: key,
        serviceFrom: r.start_date,
        serviceTo: r.end_date,
        serviceYear: Number(metOn.slice(0, 4)),
        contentCode: r.course_type,
        contentText: r.title,
        rule: base.ruleFor('training', metOn),
        outcome,
      });
    }
    return proposals;
  }

  function devices(period: Period, batchId: number, only: Only | null): Proposal[] {
    const rows = sql(
      `SELECT f.id, f.person_id, f.fitted_on, f.device_class, f.cost_fen, f.subsidy_fen, f.subsidy_service_fen, f.rule_applied, f.rule_percent, i.name AS item_name
       FROM device_fitting f JOIN device_item i ON i.id = f.item_id WHERE f.fitted_on BETWEEN ? AND ?`,
    ).all(period.start, period.end) as {
      id: number;
      person_id: number;
      fitted_on: string;
      device_class: string;
      cost_fen: number;
      subsidy_fen: number;
      subsidy_service_fen: number;
      rule_applied: string;
      rule_percent: number;
      item_name: string;
    }[];
    const proposals: Proposal[] = [];
    for (const r of rows) {
      const key = `fitting:${r.id}`;
      if (only && (only.personId !== r.person_id || only.serviceKey !== key)) continue;
      const p = person(r.person_id);
      const rule = base.ruleFor('devices', r.fitted_on);
      const outcome = computeFitting(
        {
          fittingId: r.id,
          fittedOn: r.fitted_on,
          itemName: r.item_name,
          deviceClass: r.device_class,
          costFen: r.cost_fen,
          subsidyFen: r.subsidy_fen,
          serviceFen: r.subsidy_service_fen,
          ruleApplied: r.rule_applied,
          rulePercent: r.rule_percent,
          cert: certOf(p),
          claimedIn: claimedIn('devices', r.person_id, key, batchId, only),
        },
        rule,
      );
      proposals.push({
        person: p,
        serviceKey: key,
        serviceFrom: r.fitted_on,
        serviceTo: r.fitted_on,
        serviceYear: Number(r.fitted_on.slice(0, 4)),
        contentCode: r.device_class,
        contentText: r.item_name,
        rule,
        outcome,
      });
    }
    return proposals;
  }

  /**
   * Every person's outcome for a programme and period, in the order lines are numbered.
   * `excluded` (person|service) are lines the accountant excluded: they do not count towards a cap.
   */
  function propose(programme: Programme, period: Period, batchId: number, only: Only | null = null, excluded: ReadonlySet<string> = new Set()): Proposal[] {
    const list =
      programme === 'rehab'
        ? rehab(period, batchId, only, excluded)
        : programme === 'training'
          ? [...training(period, batchId, only), ...employment.propose(period, batchId, only)]
          : devices(period, batchId, only);
    return list.sort(
      (a, b) =>
        a.serviceFrom.localeCompare(b.serviceFrom) ||
        a.person.name.localeCompare(b.person.name, 'zh-CN') ||
        a.person.id - b.person.id ||
        a.serviceKey.localeCompare(b.serviceKey),
    );
  }

  return { propose, person };
}

export type ClaimsBuild = ReturnType<typeof createBuild>;
