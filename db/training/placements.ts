// Employment: the reusable employer list, placements (就业安置) with their overlap flags, and the
// follow-ups (就业跟踪问效) scheduled from each start date.
import type { z } from 'zod';
import { addMonths } from '../common/dates';
import { fail, failFields, type AppError } from '../errors';
import type { Db } from '../open';
import type { Clock } from '../clock';
import type {
  EmployerFields,
  EmployerRow,
  FollowUpRow,
  FollowUpsDue,
  PlacementDetail,
  PlacementFields,
  PlacementRow,
  followUpInput,
  placementListInput,
} from './contract';
import type { CourseTypes } from './course-types';
import { EMPLOYER_OPTIONAL, findOverlaps, followUpSchedule, followUpState, parseCreditCode, type PlacementType } from './rules';
import { employmentFormOf, isEmploymentForm } from './employment-rules';
import type { Terms } from './terms';
import { statements } from '../statements';

interface EmployerDbRow {
  id: number;
  name: string;
  credit_code: string;
  address: string;
  contact: string;
  phone: string;
  version: number;
  placements: number;
}

interface PlacementDbRow {
  id: number;
  person_id: number;
  person_name: string;
  id_number: string;
  placement_type: PlacementType;
  employer_id: number | null;
  employer_name: string | null;
  start_date: string;
  end_date: string | null;
  monthly_wage_fen: number | null;
  full_time: number;
  has_contract: number;
  social_insurance: number;
  industry: string | null;
  job_route: string | null;
  contract_type: string | null;
  insurance_type: string | null;
  legacy_type: string | null;
  notes: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

interface FollowUpDbRow {
  id: number;
  placement_id: number;
  person_id: number;
  person_name: string;
  placement_type: PlacementType;
  employer_name: string | null;
  months: number;
  due_on: string;
  done_on: string | null;
  still_employed: number | null;
  wage_fen: number | null;
  notes: string;
}

const PHONE = /^[0-9+\-() ]{5,20}$/;

const PLACEMENT_COLUMNS = `pl.*, p.name AS person_name, p.id_number, em.name AS employer_name`;
const PLACEMENT_FROM = `placement pl JOIN person p ON p.id = pl.person_id LEFT JOIN employer em ON em.id = pl.employer_id`;
const FOLLOW_UP_SELECT = `SELECT f.*, pl.person_id, p.name AS person_name, pl.placement_type, em.name AS employer_name
  FROM placement_followup f JOIN placement pl ON pl.id = f.placement_id JOIN person p ON p.id = pl.person_id
  LEFT JOIN employer em ON em.id = pl.employer_id`;

export type PlacementsModule = ReturnType<typeof createPlacements>;

export function createPlacements(db: Db, clock: Clock, actor: () => string, courseTypes: CourseTypes, terms: Terms) {
  const prepared = statements(db);

  // ---- employers ----

  const toEmployer = (r: EmployerDbRow): EmployerRow => ({
    id: r.id,
    name: r.name,
    creditCode: r.credit_code,
    address: r.address,
    contact: r.contact,
    phone: r.phone,
    version: r.version,
    placements: r.placements,
  });
  const EMPLOYER_SELECT = `SELECT em.*, (SELECT count(*) FROM placement pl WHERE pl.employer_id = em.id) AS placements FROM employer em`;

  function employer(id: number): EmployerRow {
    const row = prepared(`${EMPLOYER_SELECT} WHERE em.id = ?`).get(id) as EmployerDbRow | undefined;
    if (!row) fail('EMPLOYER_NOT_FOUND', 'employerId', { id });
    return toEmployer(row);
  }

  function employers(q: string): EmployerRow[] {
    const code = q.replace(/\s+/g, '').toUpperCase();
    const rows = q === ''
      ? prepared(`${EMPLOYER_SELECT} ORDER BY em.name, em.id`).all()
      : prepared(`${EMPLOYER_SELECT} WHERE instr(em.name, ?) > 0 OR instr(em.credit_code, ?) > 0 ORDER BY em.name, em.id`).all(q, code);
    return (rows as EmployerDbRow[]).map(toEmployer);
  }

  function validateEmployer(fields: EmployerFields, selfId: number | null): EmployerFields {
    const issues: AppError[] = [];
    const parsed = parseCreditCode(fields.creditCode);
    if (!parsed.ok) issues.push({ field: 'creditCode', ...parsed.error });
    else {
      const other = prepared('SELECT id, name FROM employer WHERE credit_code = ?').get(parsed.value) as { id: number; name: string } | undefined;
      if (other && other.id !== selfId) issues.push({ code: 'EMPLOYER_CODE_DUPLICATE', field: 'creditCode', params: { name: other.name } });
    }
    if (fields.phone !== '' && !PHONE.test(fields.phone)) issues.push({ code: 'PHONE_FORMAT', field: 'phone' });
    if (issues.length || !parsed.ok) failFields(issues);
    return { ...fields, creditCode: parsed.value };
  }

  const createEmployer = db.transaction((input: EmployerFields): EmployerRow => {
    const fields = validateEmployer(input, null);
    const now = clock.now();
    const who = actor();
    const result = prepared(
      `INSERT INTO employer (name, credit_code, address, contact, phone, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(fields.name, fields.creditCode, fields.address, fields.contact, fields.phone, now, who, now, who);
    return employer(Number(result.lastInsertRowid));
  });

  const updateEmployer = db.transaction((input: EmployerFields & { id: number; version: number }): EmployerRow => {
    const existing = employer(input.id);
    if (existing.version !== input.version) fail('TRAINING_STALE');
    const fields = validateEmployer(input, input.id);
    prepared(
      `UPDATE employer SET name = ?, credit_code = ?, address = ?, contact = ?, phone = ?, version = version + 1,
         updated_at = ?, updated_by = ? WHERE id = ?`,
    ).run(fields.name, fields.creditCode, fields.address, fields.contact, fields.phone, clock.now(), actor(), input.id);
    return employer(input.id);
  });

  // ---- placements ----

  /** Every placement of these people, for the overlap check. */
  function overlapsFor(personIds: number[]): Map<number, PlacementRow['overlaps']> {
    const result = new Map<number, PlacementRow['overlaps']>();
    if (personIds.length === 0) return result;
    const rows = prepared(
      `SELECT pl.id, pl.person_id, pl.placement_type, pl.start_date, pl.end_date, pl.full_time, em.name AS employer_name
       FROM placement pl LEFT JOIN employer em ON em.id = pl.employer_id
       WHERE pl.person_id IN (SELECT value FROM json_each(?)) ORDER BY pl.start_date, pl.id`,
    ).all(JSON.stringify([...new Set(personIds)])) as {
      id: number;
      person_id: number;
      placement_type: PlacementType;
      start_date: string;
      end_date: string | null;
      full_time: number;
      employer_name: string | null;
    }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const byPerson = new Map<number, typeof rows>();
    for (const r of rows) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r]);
    for (const list of byPerson.values()) {
      const overlaps = findOverlaps(list.map((r) => ({ id: r.id, startDate: r.start_date, endDate: r.end_date ?? '', fullTime: r.full_time === 1 })));
      for (const [id, others] of overlaps) {
        result.set(
          id,
          others.map((o) => {
            const r = byId.get(o)!;
            return { id: o, employerName: r.employer_name ?? '', placementType: r.placement_type, startDate: r.start_date, endDate: r.end_date ?? '' };
          }),
        );
      }
    }
    return result;
  }

  function toPlacement(r: PlacementDbRow, overlaps: Map<number, PlacementRow['overlaps']>): PlacementRow {
    return {
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      idNumber: r.id_number,
      placementType: r.placement_type,
      employerId: r.employer_id,
      employerName: r.employer_name ?? '',
      startDate: r.start_date,
      endDate: r.end_date ?? '',
      monthlyWageFen: r.monthly_wage_fen,
      fullTime: r.full_time === 1,
      hasContract: r.has_contract === 1,
      socialInsurance: r.social_insurance === 1,
      industry: r.industry ?? '',
      jobRoute: r.job_route ?? '',
      contractType: r.contract_type ?? '',
      insuranceType: r.insurance_type ?? '',
      legacyType: r.legacy_type ?? '',
      overlaps: overlaps.get(r.id) ?? [],
    };
  }

  function toFollowUp(r: FollowUpDbRow, today: string, soon: string): FollowUpRow {
    return {
      id: r.id,
      placementId: r.placement_id,
      personId: r.person_id,
      personName: r.person_name,
      placementType: r.placement_type,
      employerName: r.employer_name ?? '',
      months: r.months,
      dueOn: r.due_on,
      doneOn: r.done_on ?? '',
      stillEmployed: r.still_employed === null ? null : r.still_employed === 1,
      wageFen: r.wage_fen,
      notes: r.notes,
      state: followUpState({ dueOn: r.due_on, doneOn: r.done_on }, today, soon),
    };
  }

  function placement(id: number): PlacementDetail {
    const r = prepared(`SELECT ${PLACEMENT_COLUMNS} FROM ${PLACEMENT_FROM} WHERE pl.id = ?`).get(id) as PlacementDbRow | undefined;
    if (!r) fail('PLACEMENT_NOT_FOUND', undefined, { id });
    const today = clock.today();
    const soon = addMonths(today, 1);
    const followUps = (prepared(`${FOLLOW_UP_SELECT} WHERE f.placement_id = ? ORDER BY f.months`).all(id) as FollowUpDbRow[]).map((f) =>
      toFollowUp(f, today, soon),
    );
    return {
      ...toPlacement(r, overlapsFor([r.person_id])),
      notes: r.notes,
      version: r.version,
      followUps,
      createdAt: r.created_at,
      createdBy: r.created_by,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    };
  }

  function placements(params: z.output<ReturnType<typeof placementListInput>>): { total: number; rows: PlacementRow[] } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const q = params.q.replace(/\s+/g, '');
    if (q !== '') {
      if (/^[\dXx]+$/.test(q)) {
        where.push('instr(p.id_number, ?) > 0');
        args.push(q.toUpperCase());
      } else {
        where.push('(instr(p.name, ?) > 0 OR instr(em.name, ?) > 0)');
        args.push(q, q);
      }
    }
    if (params.placementType) {
      where.push('pl.placement_type = ?');
      args.push(params.placementType);
    }
    if (params.personId !== null) {
      where.push('pl.person_id = ?');
      args.push(params.personId);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (prepared(`SELECT count(*) AS n FROM ${PLACEMENT_FROM} ${whereSql}`).get(...args) as { n: number }).n;
    const rows = prepared(
      `SELECT ${PLACEMENT_COLUMNS} FROM ${PLACEMENT_FROM} ${whereSql} ORDER BY pl.start_date DESC, pl.id DESC LIMIT ? OFFSET ?`,
    ).all(...args, params.limit, params.offset) as PlacementDbRow[];
    const overlaps = overlapsFor(rows.map((r) => r.person_id));
    return { total, rows: rows.map((r) => toPlacement(r, overlaps)) };
  }

  /** The placement as stored: the 就业形式 code (an earlier type's code mapped, and kept as legacy_type). */
  interface Stored {
    form: PlacementType;
    legacyType: string | null;
    hasContract: boolean;
    socialInsurance: boolean;
  }

  function validatePlacement(fields: PlacementFields): Stored {
    const issues: AppError[] = [];
    const form = employmentFormOf(fields.placementType)!;
    if (!prepared('SELECT 1 FROM person WHERE id = ?').get(fields.personId)) issues.push({ code: 'PERSON_NOT_FOUND', field: 'personId', params: { id: fields.personId } });
    if (!terms.valid('employment_form', form, fields.startDate)) issues.push({ code: 'TERM_UNKNOWN', field: 'placementType', params: { code: form, date: fields.startDate } });
    if (fields.employerId === null && !EMPLOYER_OPTIONAL.includes(form)) {
      issues.push({ code: 'PLACEMENT_EMPLOYER_REQUIRED', field: 'employerId' });
    }
    if (fields.employerId !== null && !prepared('SELECT 1 FROM employer WHERE id = ?').get(fields.employerId)) {
      issues.push({ code: 'EMPLOYER_NOT_FOUND', field: 'employerId', params: { id: fields.employerId } });
    }
    if (fields.endDate !== '' && fields.endDate < fields.startDate) issues.push({ code: 'TRAINING_END_BEFORE_START', field: 'endDate' });
    terms.check(issues, 'industry', 'industry', fields.industry, fields.startDate);
    terms.check(issues, 'jobRoute', 'job_route', fields.jobRoute, fields.startDate);
    terms.check(issues, 'contractType', 'contract', fields.contractType, fields.startDate);
    terms.check(issues, 'insuranceType', 'social_insurance', fields.insuranceType, fields.startDate);
    if (issues.length) failFields(issues);
    return {
      form,
      legacyType: isEmploymentForm(fields.placementType) ? null : fields.placementType,
      // The kinds decide the yes/no flags the follow-ups and returns read.
      hasContract: fields.contractType === null ? fields.hasContract : fields.contractType !== 'none',
      socialInsurance: fields.insuranceType === null ? fields.socialInsurance : fields.insuranceType !== 'none',
    };
  }

  /** Writes the schedule for a new start date, keeping the follow-ups already done. */
  function schedule(placementId: number, startDate: string, now: string): void {
    const months = courseTypes.followUpMonths(startDate);
    const upsert = prepared(
      `INSERT INTO placement_followup (placement_id, months, due_on, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (placement_id, months) DO UPDATE SET due_on = excluded.due_on, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by WHERE done_on IS NULL AND due_on <> excluded.due_on`,
    );
    for (const f of followUpSchedule(startDate, months)) upsert.run(placementId, f.months, f.dueOn, now, now, actor());
  }

  const createPlacement = db.transaction((fields: PlacementFields): PlacementDetail => {
    const stored = validatePlacement(fields);
    const now = clock.now();
    const who = actor();
    const result = prepared(
      `INSERT INTO placement (person_id, placement_type, employer_id, start_date, end_date, monthly_wage_fen, full_time,
         has_contract, social_insurance, industry, job_route, contract_type, insurance_type, legacy_type, notes, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      fields.personId,
      stored.form,
      fields.employerId,
      fields.startDate,
      fields.endDate || null,
      fields.monthlyWageFen,
      fields.fullTime ? 1 : 0,
      stored.hasContract ? 1 : 0,
      stored.socialInsurance ? 1 : 0,
      fields.industry,
      fields.jobRoute,
      fields.contractType,
      fields.insuranceType,
      stored.legacyType,
      fields.notes,
      now,
      who,
      now,
      who,
    );
    const id = Number(result.lastInsertRowid);
    schedule(id, fields.startDate, now);
    return placement(id);
  });

  const updatePlacement = db.transaction((input: PlacementFields & { id: number; version: number }): PlacementDetail => {
    const existing = placement(input.id);
    if (existing.version !== input.version) fail('TRAINING_STALE');
    const stored = validatePlacement(input);
    const now = clock.now();
    // legacy_type stays as migrated unless an earlier type's code is given again.
    prepared(
      `UPDATE placement SET person_id = ?, placement_type = ?, employer_id = ?, start_date = ?, end_date = ?, monthly_wage_fen = ?,
         full_time = ?, has_contract = ?, social_insurance = ?, industry = ?, job_route = ?, contract_type = ?, insurance_type = ?,
         legacy_type = coalesce(?, legacy_type), notes = ?, version = version + 1, updated_at = ?, updated_by = ?
       WHERE id = ?`,
    ).run(
      input.personId,
      stored.form,
      input.employerId,
      input.startDate,
      input.endDate || null,
      input.monthlyWageFen,
      input.fullTime ? 1 : 0,
      stored.hasContract ? 1 : 0,
      stored.socialInsurance ? 1 : 0,
      input.industry,
      input.jobRoute,
      input.contractType,
      input.insuranceType,
      stored.legacyType,
      input.notes,
      now,
      actor(),
      input.id,
    );
    if (existing.startDate !== input.startDate) schedule(input.id, input.startDate, now);
    return placement(input.id);
  });

  function followUpsDue(): FollowUpsDue {
    const today = clock.today();
    const soon = addMonths(today, 1);
    const rows = (prepared(`${FOLLOW_UP_SELECT} WHERE f.done_on IS NULL AND f.due_on <= ? ORDER BY f.due_on, f.id`).all(soon) as FollowUpDbRow[]).map(
      (f) => toFollowUp(f, today, soon),
    );
    return { today, soon, overdue: rows.filter((f) => f.state === 'overdue'), due: rows.filter((f) => f.state === 'due') };
  }

  const recordFollowUp = db.transaction((input: z.output<ReturnType<typeof followUpInput>>): PlacementDetail => {
    const f = prepared('SELECT f.placement_id, pl.start_date FROM placement_followup f JOIN placement pl ON pl.id = f.placement_id WHERE f.id = ?').get(input.id) as
      | { placement_id: number; start_date: string }
      | undefined;
    if (!f) fail('FOLLOW_UP_NOT_FOUND', undefined, { id: input.id });
    const issues: AppError[] = [];
    if (input.doneOn > clock.today()) issues.push({ code: 'TRAINING_DATE_FUTURE', field: 'doneOn', params: { today: clock.today() } });
    if (input.doneOn < f.start_date) issues.push({ code: 'FOLLOW_UP_BEFORE_START', field: 'doneOn', params: { start: f.start_date } });
    if (issues.length) failFields(issues);
    prepared('UPDATE placement_followup SET done_on = ?, still_employed = ?, wage_fen = ?, notes = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
      input.doneOn,
      input.stillEmployed ? 1 : 0,
      input.stillEmployed ? input.wageFen : null,
      input.notes,
      clock.now(),
      actor(),
      input.id,
    );
    return placement(f.placement_id);
  });

  return {
    employers,
    employer,
    createEmployer,
    updateEmployer,
    placements,
    placement,
    createPlacement,
    updatePlacement,
    followUpsDue,
    recordFollowUp,
  };
}
