// A person's device need assessments (评估与处方), and the person a device file is about.
import type { z } from 'zod';
import { fail } from '../errors';
import type { Assessment, DevicePerson, assessmentInput } from './contract';
import type { DeviceClass } from './rules';
import { ageOn } from '../common/dates';
import { splitStatuses, type DevicesStore } from './store';

export type AssessmentsModule = ReturnType<typeof createAssessments>;

export function createAssessments(store: DevicesStore) {
  const { ctx, prepared } = store;

  // ---- the person ----

  function person(id: number): DevicePerson {
    const row = prepared(
      `SELECT p.id, p.name, p.id_number, p.sex, p.birth_date, p.disability_category, p.disability_level, p.household, p.phone,
        (SELECT group_concat(status) FROM person_support s WHERE s.person_id = p.id) AS support
       FROM person p WHERE p.id = ?`,
    ).get(id) as
      | {
          id: number;
          name: string;
          id_number: string;
          sex: 'M' | 'F';
          birth_date: string;
          disability_category: number | null;
          disability_level: number | null;
          household: 'urban' | 'rural';
          phone: string;
          support: string | null;
        }
      | undefined;
    if (!row) fail('PERSON_NOT_FOUND', 'personId', { id });
    return {
      id: row.id,
      name: row.name,
      idNumber: row.id_number,
      sex: row.sex,
      age: ageOn(row.birth_date, ctx.clock.today()),
      category: row.disability_category,
      level: row.disability_level,
      household: row.household,
      phone: row.phone,
      supportStatuses: splitStatuses(row.support),
    };
  }

  // ---- assessments ----

  function assessmentsOf(personId: number): Assessment[] {
    const rows = prepared(
      `SELECT a.*, (SELECT group_concat(device_class) FROM device_assessment_class c WHERE c.assessment_id = a.id) AS classes
       FROM device_assessment a WHERE a.person_id = ? ORDER BY a.assessed_on DESC, a.id DESC`,
    ).all(personId) as {
      id: number;
      person_id: number;
      assessed_on: string;
      assessor: string;
      needs: string;
      prescription: string;
      classes: string | null;
      created_at: string;
      created_by: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      assessedOn: r.assessed_on,
      assessor: r.assessor,
      needs: r.needs,
      recommendedClasses: (r.classes ?? '').split(',').filter(Boolean).sort() as DeviceClass[],
      prescription: r.prescription,
      createdAt: r.created_at,
      createdBy: r.created_by,
    }));
  }

  const createAssessment = ctx.db.transaction((input: z.output<ReturnType<typeof assessmentInput>>): Assessment => {
    person(input.personId);
    const today = ctx.clock.today();
    if (input.assessedOn > today) fail('DEVICE_DATE_FUTURE', 'assessedOn', { today });
    const now = ctx.clock.now();
    const actor = ctx.actor();
    const result = prepared(
      `INSERT INTO device_assessment (person_id, assessed_on, assessor, needs, prescription, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.personId, input.assessedOn, input.assessor, input.needs, input.prescription, now, actor);
    const id = Number(result.lastInsertRowid);
    const classes = [...new Set(input.recommendedClasses)].sort();
    const insertClass = prepared('INSERT INTO device_assessment_class (assessment_id, device_class) VALUES (?, ?)');
    for (const deviceClass of classes) insertClass.run(id, deviceClass);
    const values = { ...input, recommendedClasses: classes };
    store.logChange(
      'assessment',
      id,
      'create',
      (['assessedOn', 'assessor', 'needs', 'recommendedClasses', 'prescription'] as const)
        .filter((field) => values[field] !== '')
        .map((field) => ({ field, before: null, after: values[field] })),
      now,
    );
    return assessmentsOf(input.personId).find((a) => a.id === id)!;
  });

  return { person, assessmentsOf, createAssessment };
}
