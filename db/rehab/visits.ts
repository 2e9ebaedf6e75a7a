// Home visits (访视): recording them, and who is due or overdue for one. Children in the programme,
// children under the age setting and severe adults each calendar quarter; everyone else on the
// register each calendar year (a visit in one quarter does not count for the next).
import { ageOn } from '../common/dates';
import { fail } from '../errors';
import type { Visit, VisitDueRow, VisitsDue } from './contract';
import type { RehabBase } from './base';
import { visitFetchCutoff, visitFrequency, visitStatusOn, type VisitFrequency } from './rules';

/** Chinese names in the order people expect (pinyin); made once, as making one costs more than sorting with it. */
const byName = new Intl.Collator('zh-CN');

/**
 * The first `k` items in `compare` order (a total order), as sorting all and keeping k would give,
 * with far fewer comparisons when k is small beside the list (200 of 2,000 people due).
 */
export function firstInOrder<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  if (k <= 0) return best;
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(best[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

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

  // Prepared here, not through the shared cache: it answers rows as arrays (statements.ts).
  const candidatesSince = db
    .prepare(
      `SELECT p.id, p.name, p.birth_date, p.disability_level, e.id AS enrolment_id,
         coalesce(e.start_date, substr(p.created_at, 1, 10)) AS since,
         (SELECT max(v.visited_on) FROM rehab_visit v WHERE v.person_id = p.id) AS last_visit
       FROM person p LEFT JOIN rehab_enrolment e ON e.person_id = p.id AND e.status <> 'discharged'
       WHERE p.archived = 0 AND NOT EXISTS (SELECT 1 FROM rehab_visit v WHERE v.person_id = p.id AND v.visited_on >= ?)`,
    )
    .raw(true);

  function due(input: { frequency: VisitFrequency; limit: number }): VisitsDue {
    const today = clock.today();
    const s = base.settings(today);
    const months: Record<VisitFrequency, number> = { frequent: s['rehab.visit.frequentMonths'], other: s['rehab.visit.otherMonths'] };
    const window = s['rehab.visit.dueWithinDays'];
    // Whoever was visited in the current quarter is not due under either cadence.
    const cutoff = visitFetchCutoff(Math.min(months.frequent, months.other), today);
    // Only what deciding needs, for everyone on the register not visited since the cutoff, as plain
    // arrays (at scale 100: 4,000 people; objects cost twice as much); the 200 rows shown get their
    // ID number and category after.
    const candidates = candidatesSince.all(cutoff) as [
      id: number,
      name: string,
      birthDate: string,
      level: number | null,
      enrolmentId: number | null,
      since: string,
      lastVisit: string | null,
    ][];

    const statusOf = { frequent: visitStatusOn(months.frequent, today, window), other: visitStatusOn(months.other, today, window) };
    const counts: VisitsDue['counts'] = { frequent: { overdue: 0, due: 0 }, other: { overdue: 0, due: 0 } };
    const listed: { c: (typeof candidates)[number]; age: number; nextDue: string; band: 'overdue' | 'due' }[] = [];
    for (const c of candidates) {
      const [, , birthDate, level, enrolmentId, since, lastVisit] = c;
      const age = ageOn(birthDate, today);
      const frequency = visitFrequency({ age, level, inProgramme: enrolmentId !== null }, s['rehab.visit.childUnder']);
      const status = statusOf[frequency](lastVisit, since);
      if (status.band === 'ok') continue;
      counts[frequency][status.band] += 1;
      if (frequency === input.frequency) listed.push({ c, age, nextDue: status.nextDue, band: status.band });
    }
    const shown = sql('SELECT id_number, disability_category FROM person WHERE id = ?');
    const order = (a: (typeof listed)[number], b: (typeof listed)[number]) => a.nextDue.localeCompare(b.nextDue) || byName.compare(a.c[1], b.c[1]) || a.c[0] - b.c[0];
    const rows: VisitDueRow[] = firstInOrder(listed, input.limit, order).map(({ c: [personId, name, , level, enrolmentId, , lastVisit], age, nextDue, band }) => {
      const more = shown.get(personId) as { id_number: string; disability_category: number | null };
      return { personId, name, age, idNumber: more.id_number, category: more.disability_category, level, enrolmentId, lastVisit: lastVisit ?? '', nextDue, band };
    });
    const recent = (
      sql(
        `SELECT v.id, v.person_id, p.name, v.visited_on, v.visitor, v.note, v.created_by, v.created_at
         FROM rehab_visit v JOIN person p ON p.id = v.person_id ORDER BY v.id DESC LIMIT 10`,
      ).all() as { id: number; person_id: number; name: string; visited_on: string; visitor: string; note: string; created_by: string; created_at: string }[]
    ).map((v) => ({ id: v.id, personId: v.person_id, name: v.name, date: v.visited_on, visitor: v.visitor, note: v.note, createdBy: v.created_by, createdAt: v.created_at }));
    return { today, frequency: input.frequency, intervalMonths: months[input.frequency], counts, rows, total: listed.length, recent };
  }

  return { create, due };
}
