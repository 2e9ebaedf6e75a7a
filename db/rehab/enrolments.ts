// Therapists, enrolments (入训登记), rehab plans (goals) and assessments: queries and writes.
// Rules live in ./rules.ts; every change to an enrolment goes through changeEnrolment().
import { ageOn } from '../common/dates';
import { fail, failFields } from '../errors';
import type { Assessment, EnrolmentDetail, EnrolmentFields, EnrolmentRow, Goal, RehabChange, Therapist, Visit } from './contract';
import { diff, type RehabBase } from './base';
import {
  DEFAULT_TYPE,
  DOMAINS,
  checkApproval,
  checkEnrolment,
  type AgeExtensionReason,
  type ClaimCategoryChoice,
  type EligibilityBasis,
  checkStatusChange,
  formatClock,
  progressBetween,
  type AssessmentKind,
  type Domain,
  type DomainScore,
  type EnrolmentStatus,
  type Funding,
  type GoalStatus,
  type Issue,
  type RehabCategory,
  type SessionType,
} from './rules';

interface EnrolmentDb {
  id: number;
  person_id: number;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  id_number: string;
  category: RehabCategory;
  cochlear_implant: 0 | 1;
  start_date: string;
  funding: Funding;
  therapist_id: number;
  therapist_name: string;
  status: EnrolmentStatus;
  status_date: string;
  discharge_reason: string;
  schedule_days: string;
  schedule_start: number | null;
  schedule_minutes: number;
  default_type: SessionType;
  note: string;
  version: number;
  last_session: string | null;
  guardian_name: string;
  guardian_phone: string;
  created_at: string;
  created_by: string;
  approval_no: string;
  approved_from: string | null;
  approved_to: string | null;
  eligibility_basis: EligibilityBasis | null;
  eligibility_note: string;
  claim_category: ClaimCategoryChoice | null;
  age_extension: AgeExtensionReason | null;
  age_extension_note: string;
}

const ENROLMENT_SELECT = `SELECT e.*, p.name, p.sex, p.birth_date, p.id_number, p.guardian_name, p.guardian_phone,
  t.name AS therapist_name,
  (SELECT max(s.session_date) FROM rehab_session s WHERE s.enrolment_id = e.id) AS last_session
  FROM rehab_enrolment e JOIN person p ON p.id = e.person_id JOIN rehab_therapist t ON t.id = e.therapist_id`;

/** The enrolment fields compared and logged on change, in API names. */
const TRACKED = [
  'category',
  'cochlearImplant',
  'startDate',
  'funding',
  'therapistId',
  'status',
  'statusDate',
  'dischargeReason',
  'scheduleDays',
  'scheduleTime',
  'scheduleMinutes',
  'defaultType',
  'note',
  'approvalNo',
  'approvedFrom',
  'approvedTo',
  'eligibilityBasis',
  'eligibilityNote',
  'claimCategory',
  'ageExtension',
  'ageExtensionNote',
] as const;
type Tracked = Pick<EnrolmentRow, (typeof TRACKED)[number]>;

export type EnrolmentsModule = ReturnType<typeof createEnrolments>;

