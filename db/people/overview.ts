// One page per person: what the needs, rehab, training, employment, devices and claims areas hold about
// a person, each section only for a caller who may read that area. Small indexed reads by person.
import type { Db } from '../open';
import type { Caller } from '../call';
import { can, type Permission } from '../trust/permissions';
import type { PersonOverview } from './contract';

export function personOverview(db: Db, personId: number, caller: Caller | null): PersonOverview {
  const may = (permission: Permission) => caller !== null && can(caller.role, permission);
  /** Rows of a statement whose `binds` parameters are all the person's id. */
  const all = <T>(sql: string, binds = 1): T[] => db.prepare(sql).all(...Array<number>(binds).fill(personId)) as T[];
  return {
    needs: all(
      `SELECT id, kind, service, recorded_on AS recordedOn, status FROM need
       WHERE person_id = ? ORDER BY status = 'open' DESC, recorded_on DESC, id DESC`,
    ),
    rehab: may('rehab.read')
      ? all(
          `SELECT e.id AS enrolmentId, e.category, e.status, e.start_date AS startDate, t.name AS therapistName,
             (SELECT count(*) FROM rehab_session s WHERE s.enrolment_id = e.id AND s.attendance = 'present') AS sessions,
             (SELECT max(s.session_date) FROM rehab_session s WHERE s.enrolment_id = e.id) AS lastSession
           FROM rehab_enrolment e JOIN rehab_therapist t ON t.id = e.therapist_id
           WHERE e.person_id = ? ORDER BY e.start_date DESC, e.id DESC`,
        )
      : null,
    visits: may('rehab.read')
      ? all(`SELECT visited_on AS date, visitor FROM rehab_visit WHERE person_id = ? ORDER BY visited_on DESC, id DESC LIMIT 20`)
      : null,
    training: may('training.read')
      ? all(
          `SELECT c.id AS classId, c.title, c.start_date AS startDate, c.end_date AS endDate, e.completed_on AS completedOn
           FROM training_enrolment e JOIN training_class c ON c.id = e.class_id
           WHERE e.person_id = ? ORDER BY c.start_date DESC, c.id DESC`,
        )
      : null,
    placements: may('training.read')
      ? all(
          `SELECT p.id, m.name AS employerName, p.start_date AS startDate, p.end_date AS endDate, p.placement_type AS placementType
           FROM placement p LEFT JOIN employer m ON m.id = p.employer_id
           WHERE p.person_id = ? ORDER BY p.start_date DESC, p.id DESC`,
        )
      : null,
    devices: may('devices.read')
      ? all(
          `SELECT f.id, i.name AS itemName, f.fitted_on AS fittedOn, f.subsidy_fen AS subsidyFen
           FROM device_fitting f JOIN device_item i ON i.id = f.item_id
           WHERE f.person_id = ? ORDER BY f.fitted_on DESC, f.id DESC`,
        )
      : null,
    // A person's lines are in one of two indexes (migration 019): live claims in claim_line_once,
    // the rest (not live, adjustments) in claim_line_person_rest.
    claims: may('claims.read')
      ? all(
          `SELECT b.id AS batchId, b.number AS batchNumber, b.programme, b.period, b.status, sum(l.amount_fen) AS amountFen
           FROM (SELECT batch_id, amount_fen FROM claim_line WHERE person_id = ? AND live = 1 AND kind = 'claim'
                 UNION ALL
                 SELECT batch_id, amount_fen FROM claim_line WHERE person_id = ? AND (live = 0 OR kind = 'adjustment') AND excluded = 0) l
           JOIN claim_batch b ON b.id = l.batch_id
           GROUP BY b.id ORDER BY b.period DESC, b.id DESC`,
          2,
        )
      : null,
  };
}
