// Parent training (家长培训) for a child in rehab: who was trained, on what, for how long. Funded and
// counted by the relief programme, so each one is a record of its own.
import { fail, failFields, type AppError } from '../errors';
import type { ParentTraining } from './contract';
import type { RehabBase } from './base';

interface Row {
  id: number;
  enrolment_id: number;
  trained_on: string;
  parent: string;
  topic: string;
  tenth_hours: number;
  created_by: string;
}

const toTraining = (r: Row): ParentTraining => ({
  id: r.id,
  enrolmentId: r.enrolment_id,
  date: r.trained_on,
  parent: r.parent,
  topic: r.topic,
  hours: r.tenth_hours / 10,
  createdBy: r.created_by,
});

export function createParentTraining(base: RehabBase) {
  const { db, clock, actor, sql, logChange } = base;

  const create = db.transaction((input: { enrolmentId: number; date: string; parent: string; topic: string; hours: number }): ParentTraining => {
    const enrolment = sql('SELECT start_date FROM rehab_enrolment WHERE id = ?').get(input.enrolmentId) as { start_date: string } | undefined;
    if (!enrolment) fail('REHAB_NOT_FOUND', 'enrolmentId', { id: input.enrolmentId });
    const issues: AppError[] = [];
    const today = clock.today();
    if (input.date > today) issues.push({ code: 'REHAB_DATE_FUTURE', field: 'date', params: { today } });
    // Stored in tenths of an hour: 1.5 hours is 15, never a float that drifts.
    const tenths = Math.round(input.hours * 10);
    if (Math.abs(tenths - input.hours * 10) > 1e-9) issues.push({ code: 'REHAB_PARENT_HOURS', field: 'hours' });
    if (issues.length > 0) failFields(issues);
    const now = clock.now();
    const who = actor();
    const id = Number(
      sql('INSERT INTO rehab_parent_training (enrolment_id, trained_on, parent, topic, tenth_hours, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        input.enrolmentId,
        input.date,
        input.parent,
        input.topic,
        tenths,
        now,
        who,
      ).lastInsertRowid,
    );
    logChange('enrolment', input.enrolmentId, input.enrolmentId, 'update', [{ field: 'parentTraining', before: null, after: { date: input.date, topic: input.topic } }]);
    return list(input.enrolmentId).find((t) => t.id === id)!;
  });

  function list(enrolmentId: number): ParentTraining[] {
    return (sql('SELECT * FROM rehab_parent_training WHERE enrolment_id = ? ORDER BY trained_on DESC, id DESC').all(enrolmentId) as Row[]).map(toTraining);
  }

  return { create, list };
}