export function createEnrolments(base: RehabBase) {
  const { db, clock, actor, sql, logChange } = base;

  // ---- therapists ----

  function therapists(): Therapist[] {
    return (
      sql(
        `SELECT t.id, t.name, t.active, t.account_id AS accountId, a.display_name AS accountName,
          (SELECT count(*) FROM rehab_enrolment e WHERE e.therapist_id = t.id AND e.status <> 'discharged') AS caseload
         FROM rehab_therapist t LEFT JOIN account a ON a.id = t.account_id ORDER BY t.active DESC, t.name`,
      ).all() as { id: number; name: string; active: 0 | 1; caseload: number; accountId: number | null; accountName: string | null }[]
    ).map((t) => ({ ...t, active: t.active === 1 }));
  }

  /** Links (or unlinks) a therapist and a staff account: the account must exist, and be nobody else's. */
  function linkAccount(therapistId: number, accountId: number | null): void {
    if (accountId !== null) {
      if (!sql('SELECT 1 FROM account WHERE id = ?').get(accountId)) fail('REHAB_THERAPIST_ACCOUNT_NOT_FOUND', 'accountId');
      const other = sql('SELECT name FROM rehab_therapist WHERE account_id = ? AND id <> ?').get(accountId, therapistId) as { name: string } | undefined;
      if (other) fail('REHAB_THERAPIST_ACCOUNT_TAKEN', 'accountId', { name: other.name });
    }
    sql('UPDATE rehab_therapist SET account_id = ? WHERE id = ?').run(accountId, therapistId);
  }

  const saveTherapist = db.transaction((input: { id: number | null; name: string; active: boolean; accountId?: number | null | undefined }): Therapist => {
    const clash = sql('SELECT id FROM rehab_therapist WHERE name = ?').get(input.name) as { id: number } | undefined;
    if (clash && clash.id !== input.id) fail('REHAB_THERAPIST_DUPLICATE', 'name', { name: input.name });
    const now = clock.now();
    let id = input.id;
    if (id === null) {
      id = Number(
        sql('INSERT INTO rehab_therapist (name, active, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)').run(
          input.name,
          input.active ? 1 : 0,
          now,
          actor(),
          now,
          actor(),
        ).lastInsertRowid,
      );
    } else {
      const before = therapists().find((t) => t.id === input.id);
      if (!before) fail('REHAB_THERAPIST_NOT_FOUND', 'id');
      if (!input.active && before.active && before.caseload > 0) fail('REHAB_THERAPIST_HAS_CASELOAD', 'active', { n: before.caseload });
      const accountId = input.accountId === undefined ? before.accountId : input.accountId;
      const changes = diff(before, { ...before, name: input.name, active: input.active, accountId }, ['name', 'active', 'accountId']);
      if (changes.length === 0) return before;
      sql('UPDATE rehab_therapist SET name = ?, active = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
        input.name,
        input.active ? 1 : 0,
        now,
        actor(),
        id,
      );
      logChange('therapist', id, null, 'update', changes);
    }
    if (input.accountId !== undefined) linkAccount(id, input.accountId);
    return therapists().find((t) => t.id === id)!;
  });

  /** Problems with giving this therapist new work (unknown, or no longer working here). */
  function therapistIssue(therapistId: number, field = 'therapistId'): Issue | null {
    const row = sql('SELECT active FROM rehab_therapist WHERE id = ?').get(therapistId) as { active: 0 | 1 } | undefined;
    if (!row) return { code: 'REHAB_THERAPIST_NOT_FOUND', field };
    if (row.active === 0) return { code: 'REHAB_THERAPIST_INACTIVE', field };
    return null;
  }

  // ---- enrolments ----

  function toRow(r: EnrolmentDb, today: string): EnrolmentRow {
    return {
      id: r.id,
      personId: r.person_id,
      name: r.name,
      sex: r.sex,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, today),
      idNumber: r.id_number,
      category: r.category,
      cochlearImplant: r.cochlear_implant === 1,
      startDate: r.start_date,
      funding: r.funding,
      therapistId: r.therapist_id,
      therapistName: r.therapist_name,
      status: r.status,
      statusDate: r.status_date,
      dischargeReason: r.discharge_reason,
      scheduleDays: r.schedule_days,
      scheduleTime: r.schedule_start === null ? '' : formatClock(r.schedule_start),
      scheduleMinutes: r.schedule_minutes,
      defaultType: r.default_type,
      note: r.note,
      version: r.version,
      lastSession: r.last_session ?? '',
      approvalNo: r.approval_no,
      approvedFrom: r.approved_from ?? '',
      approvedTo: r.approved_to ?? '',
      eligibilityBasis: r.eligibility_basis,
      eligibilityNote: r.eligibility_note,
      claimCategory: r.claim_category,
      ageExtension: r.age_extension,
      ageExtensionNote: r.age_extension_note,
    };
  }

  function load(id: number): EnrolmentDb {
    const row = sql(`${ENROLMENT_SELECT} WHERE e.id = ?`).get(id) as EnrolmentDb | undefined;
    if (!row) fail('REHAB_NOT_FOUND', undefined, { id });
    return row;
  }

  function list(filter: { status: 'open' | EnrolmentStatus | 'all'; therapistId: number | null; q: string }): EnrolmentRow[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.status === 'open') where.push("e.status <> 'discharged'");
    else if (filter.status !== 'all') {
      where.push('e.status = ?');
      args.push(filter.status);
    }
    if (filter.therapistId !== null) {
      where.push('e.therapist_id = ?');
      args.push(filter.therapistId);
    }
    const q = filter.q.replace(/\s+/g, '');
    if (q !== '') {
      where.push('(instr(p.name, ?) > 0 OR instr(p.id_number, ?) > 0)');
      args.push(q, q.toUpperCase());
    }
    const rows = sql(`${ENROLMENT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.name, e.start_date DESC, e.id`).all(
      ...args,
    ) as EnrolmentDb[];
    const today = clock.today();
    return rows.map((r) => toRow(r, today));
  }

  function goals(enrolmentId: number): Goal[] {
    return (
      sql(
        `SELECT g.id, g.enrolment_id, g.domain, g.goal, g.target_date, g.status,
          (SELECT count(*) FROM rehab_session_goal sg WHERE sg.goal_id = g.id) AS sessions
         FROM rehab_goal g WHERE g.enrolment_id = ? ORDER BY g.status = 'open' DESC, g.id`,
      ).all(enrolmentId) as { id: number; enrolment_id: number; domain: Domain; goal: string; target_date: string | null; status: GoalStatus; sessions: number }[]
    ).map((g) => ({
      id: g.id,
      enrolmentId: g.enrolment_id,
      domain: g.domain,
      goal: g.goal,
      targetDate: g.target_date ?? '',
      status: g.status,
      sessions: g.sessions,
    }));
  }

  /** Oldest first; each compared with the previous one that used the same tool. */
  function assessments(enrolmentId: number): Assessment[] {
    const rows = sql(
      'SELECT id, kind, assessed_on, assessor, tool, note FROM rehab_assessment WHERE enrolment_id = ? ORDER BY assessed_on, id',
    ).all(enrolmentId) as { id: number; kind: AssessmentKind; assessed_on: string; assessor: string; tool: string; note: string }[];
    const scoreRows = sql(
      `SELECT s.assessment_id, s.domain, s.score, s.level FROM rehab_assessment_score s
       JOIN rehab_assessment a ON a.id = s.assessment_id WHERE a.enrolment_id = ?`,
    ).all(enrolmentId) as { assessment_id: number; domain: Domain; score: number | null; level: string }[];
    const byAssessment = new Map<number, DomainScore[]>();
    for (const s of scoreRows) {
      const list = byAssessment.get(s.assessment_id) ?? [];
      list.push({ domain: s.domain, score: s.score, level: s.level });
      byAssessment.set(s.assessment_id, list);
    }
    // Domains always in the same order, so assessments read alike.
    for (const list of byAssessment.values()) list.sort((a, b) => DOMAINS.indexOf(a.domain) - DOMAINS.indexOf(b.domain));
    const previousByTool = new Map<string, { date: string; scores: DomainScore[] }>();
    return rows.map((a) => {
      const scores = byAssessment.get(a.id) ?? [];
      const previous = previousByTool.get(a.tool);
      previousByTool.set(a.tool, { date: a.assessed_on, scores });
      return {
        id: a.id,
        kind: a.kind,
        date: a.assessed_on,
        assessor: a.assessor,
        tool: a.tool,
        note: a.note,
        scores,
        progress: previous ? { previousDate: previous.date, domains: progressBetween(previous.scores, scores) } : null,
      };
    });
  }

  function visitsOf(personId: number): Visit[] {
    return (
      sql('SELECT id, person_id, visited_on, visitor, note, created_by, created_at FROM rehab_visit WHERE person_id = ? ORDER BY visited_on DESC, id DESC').all(
        personId,
      ) as { id: number; person_id: number; visited_on: string; visitor: string; note: string; created_by: string; created_at: string }[]
    ).map((v) => ({ id: v.id, personId: v.person_id, date: v.visited_on, visitor: v.visitor, note: v.note, createdBy: v.created_by, createdAt: v.created_at }));
  }

  function history(enrolmentId: number): RehabChange[] {
    return (
      sql('SELECT at, actor, entity, action, changes FROM rehab_change WHERE enrolment_id = ? ORDER BY id DESC LIMIT 200').all(enrolmentId) as {
        at: string;
        actor: string;
        entity: string;
        action: RehabChange['action'];
        changes: string;
      }[]
    ).map((c) => ({ ...c, changes: JSON.parse(c.changes) as RehabChange['changes'] }));
  }

  function get(id: number): EnrolmentDetail {
    const row = load(id);
    return {
      ...toRow(row, clock.today()),
      guardianName: row.guardian_name,
      guardianPhone: row.guardian_phone,
      createdAt: row.created_at,
      createdBy: row.created_by,
      goals: goals(id),
      assessments: assessments(id),
      visits: visitsOf(row.person_id),
      history: history(id),
    };
  }

  const create = db.transaction((input: EnrolmentFields & { personId: number }): EnrolmentDetail => {
    const person = sql('SELECT birth_date FROM person WHERE id = ?').get(input.personId) as { birth_date: string } | undefined;
    if (!person) fail('PERSON_NOT_FOUND', 'personId', { id: input.personId });
    const open = sql(
      "SELECT id, start_date AS startDate FROM rehab_enrolment WHERE person_id = ? AND status <> 'discharged'",
    ).get(input.personId) as { id: number; startDate: string } | undefined;
    const issues = checkEnrolment({
      birthDate: person.birth_date,
      startDate: input.startDate,
      ageLimit: base.settings(input.startDate)['rehab.ageLimit'],
      category: input.category,
      cochlearImplant: input.cochlearImplant,
      openEnrolment: open ?? null,
    });
    const therapist = therapistIssue(input.therapistId);
    if (therapist) issues.push(therapist);
    issues.push(...checkApproval(input));
    if (issues.length > 0) failFields(issues);

    const now = clock.now();
    const id = Number(
      sql(
        `INSERT INTO rehab_enrolment (person_id, category, cochlear_implant, start_date, funding, therapist_id, status, status_date,
          schedule_days, schedule_start, schedule_minutes, default_type, note, created_at, created_by, updated_at, updated_by,
          approval_no, approved_from, approved_to, eligibility_basis, eligibility_note, claim_category, age_extension, age_extension_note)
         VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.personId,
        input.category,
        input.cochlearImplant ? 1 : 0,
        input.startDate,
        input.funding,
        input.therapistId,
        input.startDate,
        input.scheduleDays,
        input.scheduleTime,
        input.scheduleMinutes,
        input.defaultType ?? DEFAULT_TYPE[input.category],
        input.note,
        now,
        actor(),
        now,
        actor(),
        input.approvalNo,
        input.approvedFrom || null,
        input.approvedTo || null,
        input.eligibilityBasis,
        input.eligibilityNote,
        input.claimCategory,
        input.ageExtension,
        input.ageExtensionNote,
      ).lastInsertRowid,
    );
    logChange('enrolment', id, id, 'create', []);
    return get(id);
  });

  /**
   * The one way an enrolment changes: loads it, refuses a stale version and (later) a locked one,
   * then applies the change. Subsidy claims will add their lock check here.
   */
  function changeEnrolment<T>(id: number, version: number, apply: (current: EnrolmentDb) => T): T {
    const current = load(id);
    if (current.version !== version) fail('REHAB_STALE', undefined, { id });
    return apply(current);
  }

  const update = db.transaction(
    (input: EnrolmentFields & { id: number; version: number; status: EnrolmentStatus; statusDate: string; dischargeReason: string }): EnrolmentDetail =>
      changeEnrolment(input.id, input.version, (current) => {
        const today = clock.today();
        const before = toRow(current, today);
        const statusChanged = input.status !== current.status;
        const statusDate = statusChanged ? input.statusDate || today : current.status_date;
        const issues: Issue[] = [];
        if (input.startDate !== current.start_date || input.category !== current.category || input.cochlearImplant !== before.cochlearImplant) {
          issues.push(
            ...checkEnrolment({
              birthDate: current.birth_date,
              startDate: input.startDate,
              ageLimit: base.settings(input.startDate)['rehab.ageLimit'],
              category: input.category,
              cochlearImplant: input.cochlearImplant,
              openEnrolment: null,
            }),
          );
          const first = sql('SELECT min(session_date) AS d FROM rehab_session WHERE enrolment_id = ?').get(input.id) as { d: string | null };
          if (first.d !== null && first.d < input.startDate) issues.push({ code: 'REHAB_START_AFTER_SESSIONS', field: 'startDate', params: { first: first.d } });
        }
        if (input.therapistId !== current.therapist_id) {
          const therapist = therapistIssue(input.therapistId);
          if (therapist) issues.push(therapist);
        }
        issues.push(
          ...checkStatusChange({
            from: current.status,
            to: input.status,
            currentStatusDate: current.status_date,
            statusDate,
            startDate: input.startDate,
            today,
            dischargeReason: input.dischargeReason,
            lastSessionDate: current.last_session ?? '',
          }),
        );
        issues.push(...checkApproval(input));
        if (issues.length > 0) failFields(issues);

        const after: Tracked = {
          category: input.category,
          cochlearImplant: input.cochlearImplant,
          startDate: input.startDate,
          funding: input.funding,
          therapistId: input.therapistId,
          status: input.status,
          statusDate,
          dischargeReason: input.status === 'discharged' ? input.dischargeReason : '',
          scheduleDays: input.scheduleDays,
          scheduleTime: input.scheduleTime === null ? '' : formatClock(input.scheduleTime),
          scheduleMinutes: input.scheduleMinutes,
          defaultType: input.defaultType ?? current.default_type,
          note: input.note,
          approvalNo: input.approvalNo,
          approvedFrom: input.approvedFrom,
          approvedTo: input.approvedTo,
          eligibilityBasis: input.eligibilityBasis,
          eligibilityNote: input.eligibilityNote,
          claimCategory: input.claimCategory,
          ageExtension: input.ageExtension,
          ageExtensionNote: input.ageExtensionNote,
        };
        const changes = diff<Tracked>(before, after, TRACKED);
        if (changes.length === 0) return get(input.id);
        sql(
          `UPDATE rehab_enrolment SET category = ?, cochlear_implant = ?, start_date = ?, funding = ?, therapist_id = ?, status = ?,
            status_date = ?, discharge_reason = ?, schedule_days = ?, schedule_start = ?, schedule_minutes = ?, default_type = ?, note = ?,
            approval_no = ?, approved_from = ?, approved_to = ?, eligibility_basis = ?, eligibility_note = ?, claim_category = ?,
            age_extension = ?, age_extension_note = ?,
            version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
        ).run(
          after.category,
          after.cochlearImplant ? 1 : 0,
          after.startDate,
          after.funding,
          after.therapistId,
          after.status,
          after.statusDate,
          after.dischargeReason,
          after.scheduleDays,
          input.scheduleTime,
          after.scheduleMinutes,
          after.defaultType,
          after.note,
          after.approvalNo,
          after.approvedFrom || null,
          after.approvedTo || null,
          after.eligibilityBasis,
          after.eligibilityNote,
          after.claimCategory,
          after.ageExtension,
          after.ageExtensionNote,
          clock.now(),
          actor(),
          input.id,
        );
        logChange('enrolment', input.id, input.id, 'update', changes);
        return get(input.id);
      }),
  );

  // ---- plans and assessments ----

  const saveGoal = db.transaction(
    (input: { id: number | null; enrolmentId: number; domain: Domain; goal: string; targetDate: string; status: GoalStatus }): Goal => {
      load(input.enrolmentId);
      const now = clock.now();
      let id = input.id;
      if (id === null) {
        id = Number(
          sql(
            `INSERT INTO rehab_goal (enrolment_id, domain, goal, target_date, status, created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(input.enrolmentId, input.domain, input.goal, input.targetDate || null, input.status, now, actor(), now, actor()).lastInsertRowid,
        );
        logChange('goal', id, input.enrolmentId, 'create', [{ field: 'goal', before: null, after: input.goal }]);
      } else {
        const before = goals(input.enrolmentId).find((g) => g.id === input.id);
        if (!before) fail('REHAB_GOAL_NOT_FOUND', 'id');
        const changes = diff(before, { ...before, ...input, id: before.id }, ['domain', 'goal', 'targetDate', 'status']);
        if (changes.length > 0) {
          sql('UPDATE rehab_goal SET domain = ?, goal = ?, target_date = ?, status = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
            input.domain,
            input.goal,
            input.targetDate || null,
            input.status,
            now,
            actor(),
            id,
          );
          logChange('goal', id, input.enrolmentId, 'update', changes);
        }
      }
      return goals(input.enrolmentId).find((g) => g.id === id)!;
    },
  );

  const createAssessment = db.transaction(
    (input: { enrolmentId: number; kind: AssessmentKind; date: string; assessor: string; tool: string; note: string; scores: DomainScore[] }): Assessment => {
      load(input.enrolmentId);
      const issues: Issue[] = [];
      const today = clock.today();
      if (input.date > today) issues.push({ code: 'REHAB_DATE_FUTURE', field: 'date', params: { today } });
      const seen = new Set<string>();
      input.scores.forEach((s, i) => {
        if (seen.has(s.domain)) issues.push({ code: 'REHAB_SCORE_DUPLICATE', field: `scores.${i}.domain` });
        seen.add(s.domain);
        if (s.score === null && s.level === '') issues.push({ code: 'REHAB_SCORE_REQUIRED', field: `scores.${i}.score` });
      });
      if (issues.length > 0) failFields(issues);
      const now = clock.now();
      const id = Number(
        sql(
          `INSERT INTO rehab_assessment (enrolment_id, kind, assessed_on, assessor, tool, note, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(input.enrolmentId, input.kind, input.date, input.assessor, input.tool, input.note, now, actor(), now, actor()).lastInsertRowid,
      );
      const insert = sql('INSERT INTO rehab_assessment_score (assessment_id, domain, score, level) VALUES (?, ?, ?, ?)');
      for (const s of input.scores) insert.run(id, s.domain, s.score, s.level);
      logChange('assessment', id, input.enrolmentId, 'create', [{ field: 'tool', before: null, after: input.tool }]);
      return assessments(input.enrolmentId).find((a) => a.id === id)!;
    },
  );

  return { therapists, saveTherapist, therapistIssue, list, get, create, update, saveGoal, createAssessment };
}
