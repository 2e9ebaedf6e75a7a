// Sessions (训练记录): logging one or a group, changing and deleting them, and a therapist's day.
// Logging is the hottest write path, so it does only indexed lookups of one day's rows. Every
// change or deletion goes through changeSession(), where a claim lock will be checked later.
import { ageOn } from '../common/dates';
import { DomainError, fail, failFields } from '../errors';
import type { DayChild, DayView, SessionParsed, SessionRow } from './contract';
import { diff, type RehabBase } from './base';
import type { EnrolmentsModule } from './enrolments';
import {
  findOverlap,
  formatClock,
  isScheduledOn,
  sessionTimeIssue,
  sessionWindowIssue,
  type Attendance,
  type Domain,
  type EnrolmentStatus,
  type Issue,
  type RehabCategory,
  type SessionLocation,
  type SessionType,
  type TimedSession,
} from './rules';

export interface SessionDb {
  id: number;
  enrolment_id: number;
  therapist_id: number;
  session_date: string;
  start_minute: number;
  minutes: number;
  type: SessionType;
  attendance: Attendance;
  group_id: number | null;
  note: string;
  version: number;
  location: SessionLocation;
  goal_ids: string | null;
}

/** The columns toSessionRow() reads, from rehab_session aliased s. */
export const SESSION_COLUMNS = `s.id, s.enrolment_id, s.therapist_id, s.session_date, s.start_minute, s.minutes, s.type,
  s.attendance, s.group_id, s.note, s.version, s.location,
  (SELECT group_concat(sg.goal_id) FROM rehab_session_goal sg WHERE sg.session_id = s.id) AS goal_ids`;
const SESSION_SELECT = `SELECT ${SESSION_COLUMNS} FROM rehab_session s`;

export function toSessionRow(r: SessionDb): SessionRow {
  return {
    id: r.id,
    enrolmentId: r.enrolment_id,
    therapistId: r.therapist_id,
    date: r.session_date,
    startTime: formatClock(r.start_minute),
    minutes: r.minutes,
    type: r.type,
    attendance: r.attendance,
    goalIds: r.goal_ids ? r.goal_ids.split(',').map(Number).sort((a, b) => a - b) : [],
    note: r.note,
    groupId: r.group_id,
    version: r.version,
    location: r.location,
  };
}

/** A session as the log and update calls receive it (after the schema: start time in minutes). */
type SessionInput = Omit<SessionParsed, 'startTime'> & { startTime: number };

const TRACKED = ['therapistId', 'date', 'startTime', 'minutes', 'type', 'attendance', 'goalIds', 'note', 'location'] as const;

