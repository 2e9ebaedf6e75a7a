// What the checks and households read about people: the left-out checks (不漏一人), dated status
// facts and departures, households (一户多残, 零就业家庭), accident insurance, satisfaction answers
// and the figures the plans count. Queries fetch; rules.ts decides.
import { ageOn } from '../common/dates';
import { fail } from '../errors';
import type { Db } from '../open';
import type { Clock } from '../clock';
import { getSetting } from '../settings';
import { statements } from '../statements';
import type { CompareFigures, HouseholdList, HouseholdRow, InsuranceRow, LeftOutResult, PersonFacts, StatusFact } from './contract';
import {
  DEFAULT_WORKING_AGE,
  FACT_STATUSES,
  isWorkingAge,
  isZeroEmployment,
  leftOut,
  LEFT_OUT_CHECKS,
  satisfactionRate,
  SATISFACTION_SERVICES,
  type CheckedPerson,
  type FactStatus,
  type LeftOutCheck,
  type LeftOutSettings,
  type SatisfactionService,
  type WorkingAge,
} from './rules';
import { createStatusReader } from './statuses';

interface PersonDbRow {
  id: number;
  name: string;
  id_number: string;
  sex: 'M' | 'F';
  birth_date: string;
  cert_number: string | null;
  disability_level: number | null;
  cert_expiry: string | null;
  archived: number;
}

