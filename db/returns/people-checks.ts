// What a centre's format-3 return package carries of its people checks (不漏一人, issue 19): its
// summary figures, the department lists it compared in the period, the people its left-out checks
// find and its satisfaction answers per service. The checks are the centre's own (db/compare),
// run on the export's snapshot as they stand on the day of the export (what the centre sees on its
// screens that day); answers, lists, insurance and training count over the package's period.
import type { Db } from '../open';
import { createPeopleFacts } from '../compare/people-facts';
import { createLists } from '../compare/lists';
import { createStatusReader } from '../compare/statuses';
import { SATISFACTION_SERVICES, SATISFIED_FROM } from '../compare/rules';
import { packageTable, type TableDef } from './format';
import type { TableSource } from './writer';
import type { Period } from './rules';

/** SQLite's order of values in one column: NULL first, numbers numerically, text by its UTF-8 bytes. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));
}

/** Rows in the checksum's canonical order: sorted by every column, in declared order. */
export function canonicalRows(rows: unknown[][]): unknown[][] {
  return [...rows].sort((x, y) => {
    for (let i = 0; i < x.length; i += 1) {
      const c = compareValues(x[i], y[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
}

function fixed(table: TableDef, rows: unknown[][]): TableSource {
  const sorted = canonicalRows(rows);
  return { table, rows: () => sorted };
}

export interface PeopleCheckRows {
  summary: unknown[][];
  lists: unknown[][];
  leftOut: unknown[][];
  satisfaction: unknown[][];
}

/**
 * The rows of the four tables for one centre. `checkedOn` is the day the checks are run on (the
 * export's); `personKey` turns an ID number into the package's person key (de-identified or not).
 */
export function peopleCheckRows(snap: Db, period: Period, centre: string, checkedOn: string, personKey: (idNumber: string) => string): PeopleCheckRows {
  const clock = { today: () => checkedOn, now: () => `${checkedOn}T00:00:00+08:00` };
  const actor = () => 'returns.export';
  const facts = createPeopleFacts(snap, clock, actor);
  const lists = createLists(snap, clock, actor);
  // The period's last day, or the day of the export for a period still running.
  const asOf = period.to < checkedOn ? period.to : checkedOn;

  const ids = (sql: string, ...args: unknown[]) => new Set((snap.prepare(sql).pluck().all(...args) as number[]).map(Number));
  const held = createStatusReader(snap).held(asOf);
  const households = facts.householdList();
  const childrenInRehab = ids(
    "SELECT DISTINCT person_id FROM rehab_enrolment WHERE start_date <= ? AND (status <> 'discharged' OR status_date >= ?)",
    period.to,
    period.from,
  );
  const insured = ids('SELECT DISTINCT person_id FROM accident_insurance WHERE start_date <= ? AND end_date >= ?', period.to, period.from);
  const trainees = ids(
    'SELECT DISTINCT e.person_id FROM training_enrolment e JOIN training_class c ON c.id = e.class_id WHERE c.start_date <= ? AND c.end_date >= ?',
    period.to,
    period.from,
  );
  const summary = [
    [
      centre,
      checkedOn,
      households.rows.length,
      households.multiple,
      households.zeroEmployment,
      [...held.values()].filter((s) => s.has('family_doctor')).length,
      childrenInRehab.size,
      [...childrenInRehab].filter((id) => insured.has(id)).length,
      trainees.size,
      [...trainees].filter((id) => held.get(id)?.has('migrant_worker')).length,
    ],
  ];

  const listIds = snap.prepare('SELECT id FROM department_list WHERE list_date BETWEEN ? AND ? ORDER BY id').pluck().all(period.from, period.to) as number[];
  const listRows = listIds.map((id) => {
    const c = lists.compare(id);
    return [
      centre,
      id,
      c.list.source,
      c.list.sourceName,
      c.list.listDate,
      JSON.stringify(c.list.statuses),
      c.list.rowCount,
      c.counts.same,
      c.counts.different,
      c.counts.onlyTheirs,
      c.counts.onlyRegister,
      c.counts.departed,
    ];
  });

  const leftOut = facts.leftOut().rows.map((r) => [centre, r.check, personKey(r.idNumber), r.reason]);

  const answers = snap
    .prepare(
      `SELECT service, count(*) AS answers, sum(rating >= ?) AS satisfied FROM satisfaction_answer
       WHERE answered_on BETWEEN ? AND ? GROUP BY service`,
    )
    .all(SATISFIED_FROM, period.from, period.to) as { service: string; answers: number; satisfied: number }[];
  const known = new Set<string>(SATISFACTION_SERVICES);
  const satisfaction = answers.filter((a) => known.has(a.service)).map((a) => [centre, a.service, a.answers, a.satisfied]);

  return { summary, lists: listRows, leftOut, satisfaction };
}

/** The four format-3 tables of a centre's package, in checksum order. */
export function peopleCheckSources(snap: Db, period: Period, centre: string, checkedOn: string): TableSource[] {
  const key = snap.prepare('SELECT returns_person_key(?)').pluck();
  const rows = peopleCheckRows(snap, period, centre, checkedOn, (id) => key.get(id) as string);
  return [
    fixed(packageTable('centre_summary'), rows.summary),
    fixed(packageTable('department_list'), rows.lists),
    fixed(packageTable('left_out'), rows.leftOut),
    fixed(packageTable('satisfaction'), rows.satisfaction),
  ];
}