export function createSessions(base: RehabBase, enrolments: EnrolmentsModule) {
  const { db, clock, actor, sql, logChange } = base;

  const sameDay = (column: 'therapist_id' | 'enrolment_id', id: number, date: string) =>
    sql(
      `SELECT id, start_minute AS start, minutes, attendance, group_id AS groupId FROM rehab_session WHERE ${column} = ? AND session_date = ?`,
    ).all(id, date) as TimedSession[];

  /** Every reason this session cannot be on record as given; `self` is the session being changed. */
  function check(input: SessionInput, self: { id: number; therapistId: number } | null, groupId: number | null): void {
    const enrolment = sql('SELECT start_date AS startDate, status, status_date AS statusDate FROM rehab_enrolment WHERE id = ?').get(
      input.enrolmentId,
    ) as { startDate: string; status: EnrolmentStatus; statusDate: string } | undefined;
    if (!enrolment) fail('REHAB_NOT_FOUND', 'enrolmentId', { id: input.enrolmentId });
    const issues: Issue[] = [];
    // A session already on record keeps its therapist even after they left; new work needs a current one.
    if (!self || self.therapistId !== input.therapistId) {
      const therapist = enrolments.therapistIssue(input.therapistId);
      if (therapist) issues.push(therapist);
    }
    const window = sessionWindowIssue(input.date, clock.today(), enrolment);
    if (window) issues.push(window);
    const time = sessionTimeIssue(input.startTime, input.minutes);
    if (time) failFields([...issues, time]);

    const candidate = { id: self?.id ?? null, start: input.startTime, minutes: input.minutes, attendance: input.attendance, groupId };
    const busy = findOverlap(candidate, sameDay('therapist_id', input.therapistId, input.date));
    if (busy) {
      const who = sql('SELECT p.name FROM rehab_session s JOIN rehab_enrolment e ON e.id = s.enrolment_id JOIN person p ON p.id = e.person_id WHERE s.id = ?').get(
        busy.id,
      ) as { name: string };
      issues.push({
        code: 'REHAB_SESSION_OVERLAP_THERAPIST',
        field: 'startTime',
        params: { name: who.name, start: formatClock(busy.start), end: formatClock(busy.start + busy.minutes) },
      });
    }
    const taken = findOverlap(candidate, sameDay('enrolment_id', input.enrolmentId, input.date));
    if (taken) {
      const who = sql('SELECT t.name FROM rehab_session s JOIN rehab_therapist t ON t.id = s.therapist_id WHERE s.id = ?').get(taken.id) as {
        name: string;
      };
      issues.push({
        code: 'REHAB_SESSION_OVERLAP_CHILD',
        field: 'startTime',
        params: { therapist: who.name, start: formatClock(taken.start), end: formatClock(taken.start + taken.minutes) },
      });
    }
    for (const goalId of input.goalIds) {
      const goal = sql('SELECT enrolment_id FROM rehab_goal WHERE id = ?').get(goalId) as { enrolment_id: number } | undefined;
      if (goal?.enrolment_id !== input.enrolmentId) {
        issues.push({ code: 'REHAB_GOAL_NOT_FOUND', field: 'goalIds' });
        break;
      }
    }
    if (issues.length > 0) failFields(issues);
  }

  function insert(input: SessionInput, groupId: number | null): SessionRow {
    const now = clock.now();
    const who = actor();
    const id = Number(
      sql(
        `INSERT INTO rehab_session (enrolment_id, therapist_id, session_date, start_minute, minutes, type, attendance, group_id, note,
          location, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.enrolmentId,
        input.therapistId,
        input.date,
        input.startTime,
        input.minutes,
        input.type,
        input.attendance,
        groupId,
        input.note,
        input.location,
        now,
        who,
        now,
        who,
      ).lastInsertRowid,
    );
    const goalIds = [...new Set(input.goalIds)].sort((a, b) => a - b);
    const link = sql('INSERT INTO rehab_session_goal (session_id, goal_id) VALUES (?, ?)');
    for (const goalId of goalIds) link.run(id, goalId);
    return {
      id,
      enrolmentId: input.enrolmentId,
      therapistId: input.therapistId,
      date: input.date,
      startTime: formatClock(input.startTime),
      minutes: input.minutes,
      type: input.type,
      attendance: input.attendance,
      goalIds,
      note: input.note,
      groupId,
      version: 1,
      location: input.location,
    };
  }

  const log = db.transaction((input: SessionInput): SessionRow => {
    check(input, null, null);
    return insert(input, null);
  });

  /** A group session: one row per child, sharing the time slot; all are logged or none. */
  const logGroup = db.transaction(
    (input: Omit<SessionInput, 'attendance' | 'goalIds' | 'enrolmentId'> & { attendees: { enrolmentId: number; attendance: Attendance }[] }) => {
      const rows: SessionRow[] = [];
      let groupId: number | null = null;
      input.attendees.forEach((attendee, i) => {
        const session = { ...input, ...attendee, goalIds: [] };
        try {
          check(session, null, groupId);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          // Say which child of the group the problem is with.
          const issues = error.error.details ?? [error.error];
          failFields(issues.map((issue) => ({ ...issue, field: `attendees.${i}`, params: { ...issue.params, row: i + 1 } })));
        }
        const row = insert(session, groupId);
        if (groupId === null) {
          groupId = row.id;
          sql('UPDATE rehab_session SET group_id = ? WHERE id = ?').run(groupId, row.id);
        }
        rows.push({ ...row, groupId });
      });
      return rows;
    },
  );

  function load(id: number): SessionRow {
    const row = sql(`${SESSION_SELECT} WHERE s.id = ?`).get(id) as SessionDb | undefined;
    if (!row) fail('REHAB_SESSION_NOT_FOUND', undefined, { id });
    return toSessionRow(row);
  }

  /**
   * The one way a session changes or goes: loads it, refuses a stale version, then applies the
   * change. Subsidy claims will refuse sessions a submitted claim rests on, here.
   */
  function changeSession<T>(id: number, version: number, apply: (current: SessionRow) => T): T {
    const current = load(id);
    if (current.version !== version) fail('REHAB_STALE', undefined, { id });
    return apply(current);
  }

  const update = db.transaction((input: Omit<SessionInput, 'enrolmentId'> & { id: number; version: number }): SessionRow =>
    changeSession(input.id, input.version, (current) => {
      const next = { ...input, enrolmentId: current.enrolmentId };
      check(next, { id: current.id, therapistId: current.therapistId }, current.groupId);
      const goalIds = [...new Set(input.goalIds)].sort((a, b) => a - b);
      const after: SessionRow = { ...current, ...next, startTime: formatClock(input.startTime), goalIds };
      const changes = diff(current, after, TRACKED);
      if (changes.length === 0) return current;
      sql(
        `UPDATE rehab_session SET therapist_id = ?, session_date = ?, start_minute = ?, minutes = ?, type = ?, attendance = ?, note = ?,
          location = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
      ).run(input.therapistId, input.date, input.startTime, input.minutes, input.type, input.attendance, input.note, input.location, clock.now(), actor(), input.id);
      sql('DELETE FROM rehab_session_goal WHERE session_id = ?').run(input.id);
      const link = sql('INSERT INTO rehab_session_goal (session_id, goal_id) VALUES (?, ?)');
      for (const goalId of goalIds) link.run(input.id, goalId);
      logChange('session', input.id, current.enrolmentId, 'update', changes);
      return { ...after, version: current.version + 1 };
    }),
  );

  const remove = db.transaction((input: { id: number; version: number }) =>
    changeSession(input.id, input.version, (current) => {
      sql('DELETE FROM rehab_session WHERE id = ?').run(input.id);
      const { id: _id, version: _version, enrolmentId: _enrolment, ...fields } = current;
      logChange('session', input.id, current.enrolmentId, 'delete', Object.entries(fields).map(([field, before]) => ({ field, before, after: null })));
      return { id: input.id };
    }),
  );

  /**
   * A therapist's day: their caseload in the programme on that date (scheduled children first, by
   * time), any child they already logged that day, and any child asked for by id.
   */
  function day(input: { therapistId: number; date: string; include: number[] }): DayView {
    const rows = sql(
      `SELECT e.id, e.person_id, p.name, p.birth_date, e.category, e.cochlear_implant, e.therapist_id, e.schedule_days,
         e.schedule_start, e.schedule_minutes, e.default_type
       FROM rehab_enrolment e JOIN person p ON p.id = e.person_id
       WHERE (e.therapist_id = @therapist AND e.start_date <= @date AND (e.status = 'active'
              OR (e.status = 'paused' AND e.status_date > @date) OR (e.status = 'discharged' AND e.status_date >= @date)))
          OR e.id IN (SELECT enrolment_id FROM rehab_session WHERE therapist_id = @therapist AND session_date = @date)
          OR e.id IN (SELECT value FROM json_each(@include))`,
    ).all({ therapist: input.therapistId, date: input.date, include: JSON.stringify(input.include) }) as {
      id: number;
      person_id: number;
      name: string;
      birth_date: string;
      category: RehabCategory;
      cochlear_implant: 0 | 1;
      therapist_id: number;
      schedule_days: string;
      schedule_start: number | null;
      schedule_minutes: number;
      default_type: SessionType;
    }[];

    const sessionsOn = sql(`${SESSION_SELECT} WHERE s.enrolment_id = ? AND s.session_date = ? ORDER BY s.start_minute, s.id`);
    const openGoals = sql("SELECT id, domain, goal FROM rehab_goal WHERE enrolment_id = ? AND status = 'open' ORDER BY id");
    const previous = sql(`${SESSION_SELECT} WHERE s.enrolment_id = ? AND s.session_date < ? ORDER BY s.session_date DESC, s.start_minute DESC LIMIT 1`);

    const children: DayChild[] = rows.map((r) => {
      const goals = openGoals.all(r.id) as { id: number; domain: Domain; goal: string }[];
      const last = previous.get(r.id, input.date) as SessionDb | undefined;
      const open = new Set(goals.map((g) => g.id));
      const lastRow = last ? toSessionRow(last) : null;
      return {
        enrolmentId: r.id,
        personId: r.person_id,
        name: r.name,
        age: ageOn(r.birth_date, input.date),
        category: r.category,
        cochlearImplant: r.cochlear_implant === 1,
        scheduled: r.therapist_id === input.therapistId && isScheduledOn(r.schedule_days, input.date),
        inCaseload: r.therapist_id === input.therapistId,
        scheduleTime: r.schedule_start === null ? '' : formatClock(r.schedule_start),
        scheduleMinutes: r.schedule_minutes,
        proposedType: lastRow?.type ?? r.default_type,
        proposedGoalIds: lastRow ? lastRow.goalIds.filter((id) => open.has(id)) : [],
        openGoals: goals,
        sessions: (sessionsOn.all(r.id, input.date) as SessionDb[]).map(toSessionRow),
      };
    });
    // Scheduled children by time, then the rest of the caseload, then others, each by name.
    const rank = (c: DayChild) => (c.scheduled ? 0 : c.inCaseload ? 1 : 2);
    children.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.scheduled ? (a.scheduleTime || '99').localeCompare(b.scheduleTime || '99') : 0) ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.enrolmentId - b.enrolmentId,
    );
    const listed = new Set(children.map((c) => c.enrolmentId));
    const others = (
      sql(
        `SELECT e.id AS enrolmentId, p.name FROM rehab_enrolment e JOIN person p ON p.id = e.person_id
         WHERE e.status = 'active' AND e.start_date <= ? ORDER BY p.name, e.id`,
      ).all(input.date) as { enrolmentId: number; name: string }[]
    ).filter((o) => !listed.has(o.enrolmentId));
    return { date: input.date, therapistId: input.therapistId, children, others };
  }

  return { log, logGroup, update, remove, day };
}
