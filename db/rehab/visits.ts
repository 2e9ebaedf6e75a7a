// Home visits (访视): recording them, and who is due or overdue for one. Children in the programme,
// children under the age setting and severe adults each calendar quarter; everyone else on the
// register each calendar year (a visit in one quarter does not count for the next).
import { ageOn } from '../common/dates';
import { fail } from '../errors';
import type { Visit, VisitDueRow, VisitsDue } from './contract';
import type { RehabBase } from './base';
import { visitFetchCutoff, visitFrequency, visitStatus, type VisitFrequency } from './rules';

export function createVisits(base: RehabBase) {
  const { db, clock, actor, sql, logChange } = base;

  const create = db.transaction((input: { personId: number; date: string; visitor: string; note: string }): Visit => {
    const person = sql(
      "SELECT p.id, (SELECT e.id FROM rehab_enrolment e WHERE e.person_id = p.id AND e.status <> 'discharged') AS enrolment_id FROM person p WHERE p.id = ?",
    ).get(input.personId) as { id: number; enrolment_id: number | null } | undefined;
    if (!person) fail('PERSON_NOT_FOUND', 'personId', { id: input.personId });
    const today = clock.today();
    if (input.date > today) fail('REHAB_DATE_FUTURE', 'date', { today });
    const now = clock.now();
    const who = actor();
    const id = Number(
      sql(
        'INSERT INTO rehab_visit (person_id, visited_on, visitor, note, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(input.personId, input.date, input.visitor, input.note, now, who, now, who).lastInsertRowid,
    );
    logChange('visit', id, person.enrolment_id, 'create', [{ field: 'date', before: null, after: input.date }]);
    return { id, personId: input.personId, date: input.date, visitor: input.visitor, note: input.note, createdBy: who, createdAt: now };
  });

  function due(input: { frequency: VisitFrequency; limit: number }): VisitsDue {
    const today = clock.today();
    const s = base.settings(today);
    const months: Record<VisitFrequency, number> = { frequent: s['rehab.visit.frequentMonths'], other: s['rehab.visit.otherMonths'] };
    const window = s['rehab.visit.dueWithinDays'];
    // Whoever was visited in the current quarter is not due under either cadence.
    const cutoff = visitFetchCutoff(Math.min(months.frequent, months.other), today);
    const candidates = sql(
      `WITH c AS (
         SELECT p.id, p.name, p.id_number, p.birth_date, p.disability_category, p.disability_level, e.id AS enrolment_id,
           coalesce(e.start_date, substr(p.created_at, 1, 10)) AS since,
           (SELECT max(v.visited_on) FROM rehab_visit v WHERE v.person_id = p.id) AS last_visit
         FROM person p LEFT JOIN rehab_enrolment e ON e.person_id = p.id AND e.status <> 'discharged'
         WHERE p.archived = 0)
       SELECT * FROM c WHERE last_visit IS NULL OR last_visit < ?`,
    ).all(cutoff) as {
      id: number;
      name: string;
      id_number: string;
      birth_date: string;
      disability_category: number | null;
      disability_level: number | null;
      enrolment_id: number | null;
      since: string;
      last_visit: string | null;
    }[];

    const counts: VisitsDue['counts'] = { frequent: { overdue: 0, due: 0 }, other: { overdue: 0, due: 0 } };
    const rows: VisitDueRow[] = [];
    for (const c of candidates) {
      const age = ageOn(c.birth_date, today);
      const frequency = visitFrequency({ age, level: c.disability_level, inProgramme: c.enrolment_id !== null }, s['rehab.visit.childUnder']);
      const status = visitStatus(c.last_visit, c.since, months[frequency], today, window);
      if (status.band === 'ok') continue;
      counts[frequency][status.band] += 1;
      if (frequency !== input.frequency) continue;
      rows.push({
        personId: c.id,
        name: c.name,
        age,
        idNumber: c.id_number,
        category: c.disability_category,
        level: c.disability_level,
        enrolmentId: c.enrolment_id,
        lastVisit: c.last_visit ?? '',
        nextDue: status.nextDue,
        band: status.band,
      });
    }
    rows.sort((a, b) => a.nextDue.localeCompare(b.nextDue) || a.name.localeCompare(b.name, 'zh-CN') || a.personId - b.personId);
    const recent = (
      sql(
        `SELECT v.id, v.person_id, p.name, v.visited_on, v.visitor, v.note, v.created_by, v.created_at
         FROM rehab_visit v JOIN person p ON p.id = v.person_id ORDER BY v.id DESC LIMIT 10`,
      ).all() as { id: number; person_id: number; name: string; visited_on: string; visitor: string; note: string; created_by: string; created_at: string }[]
    ).map((v) => ({ id: v.id, personId: v.person_id, name: v.name, date: v.visited_on, visitor: v.visitor, note: v.note, createdBy: v.created_by, createdAt: v.created_at }));
    return { today, frequency: input.frequency, intervalMonths: months[input.frequency], counts, rows: rows.slice(0, input.limit), total: rows.length, recent };
  }

  return { create, due };
}
