// 019: removing a large draft claim batch (issue 13: a 100,000-line draft in under a second).
// Every line deleted pays for each index that holds it and for each foreign key that points at it.
//
// claim_line_service held every live line of every programme, but only two statements read it:
// the training guards of migration 011 (programme = 'training', by service_key) and the search for
// a line to adjust, which now starts from the programme's approved batches instead. It now holds
// live training lines only: a month's rehab claim (the batches that reach 100,000 lines) is no
// longer written into it, nor deleted from it one entry at a time.
//
// claim_line_person held every line by person, and claim_line_once the live claims by person too
// (under their programme first): a draft's line was written into both. claim_line_once now leads
// with the person, and claim_line_person_rest holds only the lines claim_line_once does not (not
// live, or adjustments); reading all of a person's lines reads both (db/people/overview.ts, and
// the year's total in db/claims/build.ts). A draft's claim line sits in one person index, not two.
//
// claim_lock's link to its line was ON DELETE CASCADE: SQLite runs the cascade as a small program
// for every line deleted, even when (as for a draft, which locks nothing) it finds no link. It is
// RESTRICT now, as every other reference to a line is: whatever deletes lines deletes their links
// first, in one statement (db/claims), and a link left behind refuses the delete instead of going
// silently. The table is rebuilt to change the action (SQLite cannot alter a foreign key); every
// row is copied, and the view the guard triggers read is made again as it was.
export default /* sql */ `
DROP INDEX claim_line_service;
CREATE INDEX claim_line_training_service ON claim_line (service_key) WHERE live = 1 AND programme = 'training';
DROP INDEX claim_line_once;
CREATE UNIQUE INDEX claim_line_once ON claim_line (person_id, programme, service_key) WHERE live = 1 AND kind = 'claim';
DROP INDEX claim_line_person;
CREATE INDEX claim_line_person_rest ON claim_line (person_id, programme, service_year) WHERE live = 0 OR kind = 'adjustment';

ALTER TABLE claim_lock RENAME TO claim_lock_018;
DROP VIEW claim_locked;
CREATE TABLE claim_lock (
  record_type TEXT NOT NULL CHECK (record_type IN ('rehab_session', 'training_enrolment', 'device_fitting')),
  record_id INTEGER NOT NULL,
  line_id INTEGER NOT NULL REFERENCES claim_line (id) ON DELETE RESTRICT,
  PRIMARY KEY (record_type, record_id, line_id)
) WITHOUT ROWID;
INSERT INTO claim_lock (record_type, record_id, line_id) SELECT record_type, record_id, line_id FROM claim_lock_018 ORDER BY record_type, record_id, line_id;
DROP TABLE claim_lock_018;
CREATE INDEX claim_lock_line ON claim_lock (line_id);
CREATE VIEW claim_locked AS
  SELECT k.record_type, k.record_id, b.number, b.id AS batch_id
  FROM claim_lock k JOIN claim_line l ON l.id = k.line_id JOIN claim_batch b ON b.id = l.batch_id
  WHERE l.excluded = 0 AND b.status IN ('submitted', 'approved', 'paid');
`;
