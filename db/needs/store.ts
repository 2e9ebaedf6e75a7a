// Needs, screening, diagnosis certificates, the plan, referrals and reminders: queries and writes.
// Decisions live in ./rules.ts.
import type { z } from 'zod';
import { ageOn } from '../common/dates';
import { fail, failFields, type AppError } from '../errors';
import { statements } from '../statements';
import type { AreaContext } from '../context';
import { FULL_CERT_SQL } from '../people/people';
import type { RehabCategory } from '../rehab/rules';
import { metByFits, reminderState, type MetBy, type NeedKind, type NeedSource, type PlanArea, type ReferralStatus, type RehabService, type ReminderMethod, type ScreeningResult } from './rules';
import type {
  Diagnosis,
  Need,
  needsCalls,
  PersonNeeds,
  Plan,
  Referral,
  Reminder,
  RemindersDue,
  Screening,
  TransferIn,
  TransferSummary,
} from './contract';

type In<N extends keyof typeof needsCalls> = z.output<(typeof needsCalls)[N]['input']>;

interface NeedRow {
  id: number;
  person_id: number;
  kind: NeedKind;
  service: string;
  device_item_id: number | null;
  item_name: string | null;
  source: NeedSource;
  recorded_on: string;
  note: string;
  status: Need['status'];
  closed_on: string | null;
  met_by: MetBy | null;
  met_ref: number | null;
  close_reason: string;
  version: number;
}

const toNeed = (r: NeedRow): Need => ({
  id: r.id,
  personId: r.person_id,
  kind: r.kind,
  service: r.service === '' ? null : (r.service as RehabService),
  deviceItemId: r.device_item_id,
  deviceItemName: r.item_name ?? '',
  source: r.source,
  recordedOn: r.recorded_on,
  note: r.note,
  status: r.status,
  closedOn: r.closed_on ?? '',
  metBy: r.met_by,
  metRef: r.met_ref,
  closeReason: r.close_reason,
  version: r.version,
});

const NEED_SELECT = `SELECT n.*, i.name AS item_name FROM need n LEFT JOIN device_item i ON i.id = n.device_item_id`;

/** The table each "met by" service lives in, to check the record named belongs to the person. */
const MET_TABLES: Record<Exclude<MetBy, 'referral'>, string> = {
  rehab_enrolment: 'rehab_enrolment',
  device_fitting: 'device_fitting',
  training_enrolment: 'training_enrolment',
  placement: 'placement',
};