export function createPeopleFacts(db: Db, clock: Clock, actor: () => string) {
  const prepared = statements(db);
  const statusReader = createStatusReader(db);

  function workingAge(today: string): WorkingAge {
    return getSetting(db, 'people.workingAge', today, DEFAULT_WORKING_AGE);
  }

  function settings(today: string): LeftOutSettings {
    return {
      workingAge: workingAge(today),
      childMaxAge: getSetting(db, 'compare.childMaxAge', today, 6),
      contactMonths: getSetting(db, 'compare.contactMonths', today, 12),
    };
  }

  function idSet(sql: string, ...args: unknown[]): Set<number> {
    return new Set((prepared(sql).all(...args) as { id: number }[]).map((r) => r.id));
  }

  /** Employed today: a placement started on or before today and not ended before it. */
  function employedIds(today: string): Set<number> {
    return idSet('SELECT DISTINCT person_id AS id FROM placement WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)', today, today);
  }

  function departedIds(today: string): Set<number> {
    return idSet('SELECT person_id AS id FROM person_departure WHERE on_date <= ?', today);
  }

  /**
   * The last contact on record with each person: a placement's start, a follow-up done, an
   * enrolment in training, a home visit. The job seekers' own last contact (issue 16) joins here.
   */
  function lastContacts(): Map<number, string> {
    const last = new Map<number, string>();
    // One grouped read per kind of contact (each walks its person index) rather than one union to sort.
    for (const sql of [
      'SELECT person_id AS id, max(start_date) AS d FROM placement GROUP BY person_id',
      'SELECT p.person_id AS id, max(f.done_on) AS d FROM placement_followup f JOIN placement p ON p.id = f.placement_id WHERE f.done_on IS NOT NULL GROUP BY p.person_id',
      'SELECT person_id AS id, max(enrolled_on) AS d FROM training_enrolment GROUP BY person_id',
      'SELECT person_id AS id, max(visited_on) AS d FROM rehab_visit GROUP BY person_id',
      'SELECT person_id AS id, last_contact AS d FROM job_seeker WHERE last_contact IS NOT NULL',
    ]) {
      for (const r of prepared(sql).all() as { id: number; d: string }[]) if (r.d > (last.get(r.id) ?? '')) last.set(r.id, r.d);
    }
    return last;
  }

  function households(): Map<number, number> {
    const rows = prepared('SELECT person_id, household_id FROM household_member').all() as { person_id: number; household_id: number }[];
    return new Map(rows.map((r) => [r.person_id, r.household_id]));
  }

  function checkedPeople(today: string): CheckedPerson[] {
    const people = prepared(
      `SELECT id, name, id_number, sex, birth_date, cert_number, disability_level, cert_expiry, archived FROM person WHERE archived = 0`,
    ).all() as PersonDbRow[];
    const held = statusReader.held(today);
    const inRehab = idSet("SELECT DISTINCT person_id AS id FROM rehab_enrolment WHERE status <> 'discharged'");
    const diagnosed = idSet('SELECT DISTINCT person_id AS id FROM child_diagnosis');
    const employed = employedIds(today);
    const departed = departedIds(today);
    const contacts = lastContacts();
    const household = households();
    const householdStatuses = new Map<number, Set<string>>();
    for (const [personId, householdId] of household) {
      const own = householdStatuses.get(householdId) ?? new Set<string>();
      for (const s of held.get(personId) ?? []) own.add(s);
      householdStatuses.set(householdId, own);
    }
    const cleared = new Map<number, Set<LeftOutCheck>>();
    for (const r of prepared('SELECT person_id, check_kind FROM left_out_reason').all() as { person_id: number; check_kind: LeftOutCheck }[]) {
      const own = cleared.get(r.person_id) ?? new Set<LeftOutCheck>();
      own.add(r.check_kind);
      cleared.set(r.person_id, own);
    }
    return people.map((p) => {
      const statuses = held.get(p.id) ?? new Set<string>();
      const householdId = household.get(p.id);
      return {
        personId: p.id,
        name: p.name,
        idNumber: p.id_number,
        sex: p.sex,
        birthDate: p.birth_date,
        certNumber: p.cert_number ?? '',
        diagnosed: diagnosed.has(p.id),
        level: p.disability_level,
        certExpiry: p.cert_expiry ?? '',
        statuses,
        householdStatuses: householdId === undefined ? statuses : (householdStatuses.get(householdId) ?? statuses),
        inRehab: inRehab.has(p.id),
        employed: employed.has(p.id),
        lastContact: contacts.get(p.id) ?? '',
        archived: p.archived === 1,
        departed: departed.has(p.id),
        cleared: cleared.get(p.id) ?? new Set(),
      };
    });
  }

  function leftOutNow(): LeftOutResult {
    const today = clock.today();
    const rows = leftOut(checkedPeople(today), today, settings(today));
    const counts = Object.fromEntries(LEFT_OUT_CHECKS.map((c) => [c, 0])) as Record<LeftOutCheck, number>;
    for (const r of rows) counts[r.check] += 1;
    return { today, rows, counts };
  }

  function personExists(personId: number): void {
    if (!prepared('SELECT 1 FROM person WHERE id = ?').get(personId)) fail('PERSON_NOT_FOUND', 'personId', { id: personId });
  }

  const clear = db.transaction((input: { personId: number; check: LeftOutCheck; reason: string }): LeftOutResult => {
    personExists(input.personId);
    prepared('INSERT INTO left_out_reason (person_id, check_kind, reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)').run(
      input.personId,
      input.check,
      input.reason,
      clock.now(),
      actor(),
    );
    return leftOutNow();
  });

  // ---- one person's facts ----

  function insurance(personId: number | null): InsuranceRow[] {
    const today = clock.today();
    return (
      prepared(
        `SELECT i.id, i.person_id, p.name, i.policy_number, i.insurer, i.start_date, i.end_date FROM accident_insurance i
         JOIN person p ON p.id = i.person_id WHERE (? IS NULL OR i.person_id = ?) ORDER BY i.end_date DESC, i.id DESC`,
      ).all(personId, personId) as { id: number; person_id: number; name: string; policy_number: string; insurer: string; start_date: string; end_date: string }[]
    ).map((r) => ({
      id: r.id,
      personId: r.person_id,
      name: r.name,
      policyNumber: r.policy_number,
      insurer: r.insurer,
      startDate: r.start_date,
      endDate: r.end_date,
      current: r.start_date <= today && r.end_date >= today,
    }));
  }

  function facts(personId: number): PersonFacts {
    personExists(personId);
    const today = clock.today();
    const held = statusReader.held(today, personId).get(personId) ?? new Set<string>();
    const rows = prepared(
      'SELECT id, status, held, effective_from, list_id, note, recorded_at, recorded_by FROM person_status_fact WHERE person_id = ? ORDER BY effective_from DESC, id DESC',
    ).all(personId) as { id: number; status: FactStatus; held: number; effective_from: string; list_id: number | null; note: string; recorded_at: string; recorded_by: string }[];
    const departure = prepared('SELECT reason, on_date FROM person_departure WHERE person_id = ?').get(personId) as { reason: 'died' | 'moved'; on_date: string } | undefined;
    const household = prepared('SELECT h.id, h.label FROM household_member m JOIN household h ON h.id = m.household_id WHERE m.person_id = ?').get(personId) as
      | { id: number; label: string }
      | undefined;
    return {
      personId,
      current: FACT_STATUSES.filter((s) => held.has(s)),
      facts: rows.map(
        (r): StatusFact => ({
          id: r.id,
          status: r.status,
          held: r.held === 1,
          effectiveFrom: r.effective_from,
          listId: r.list_id,
          note: r.note,
          recordedAt: r.recorded_at,
          recordedBy: r.recorded_by,
        }),
      ),
      departure: departure ? { reason: departure.reason, onDate: departure.on_date } : null,
      household: household ?? null,
      insurance: insurance(personId),
    };
  }

  const recordFact = db.transaction((input: { personId: number; status: FactStatus; held: boolean; effectiveFrom: string; note: string }): PersonFacts => {
    personExists(input.personId);
    prepared(
      `INSERT INTO person_status_fact (person_id, status, held, effective_from, list_id, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`,
    ).run(input.personId, input.status, input.held ? 1 : 0, input.effectiveFrom, input.note, clock.now(), actor());
    return facts(input.personId);
  });

  const setDeparture = db.transaction((input: { personId: number; departure: { reason: 'died' | 'moved'; onDate: string } | null }): PersonFacts => {
    personExists(input.personId);
    if (input.departure && input.departure.onDate > clock.today()) fail('COMPARE_DATE_FUTURE', 'onDate', { today: clock.today() });
    prepared('DELETE FROM person_departure WHERE person_id = ?').run(input.personId);
    if (input.departure) {
      prepared('INSERT INTO person_departure (person_id, reason, on_date, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)').run(
        input.personId,
        input.departure.reason,
        input.departure.onDate,
        clock.now(),
        actor(),
      );
    }
    return facts(input.personId);
  });

  const addInsurance = db.transaction((input: { personId: number; policyNumber: string; insurer: string; startDate: string; endDate: string }): PersonFacts => {
    personExists(input.personId);
    if (input.endDate < input.startDate) fail('COMPARE_PERIOD_ORDER', 'endDate');
    prepared('INSERT INTO accident_insurance (person_id, policy_number, insurer, start_date, end_date, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      input.personId,
      input.policyNumber,
      input.insurer,
      input.startDate,
      input.endDate,
      clock.now(),
      actor(),
    );
    return facts(input.personId);
  });

  // ---- households ----

  function householdList(): HouseholdList {
    const today = clock.today();
    const range = workingAge(today);
    const employed = employedIds(today);
    const departed = departedIds(today);
    const rows = prepared(
      `SELECT h.id AS household_id, h.label, p.id, p.name, p.id_number, p.sex, p.birth_date, p.disability_level, m.relation
       FROM household h JOIN household_member m ON m.household_id = h.id JOIN person p ON p.id = m.person_id
       ORDER BY h.id, p.birth_date, p.id`,
    ).all() as { household_id: number; label: string; id: number; name: string; id_number: string; sex: 'M' | 'F'; birth_date: string; disability_level: number | null; relation: string }[];
    const byId = new Map<number, HouseholdRow & { facts: { birthDate: string; departed: boolean }[] }>();
    for (const r of rows) {
      let h = byId.get(r.household_id);
      if (!h) byId.set(r.household_id, (h = { id: r.household_id, label: r.label, members: [], zeroEmployment: false, facts: [] }));
      h.members.push({
        personId: r.id,
        name: r.name,
        idNumber: r.id_number,
        sex: r.sex,
        age: ageOn(r.birth_date, today),
        relation: r.relation,
        workingAge: isWorkingAge(r.sex, r.birth_date, today, range),
        employed: employed.has(r.id),
        level: r.disability_level,
      });
      h.facts.push({ birthDate: r.birth_date, departed: departed.has(r.id) });
    }
    const result: HouseholdRow[] = [];
    for (const { facts: known, ...h } of byId.values()) {
      const members = h.members.map((m, i) => ({ sex: m.sex, employed: m.employed, ...known[i]! }));
      result.push({ ...h, zeroEmployment: isZeroEmployment(members, today, range) });
    }
    return { rows: result, multiple: result.filter((h) => h.members.length >= 2).length, zeroEmployment: result.filter((h) => h.zeroEmployment).length };
  }

  /**
   * Puts a person in the household of another (who gets one named after them if they have none).
   * A person belongs to one household: joining another leaves the first.
   */
  const link = db.transaction((input: { personId: number; withPersonId: number; relation: string }): HouseholdList => {
    if (input.personId === input.withPersonId) fail('COMPARE_HOUSEHOLD_SELF', 'withPersonId');
    personExists(input.personId);
    const other = prepared('SELECT id, name FROM person WHERE id = ?').get(input.withPersonId) as { id: number; name: string } | undefined;
    if (!other) fail('PERSON_NOT_FOUND', 'withPersonId', { id: input.withPersonId });
    const now = clock.now();
    let householdId = (prepared('SELECT household_id AS id FROM household_member WHERE person_id = ?').get(other.id) as { id: number } | undefined)?.id;
    if (householdId === undefined) {
      householdId = Number(prepared('INSERT INTO household (label, created_at, created_by) VALUES (?, ?, ?)').run(other.name, now, actor()).lastInsertRowid);
      prepared("INSERT INTO household_member (person_id, household_id, relation, added_at, added_by) VALUES (?, ?, '', ?, ?)").run(other.id, householdId, now, actor());
    }
    leave(input.personId);
    prepared('INSERT INTO household_member (person_id, household_id, relation, added_at, added_by) VALUES (?, ?, ?, ?, ?)').run(input.personId, householdId, input.relation, now, actor());
    return householdList();
  });

  /** Takes a person out of their household; a household left with nobody goes. */
  function leave(personId: number): void {
    const row = prepared('SELECT household_id AS id FROM household_member WHERE person_id = ?').get(personId) as { id: number } | undefined;
    if (!row) return;
    prepared('DELETE FROM household_member WHERE person_id = ?').run(personId);
    const left = (prepared('SELECT count(*) AS n FROM household_member WHERE household_id = ?').get(row.id) as { n: number }).n;
    if (left === 0) prepared('DELETE FROM household WHERE id = ?').run(row.id);
  }

  const unlink = db.transaction((personId: number): HouseholdList => {
    if (!prepared('SELECT 1 FROM household_member WHERE person_id = ?').get(personId)) fail('COMPARE_NOT_IN_HOUSEHOLD', 'personId');
    leave(personId);
    return householdList();
  });

  // ---- satisfaction and figures ----

  const addSatisfaction = db.transaction((input: { personId: number; service: SatisfactionService; rating: number; answeredOn: string }): CompareFigures => {
    personExists(input.personId);
    if (input.answeredOn > clock.today()) fail('COMPARE_DATE_FUTURE', 'answeredOn', { today: clock.today() });
    prepared('INSERT INTO satisfaction_answer (person_id, service, rating, answered_on, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)').run(
      input.personId,
      input.service,
      input.rating,
      input.answeredOn,
      clock.now(),
      actor(),
    );
    return figures(Number(input.answeredOn.slice(0, 4)));
  });

  function figures(year: number): CompareFigures {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const today = clock.today();
    const onDay = to < today ? to : today;
    const answers = prepared('SELECT service, rating FROM satisfaction_answer WHERE answered_on BETWEEN ? AND ?').all(from, to) as { service: SatisfactionService; rating: number }[];
    const held = statusReader.held(onDay);
    const households = householdList();
    // Children in rehab training (康复训练) at some time in the year, and those of them insured in it.
    const childrenInRehab = idSet(
      "SELECT DISTINCT person_id AS id FROM rehab_enrolment WHERE start_date <= ? AND (status <> 'discharged' OR status_date >= ?)",
      to,
      from,
    );
    const insured = idSet('SELECT DISTINCT person_id AS id FROM accident_insurance WHERE start_date <= ? AND end_date >= ?', to, from);
    // Trainees of classes running in the year (农民工 status is asked of trainees).
    const trainees = idSet(
      'SELECT DISTINCT e.person_id AS id FROM training_enrolment e JOIN training_class c ON c.id = e.class_id WHERE c.start_date <= ? AND c.end_date >= ?',
      to,
      from,
    );
    return {
      year,
      satisfaction: [
        { service: 'all' as const, ...satisfactionRate(answers.map((a) => a.rating)) },
        ...SATISFACTION_SERVICES.map((service) => ({ service, ...satisfactionRate(answers.filter((a) => a.service === service).map((a) => a.rating)) })),
      ],
      familyDoctor: [...held.values()].filter((s) => s.has('family_doctor')).length,
      trainees: trainees.size,
      migrantTrainees: [...trainees].filter((id) => held.get(id)?.has('migrant_worker')).length,
      childrenInRehab: childrenInRehab.size,
      insuredChildren: [...childrenInRehab].filter((id) => insured.has(id)).length,
      households: households.rows.length,
      multipleHouseholds: households.multiple,
      zeroEmploymentHouseholds: households.zeroEmployment,
    };
  }

  return { leftOut: leftOutNow, clear, facts, recordFact, setDeparture, addInsurance, householdList, link, unlink, addSatisfaction, figures };
}
