// One year of a centre's records as a separate data file: the rows a return package for that year
// would carry (until the returns module defines its own), used as the floor's input for the export
// (VACUUM INTO of the same rows) and as the packages to consolidate.
import fs from 'node:fs';
import { openDatabase } from '../../db/open';

/** Rows of a year: [table, WHERE on the source table]; :F and :L are the year's first and last day. */
const PARTS: readonly (readonly [string, string])[] = [
  ['setting', '1'],
  ['person', 'id IN temp.slice_person'],
  ['person_support', 'person_id IN temp.slice_person'],
  ['rehab_therapist', '1'],
  ['rehab_enrolment', 'id IN temp.slice_enrolment'],
  ['rehab_goal', 'enrolment_id IN temp.slice_enrolment'],
  ['rehab_assessment', 'enrolment_id IN temp.slice_enrolment AND assessed_on BETWEEN :F AND :L'],
  ['rehab_assessment_score', 'assessment_id IN (SELECT id FROM main.rehab_assessment)'],
  ['rehab_session', 'session_date BETWEEN :F AND :L'],
  ['rehab_session_goal', 'session_id IN (SELECT id FROM main.rehab_session)'],
  ['rehab_visit', 'visited_on BETWEEN :F AND :L'],
  ['training_class', 'id IN temp.slice_class'],
  ['training_enrolment', 'class_id IN temp.slice_class'],
  ['training_session', 'class_id IN temp.slice_class'],
  ['training_attendance', 'session_id IN (SELECT id FROM main.training_session)'],
  ['training_certificate', 'enrolment_id IN (SELECT id FROM main.training_enrolment)'],
  ['employer', 'id IN (SELECT employer_id FROM src.placement WHERE id IN temp.slice_placement)'],
  ['placement', 'id IN temp.slice_placement'],
  ['placement_followup', 'placement_id IN temp.slice_placement'],
  ['device_item', '1'],
  ['device_assessment', 'assessed_on BETWEEN :F AND :L OR id IN (SELECT assessment_id FROM src.device_fitting WHERE id IN temp.slice_fitting)'],
  ['device_assessment_class', 'assessment_id IN (SELECT id FROM main.device_assessment)'],
  ['device_fitting', 'id IN temp.slice_fitting'],
  ['device_followup', 'fitting_id IN temp.slice_fitting'],
  ['device_followup_pending', 'fitting_id IN temp.slice_fitting'],
];

/** Keys of what the year touches; people are whoever any of it is about. */
const KEYS: readonly string[] = [
  `CREATE TEMP TABLE slice_enrolment AS SELECT id FROM src.rehab_enrolment
     WHERE start_date <= :L AND (status <> 'discharged' OR status_date >= :F)`,
  'CREATE TEMP TABLE slice_class AS SELECT id FROM src.training_class WHERE start_date <= :L AND end_date >= :F',
  'CREATE TEMP TABLE slice_placement AS SELECT id FROM src.placement WHERE start_date <= :L AND (end_date IS NULL OR end_date >= :F)',
  'CREATE TEMP TABLE slice_fitting AS SELECT id FROM src.device_fitting WHERE fitted_on BETWEEN :F AND :L',
  `CREATE TEMP TABLE slice_person AS
     SELECT person_id AS id FROM src.rehab_enrolment WHERE id IN temp.slice_enrolment
     UNION SELECT person_id FROM src.rehab_visit WHERE visited_on BETWEEN :F AND :L
     UNION SELECT person_id FROM src.training_enrolment WHERE class_id IN temp.slice_class
     UNION SELECT person_id FROM src.placement WHERE id IN temp.slice_placement
     UNION SELECT person_id FROM src.device_fitting WHERE id IN temp.slice_fitting
     UNION SELECT person_id FROM src.device_assessment WHERE assessed_on BETWEEN :F AND :L`,
];

function tables(db: ReturnType<typeof openDatabase>, schema: string): Set<string> {
  return new Set((db.prepare(`SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
}

/** Writes `target` (a new file with the app's schema) holding `source`'s rows of `year`; returns rows per table. */
export function sliceYear(source: string, target: string, year: number): Record<string, number> {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  const db = openDatabase(target);
  const counts: Record<string, number> = {};
  try {
    db.pragma('foreign_keys = OFF');
    db.pragma('synchronous = OFF');
    db.prepare('ATTACH DATABASE ? AS src').run(source);
    const here = tables(db, 'main');
    const there = tables(db, 'src');
    const bind = (sql: string) => sql.replaceAll(':F', `'${year}-01-01'`).replaceAll(':L', `'${year}-12-31'`);
    db.transaction(() => {
      for (const sql of KEYS) {
        try {
          db.exec(bind(sql));
        } catch {
          // A table this schema does not have yet: an empty key set.
          const name = /TEMP TABLE (\w+)/.exec(sql)![1]!;
          db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${name} (id INTEGER)`);
        }
      }
      for (const [table, where] of PARTS) {
        if (!here.has(table) || !there.has(table)) continue;
        db.exec(`DELETE FROM main.${table}`);
        counts[table] = db.prepare(bind(`INSERT INTO main.${table} SELECT * FROM src.${table} WHERE ${where}`)).run().changes;
      }
    })();
    db.exec('DETACH DATABASE src');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return counts;
}