export function createNeedsStore(ctx: AreaContext) {
  const { db, clock } = ctx;
  const sql = statements(db);
  const stamp = () => ({ now: clock.now(), who: ctx.actor() });

  function personOf(personId: number, field = 'personId') {
    const row = sql(
      `SELECT p.id, p.name, p.id_number, p.sex, p.birth_date, ${FULL_CERT_SQL} AS cert_number, p.cert_expiry, p.guardian_name, p.phone
       FROM person p WHERE p.id = ?`,
    ).get(personId) as
      | { id: number; name: string; id_number: string; sex: 'M' | 'F'; birth_date: string; cert_number: string | null; cert_expiry: string | null; guardian_name: string; phone: string }
      | undefined;
    if (!row) fail('PERSON_NOT_FOUND', field, { id: personId });
    return row;
  }

  function notFuture(date: string, field: string, issues: AppError[]) {
    const today = clock.today();
    if (date > today) issues.push({ code: 'NEEDS_DATE_FUTURE', field, params: { today } });
  }

  // ---- needs ----

  function need(id: number): Need {
    const row = sql(`${NEED_SELECT} WHERE n.id = ?`).get(id) as NeedRow | undefined;
    if (!row) fail('NEEDS_NOT_FOUND', 'id', { id });
    return toNeed(row);
  }

  const createNeed = db.transaction((input: In<'needs.create'>): Need => {
    const person = personOf(input.personId);
    const issues: AppError[] = [];
    notFuture(input.recordedOn, 'recordedOn', issues);
    if (input.recordedOn < person.birth_date) issues.push({ code: 'NEEDS_BEFORE_BIRTH', field: 'recordedOn' });
    if (input.kind === 'rehab' && input.service === null) issues.push({ code: 'NEEDS_SERVICE_REQUIRED', field: 'service' });
    if (input.kind !== 'rehab' && input.service !== null) issues.push({ code: 'NEEDS_SERVICE_ONLY_REHAB', field: 'service' });
    if (input.kind === 'device') {
      if (input.deviceItemId === null) issues.push({ code: 'NEEDS_DEVICE_ITEM_REQUIRED', field: 'deviceItemId' });
      else if (!sql('SELECT 1 FROM device_item WHERE id = ?').get(input.deviceItemId)) issues.push({ code: 'NEEDS_DEVICE_ITEM_REQUIRED', field: 'deviceItemId' });
    } else if (input.deviceItemId !== null) issues.push({ code: 'NEEDS_DEVICE_ITEM_ONLY_DEVICE', field: 'deviceItemId' });
    if (issues.length > 0) failFields(issues);
    const { now, who } = stamp();
    const id = Number(
      sql(
        `INSERT INTO need (person_id, kind, service, device_item_id, source, recorded_on, note, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(input.personId, input.kind, input.service ?? '', input.deviceItemId, input.source, input.recordedOn, input.note, now, who, now, who).lastInsertRowid,
    );
    return need(id);
  });

  const closeNeed = db.transaction((input: In<'needs.close'>): Need => {
    const current = need(input.id);
    if (current.version !== input.version) fail('NEEDS_STALE', undefined, { id: input.id });
    if (current.status !== 'open') fail('NEEDS_ALREADY_CLOSED', 'outcome');
    const issues: AppError[] = [];
    notFuture(input.closedOn, 'closedOn', issues);
    if (input.closedOn < current.recordedOn) issues.push({ code: 'NEEDS_CLOSED_BEFORE_RECORDED', field: 'closedOn', params: { recordedOn: current.recordedOn } });
    if (input.outcome === 'met') {
      if (input.metBy === null) issues.push({ code: 'NEEDS_MET_BY_REQUIRED', field: 'metBy' });
      else if (!metByFits(current.kind, input.metBy)) issues.push({ code: 'NEEDS_MET_BY_KIND', field: 'metBy' });
      else if (input.metRef !== null && input.metBy !== 'referral') {
        const owner = sql(`SELECT person_id FROM ${MET_TABLES[input.metBy]} WHERE id = ?`).get(input.metRef) as { person_id: number } | undefined;
        if (!owner || owner.person_id !== current.personId) issues.push({ code: 'NEEDS_MET_REF_NOT_FOUND', field: 'metRef' });
      }
    } else if (input.reason === '') issues.push({ code: 'NEEDS_CLOSE_REASON_REQUIRED', field: 'reason' });
    if (issues.length > 0) failFields(issues);
    const { now, who } = stamp();
    sql(
      `UPDATE need SET status = ?, closed_on = ?, met_by = ?, met_ref = ?, close_reason = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
    ).run(
      input.outcome,
      input.closedOn,
      input.outcome === 'met' ? input.metBy : null,
      input.outcome === 'met' ? input.metRef : null,
      input.outcome === 'closed' ? input.reason : '',
      now,
      who,
      input.id,
    );
    return need(input.id);
  });

  // ---- screening and diagnosis ----

  const createScreening = db.transaction((input: In<'needs.screening.create'>): Screening => {
    const person = personOf(input.personId);
    const issues: AppError[] = [];
    notFuture(input.screenedOn, 'screenedOn', issues);
    if (input.screenedOn < person.birth_date) issues.push({ code: 'NEEDS_BEFORE_BIRTH', field: 'screenedOn' });
    if (input.result !== 'negative' && input.suspected === null) issues.push({ code: 'NEEDS_SUSPECTED_REQUIRED', field: 'suspected' });
    if (input.result === 'negative' && input.suspected !== null) issues.push({ code: 'NEEDS_SUSPECTED_NEGATIVE', field: 'suspected' });
    if (issues.length > 0) failFields(issues);
    const { now, who } = stamp();
    const id = Number(
      sql(
        'INSERT INTO child_screening (person_id, screened_on, screener, result, suspected, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(input.personId, input.screenedOn, input.screener, input.result, input.suspected ?? '', input.note, now, who).lastInsertRowid,
    );
    return { id, screenedOn: input.screenedOn, screener: input.screener, result: input.result, suspected: input.suspected, note: input.note };
  });

  const createDiagnosis = db.transaction((input: In<'needs.diagnosis.create'>): Diagnosis => {
    const person = personOf(input.personId);
    const issues: AppError[] = [];
    notFuture(input.diagnosedOn, 'diagnosedOn', issues);
    if (input.diagnosedOn < person.birth_date) issues.push({ code: 'NEEDS_BEFORE_BIRTH', field: 'diagnosedOn' });
    if (issues.length > 0) failFields(issues);
    const { now, who } = stamp();
    const id = Number(
      sql('INSERT INTO child_diagnosis (person_id, hospital, diagnosed_on, diagnosis, category, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        input.personId,
        input.hospital,
        input.diagnosedOn,
        input.diagnosis,
        input.category,
        now,
        who,
      ).lastInsertRowid,
    );
    return diagnosis(id);
  });

  function diagnosis(id: number): Diagnosis {
    const r = sql('SELECT * FROM child_diagnosis WHERE id = ?').get(id) as
      | { id: number; hospital: string; diagnosed_on: string; diagnosis: string; category: RehabCategory; linked_cert: string; linked_on: string | null }
      | undefined;
    if (!r) fail('NEEDS_NOT_FOUND', 'id', { id });
    return { id: r.id, hospital: r.hospital, diagnosedOn: r.diagnosed_on, diagnosis: r.diagnosis, category: r.category, linkedCert: r.linked_cert, linkedOn: r.linked_on ?? '' };
  }

  /** Links a diagnosis certificate to the disability certificate the child now holds. */
  const linkDiagnosis = db.transaction((id: number): Diagnosis => {
    const row = sql('SELECT person_id, linked_cert FROM child_diagnosis WHERE id = ?').get(id) as { person_id: number; linked_cert: string } | undefined;
    if (!row) fail('NEEDS_NOT_FOUND', 'id', { id });
    if (row.linked_cert !== '') fail('NEEDS_DIAGNOSIS_LINKED', 'id');
    const person = personOf(row.person_id);
    if (!person.cert_number) fail('NEEDS_DIAGNOSIS_NO_CERT', 'id');
    sql('UPDATE child_diagnosis SET linked_cert = ?, linked_on = ? WHERE id = ?').run(person.cert_number, clock.today(), id);
    return diagnosis(id);
  });

  // ---- the plan ----

  function plan(personId: number): Plan | null {
    const r = sql('SELECT * FROM service_plan WHERE person_id = ?').get(personId) as
      | {
          id: number;
          person_id: number;
          made_on: string;
          confirmed_by: string;
          confirmed_role: string;
          confirmed_on: string | null;
          review_on: string | null;
          review_outcome: string;
          reviewed_on: string | null;
          note: string;
          version: number;
        }
      | undefined;
    if (!r) return null;
    const items = (sql('SELECT id, area, service, need_id FROM service_plan_item WHERE plan_id = ? ORDER BY id').all(r.id) as {
      id: number;
      area: PlanArea;
      service: string;
      need_id: number | null;
    }[]).map((i) => ({ id: i.id, area: i.area, service: i.service, needId: i.need_id }));
    return {
      id: r.id,
      personId: r.person_id,
      madeOn: r.made_on,
      items,
      confirmedBy: r.confirmed_by,
      confirmedRole: r.confirmed_role === '' ? null : (r.confirmed_role as 'person' | 'guardian'),
      confirmedOn: r.confirmed_on ?? '',
      reviewOn: r.review_on ?? '',
      reviewOutcome: r.review_outcome,
      reviewedOn: r.reviewed_on ?? '',
      note: r.note,
      version: r.version,
    };
  }

  const savePlan = db.transaction((input: In<'needs.plan.save'>): Plan => {
    personOf(input.personId);
    const current = plan(input.personId);
    if (current && current.version !== input.version) fail('NEEDS_STALE', undefined, { id: current.id });
    if (!current && input.version !== null) fail('NEEDS_STALE', undefined, { id: 0 });
    const issues: AppError[] = [];
    notFuture(input.madeOn, 'madeOn', issues);
    const confirming = input.confirmedOn !== '' || input.confirmedBy !== '' || input.confirmedRole !== null;
    if (confirming) {
      if (input.confirmedBy === '') issues.push({ code: 'REQUIRED', field: 'confirmedBy' });
      if (input.confirmedRole === null) issues.push({ code: 'REQUIRED', field: 'confirmedRole' });
      if (input.confirmedOn === '') issues.push({ code: 'REQUIRED', field: 'confirmedOn' });
      else {
        notFuture(input.confirmedOn, 'confirmedOn', issues);
        if (input.confirmedOn < input.madeOn) issues.push({ code: 'NEEDS_CONFIRMED_BEFORE_PLAN', field: 'confirmedOn' });
      }
    }
    if (input.reviewOn !== '' && input.reviewOn < input.madeOn) issues.push({ code: 'NEEDS_REVIEW_BEFORE_PLAN', field: 'reviewOn' });
    if ((input.reviewedOn === '') !== (input.reviewOutcome === '')) {
      issues.push({ code: 'NEEDS_REVIEW_OUTCOME_DATE', field: input.reviewedOn === '' ? 'reviewedOn' : 'reviewOutcome' });
    }
    if (input.reviewedOn !== '') notFuture(input.reviewedOn, 'reviewedOn', issues);
    input.items.forEach((item, i) => {
      if (item.needId === null) return;
      const owner = sql('SELECT person_id FROM need WHERE id = ?').get(item.needId) as { person_id: number } | undefined;
      if (!owner || owner.person_id !== input.personId) issues.push({ code: 'NEEDS_NOT_FOUND', field: `items.${i}.needId` });
    });
    if (issues.length > 0) failFields(issues);
    const { now, who } = stamp();
    const values = [
      input.madeOn,
      input.confirmedBy,
      input.confirmedRole ?? '',
      input.confirmedOn || null,
      input.reviewOn || null,
      input.reviewOutcome,
      input.reviewedOn || null,
      input.note,
    ];
    let planId: number;
    if (current) {
      planId = current.id;
      sql(
        `UPDATE service_plan SET made_on = ?, confirmed_by = ?, confirmed_role = ?, confirmed_on = ?, review_on = ?, review_outcome = ?,
           reviewed_on = ?, note = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
      ).run(...values, now, who, planId);
      sql('DELETE FROM service_plan_item WHERE plan_id = ?').run(planId);
    } else {
      planId = Number(
        sql(
          `INSERT INTO service_plan (person_id, made_on, confirmed_by, confirmed_role, confirmed_on, review_on, review_outcome, reviewed_on, note,
             created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(input.personId, ...values, now, who, now, who).lastInsertRowid,
      );
    }
    const insert = sql('INSERT INTO service_plan_item (plan_id, area, service, need_id, planned_by) VALUES (?, ?, ?, ?, ?)');
    for (const item of input.items) insert.run(planId, item.area, item.service, item.needId, who);
    return plan(input.personId)!;
  });

  // ---- referrals ----

  function referral(id: number): Referral {
    const r = sql('SELECT * FROM referral WHERE id = ?').get(id) as
      | { id: number; person_id: number; direction: 'out' | 'in'; partner_kind: 'centre' | 'hospital'; partner: string; referred_on: string; reason: string; status: ReferralStatus; outcome: string; transfer_file: string; version: number }
      | undefined;
    if (!r) fail('NEEDS_NOT_FOUND', 'id', { id });
    return {
      id: r.id,
      personId: r.person_id,
      direction: r.direction,
      partnerKind: r.partner_kind,
      partner: r.partner,
      referredOn: r.referred_on,
      reason: r.reason,
      status: r.status,
      outcome: r.outcome,
      transferFile: r.transfer_file,
      version: r.version,
    };
  }

  const createReferral = db.transaction((input: In<'needs.referrals.create'> & { transferFile?: string }): Referral => {
    personOf(input.personId);
    const issues: AppError[] = [];
    notFuture(input.referredOn, 'referredOn', issues);
    if (input.status === 'completed' && input.outcome === '') issues.push({ code: 'NEEDS_OUTCOME_REQUIRED', field: 'outcome' });
    if (issues.length > 0) failFields(issues);
    const { now, who } = stamp();
    const id = Number(
      sql(
        `INSERT INTO referral (person_id, direction, partner_kind, partner, referred_on, reason, status, outcome, transfer_file, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(input.personId, input.direction, input.partnerKind, input.partner, input.referredOn, input.reason, input.status, input.outcome, input.transferFile ?? '', now, who, now, who)
        .lastInsertRowid,
    );
    return referral(id);
  });

  const updateReferral = db.transaction((input: In<'needs.referrals.update'>): Referral => {
    const current = referral(input.id);
    if (current.version !== input.version) fail('NEEDS_STALE', undefined, { id: input.id });
    if (input.status === 'completed' && input.outcome === '') failFields([{ code: 'NEEDS_OUTCOME_REQUIRED', field: 'outcome' }]);
    const { now, who } = stamp();
    sql('UPDATE referral SET status = ?, outcome = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?').run(input.status, input.outcome, now, who, input.id);
    return referral(input.id);
  });

  // ---- reminders ----

  const createReminder = db.transaction((input: In<'needs.reminders.create'>): Reminder => {
    const person = personOf(input.personId);
    if (!person.cert_expiry) fail('NEEDS_REMINDER_NO_EXPIRY', 'personId');
    const issues: AppError[] = [];
    notFuture(input.remindedOn, 'remindedOn', issues);
    if (issues.length > 0) failFields(issues);
    const { now, who } = stamp();
    const id = Number(
      sql(
        'INSERT INTO cert_reminder (person_id, cert_expiry, reminded_on, method, reminded_by, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(input.personId, person.cert_expiry, input.remindedOn, input.method, input.remindedBy, input.note, now, who).lastInsertRowid,
    );
    return { id, certExpiry: person.cert_expiry, remindedOn: input.remindedOn, method: input.method, remindedBy: input.remindedBy, note: input.note };
  });

  /** Who still lacks the first (≤ 6 months) or the second (≤ 1 month) reminder for their current certificate. */
  function remindersDue(limit: number): RemindersDue {
    const today = clock.today();
    const rows = sql(
      `SELECT p.id, p.name, p.id_number, ${FULL_CERT_SQL} AS cert_number, p.cert_expiry, p.phone,
         (SELECT group_concat(r.reminded_on) FROM cert_reminder r WHERE r.person_id = p.id AND r.cert_expiry = p.cert_expiry) AS reminded
       FROM person p
       WHERE p.archived = 0 AND p.cert_expiry IS NOT NULL AND p.cert_expiry BETWEEN ? AND date(?, '+6 months', '+3 days')
       ORDER BY p.cert_expiry, p.id`,
    ).all(today, today) as { id: number; name: string; id_number: string; cert_number: string | null; cert_expiry: string; phone: string; reminded: string | null }[];
    const result: RemindersDue = { today, lacksFirst: 0, lacksSecond: 0, rows: [] };
    for (const r of rows) {
      const dates = r.reminded ? r.reminded.split(',').sort() : [];
      const state = reminderState(r.cert_expiry, dates, today);
      if (!state || (!state.lacksFirst && !state.lacksSecond)) continue;
      if (state.lacksFirst) result.lacksFirst += 1;
      if (state.lacksSecond) result.lacksSecond += 1;
      if (result.rows.length < limit) {
        result.rows.push({
          personId: r.id,
          name: r.name,
          idNumber: r.id_number,
          certNumber: r.cert_number ?? '',
          certExpiry: r.cert_expiry,
          phone: r.phone,
          lacksFirst: state.lacksFirst,
          lacksSecond: state.lacksSecond,
          reminders: dates.length,
          lastReminder: dates.at(-1) ?? '',
        });
      }
    }
    return result;
  }

  // ---- the person's page ----

  function personNeeds(personId: number): PersonNeeds {
    const p = personOf(personId);
    const today = clock.today();
    const needs = (sql(`${NEED_SELECT} WHERE n.person_id = ? ORDER BY n.recorded_on DESC, n.id DESC`).all(personId) as NeedRow[]).map(toNeed);
    const screenings = (sql('SELECT * FROM child_screening WHERE person_id = ? ORDER BY screened_on DESC, id DESC').all(personId) as {
      id: number;
      screened_on: string;
      screener: string;
      result: ScreeningResult;
      suspected: string;
      note: string;
    }[]).map((s) => ({ id: s.id, screenedOn: s.screened_on, screener: s.screener, result: s.result, suspected: s.suspected === '' ? null : (s.suspected as RehabCategory), note: s.note }));
    const diagnoses = (sql('SELECT id FROM child_diagnosis WHERE person_id = ? ORDER BY diagnosed_on DESC, id DESC').all(personId) as { id: number }[]).map((d) => diagnosis(d.id));
    const referrals = (sql('SELECT id FROM referral WHERE person_id = ? ORDER BY referred_on DESC, id DESC').all(personId) as { id: number }[]).map((r) => referral(r.id));
    const reminders = (sql('SELECT * FROM cert_reminder WHERE person_id = ? ORDER BY reminded_on DESC, id DESC').all(personId) as {
      id: number;
      cert_expiry: string;
      reminded_on: string;
      method: ReminderMethod;
      reminded_by: string;
      note: string;
    }[]).map((r) => ({ id: r.id, certExpiry: r.cert_expiry, remindedOn: r.reminded_on, method: r.method, remindedBy: r.reminded_by, note: r.note }));
    const transfersIn = (sql('SELECT id, from_centre, imported_at, summary FROM rehab_transfer_in WHERE person_id = ? ORDER BY id DESC').all(personId) as {
      id: number;
      from_centre: string;
      imported_at: string;
      summary: string;
    }[]).map((t): TransferIn => ({ id: t.id, fromCentre: t.from_centre, importedAt: t.imported_at, summary: JSON.parse(t.summary) as TransferSummary }));
    return {
      person: {
        id: p.id,
        name: p.name,
        idNumber: p.id_number,
        sex: p.sex,
        birthDate: p.birth_date,
        age: ageOn(p.birth_date, today),
        certNumber: p.cert_number ?? '',
        certExpiry: p.cert_expiry ?? '',
        guardianName: p.guardian_name,
      },
      needs,
      screenings,
      diagnoses,
      plan: plan(personId),
      referrals,
      reminders,
      transfersIn,
    };
  }

  return {
    personOf,
    personNeeds,
    createNeed,
    closeNeed,
    createScreening,
    createDiagnosis,
    linkDiagnosis,
    savePlan,
    createReferral,
    updateReferral,
    createReminder,
    remindersDue,
  };
}
