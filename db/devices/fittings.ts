// A person's device file: need assessments, fittings with their subsidy split, and follow-up
// visits. Queries fetch and write here; the decisions are in ./rules.ts.
import type { z } from 'zod';
import { fail, failFields, type AppError } from '../errors';
import type { SupportStatus } from '../people/rules';
import type {
  Assessment,
  DevicePerson,
  DevicePersonFile,
  Fitting,
  FittingRow,
  Followup,
  FollowupDueRow,
  FollowupsDue,
  Quote,
  assessmentInput,
  fittingInput,
  fittingUpdate,
  followupInput,
  quoteInput,
} from './contract';
import type { CatalogueModule } from './catalogue';
import {
  addDays,
  computeSubsidy,
  deviceKind,
  findEarlyReplacement,
  nextFollowupDue,
  replaceableFrom,
  type AbandonReason,
  type DeviceClass,
  type EarlierFitting,
  type FollowupOutcome,
  type SubsidyItem,
  type SubsidyRule,
} from './rules';
import { addMonths, ageOn } from '../common/dates';
import { diff, type DevicesStore } from './store';

type FittingFields = z.output<typeof fittingInput>;
type FittingChange = z.output<typeof fittingUpdate>;

interface FittingDbRow {
  id: number;
  person_id: number;
  assessment_id: number | null;
  item_id: number;
  item_code: string;
  item_name: string;
  device_class: DeviceClass;
  kind: string;
  item_basic: 0 | 1;
  item_cap_fen: number;
  replace_months: number;
  supplier: string;
  serial_number: string;
  fitted_on: string;
  cost_fen: number;
  subsidy_fen: number;
  self_paid_fen: number;
  rule_applied: SubsidyRule;
  rule_status: SupportStatus | null;
  rule_percent: number;
  rule_cap_fen: number;
  statuses: string;
  training_given: 0 | 1;
  training_notes: string;
  replace_from: string;
  early_replacement_of: number | null;
  replacement_reason: string;
  followup_due: string;
  next_due: string | null;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

const FITTING_COLUMNS = `f.*, i.code AS item_code, i.name AS item_name,
  (SELECT due_on FROM device_followup_pending p WHERE p.fitting_id = f.id) AS next_due`;

/** Fields compared and logged when a fitting changes (the device and assessment as people name them). */
const TRACKED = [
  'assessment',
  'item',
  'supplier',
  'serialNumber',
  'costFen',
  'fittedOn',
  'trainingGiven',
  'trainingNotes',
  'replacementReason',
  'subsidyFen',
  'selfPaidFen',
] as const;

interface FollowupDbRow {
  id: number;
  fitting_id: number;
  visited_on: string;
  outcome: FollowupOutcome;
  abandon_reason: AbandonReason | null;
  notes: string;
  visitor: string;
  created_at: string;
  created_by: string;
}

function toFollowup(r: FollowupDbRow): Followup {
  return {
    id: r.id,
    fittingId: r.fitting_id,
    visitedOn: r.visited_on,
    outcome: r.outcome,
    abandonReason: r.abandon_reason,
    notes: r.notes,
    visitor: r.visitor,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function splitStatuses(list: string | null): SupportStatus[] {
  return list ? (list.split(',').filter(Boolean).sort() as SupportStatus[]) : [];
}

/** What a fitting's stored values would be: the item as fitted, the split, the schedule. */
interface Resolved {
  item: SubsidyItem & { id: number; name: string; kind: string; replaceMonths: number };
  statuses: SupportStatus[];
  quote: Quote;
}

export type FittingsModule = ReturnType<typeof createFittings>;

export function createFittings(store: DevicesStore, catalogue: CatalogueModule) {
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

  const createAssessment = ctx.db.transaction((input: z.output<typeof assessmentInput>): Assessment => {
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

  // ---- fittings: reading ----

  function loadRow(id: number): FittingDbRow {
    const row = prepared(`SELECT ${FITTING_COLUMNS} FROM device_fitting f JOIN device_item i ON i.id = f.item_id WHERE f.id = ?`).get(
      id,
    ) as FittingDbRow | undefined;
    if (!row) fail('DEVICE_FITTING_NOT_FOUND', 'fittingId', { id });
    return row;
  }

  function toFitting(r: FittingDbRow, followups: Followup[]): Fitting {
    return {
      id: r.id,
      personId: r.person_id,
      assessmentId: r.assessment_id,
      itemId: r.item_id,
      itemCode: r.item_code,
      itemName: r.item_name,
      deviceClass: r.device_class,
      kind: r.kind,
      supplier: r.supplier,
      serialNumber: r.serial_number,
      fittedOn: r.fitted_on,
      costFen: r.cost_fen,
      subsidyFen: r.subsidy_fen,
      selfPaidFen: r.self_paid_fen,
      rule: { ruleApplied: r.rule_applied, status: r.rule_status, percent: r.rule_percent, capFen: r.rule_cap_fen },
      trainingGiven: r.training_given === 1,
      trainingNotes: r.training_notes,
      replaceFrom: r.replace_from,
      earlyReplacementOf: r.early_replacement_of,
      replacementReason: r.replacement_reason,
      followupDue: r.followup_due,
      nextFollowupDue: r.next_due,
      followups,
      version: r.version,
      createdAt: r.created_at,
      createdBy: r.created_by,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    };
  }

  function followupsOf(fittingIds: readonly number[]): Map<number, Followup[]> {
    const result = new Map<number, Followup[]>();
    if (fittingIds.length === 0) return result;
    const rows = prepared(
      `SELECT * FROM device_followup WHERE fitting_id IN (SELECT value FROM json_each(?)) ORDER BY visited_on DESC, id DESC`,
    ).all(JSON.stringify(fittingIds)) as FollowupDbRow[];
    for (const r of rows) {
      const list = result.get(r.fitting_id) ?? [];
      list.push(toFollowup(r));
      result.set(r.fitting_id, list);
    }
    return result;
  }

  function getFitting(id: number): Fitting {
    return toFitting(loadRow(id), followupsOf([id]).get(id) ?? []);
  }

  function fittingsOf(personId: number): Fitting[] {
    const rows = prepared(
      `SELECT ${FITTING_COLUMNS} FROM device_fitting f JOIN device_item i ON i.id = f.item_id
       WHERE f.person_id = ? ORDER BY f.fitted_on DESC, f.id DESC`,
    ).all(personId) as FittingDbRow[];
    const followups = followupsOf(rows.map((r) => r.id));
    return rows.map((r) => toFitting(r, followups.get(r.id) ?? []));
  }

  function personFile(personId: number): DevicePersonFile {
    const who = person(personId);
    const assessments = assessmentsOf(personId);
    const fittings = fittingsOf(personId);
    const history = [
      ...store.changesOf('assessment', assessments.map((a) => a.id)),
      ...store.changesOf('fitting', fittings.map((f) => f.id)),
      ...store.changesOf('followup', fittings.flatMap((f) => f.followups.map((u) => u.id))),
    ].sort((a, b) => b.id - a.id);
    return { person: who, assessments, fittings, history };
  }

  function recent(limit: number): FittingRow[] {
    const rows = prepared(
      `SELECT f.id, f.person_id, p.name AS person_name, i.name AS item_name, f.device_class, f.fitted_on, f.cost_fen, f.subsidy_fen,
        f.self_paid_fen, f.early_replacement_of
       FROM device_fitting f JOIN person p ON p.id = f.person_id JOIN device_item i ON i.id = f.item_id
       ORDER BY f.fitted_on DESC, f.id DESC LIMIT ?`,
    ).all(limit) as {
      id: number;
      person_id: number;
      person_name: string;
      item_name: string;
      device_class: DeviceClass;
      fitted_on: string;
      cost_fen: number;
      subsidy_fen: number;
      self_paid_fen: number;
      early_replacement_of: number | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      itemName: r.item_name,
      deviceClass: r.device_class,
      fittedOn: r.fitted_on,
      costFen: r.cost_fen,
      subsidyFen: r.subsidy_fen,
      selfPaidFen: r.self_paid_fen,
      early: r.early_replacement_of !== null,
    }));
  }

  // ---- fittings: deciding ----

  /** The same person's other fittings of a kind on or before a date, for the replacement check. */
  function earlierOfKind(personId: number, kind: string, fittedOn: string, selfId: number | null): EarlierFitting[] {
    const rows = prepared(
      `SELECT f.id, i.name AS item_name, f.kind, f.fitted_on, f.replace_from FROM device_fitting f JOIN device_item i ON i.id = f.item_id
       WHERE f.person_id = ? AND f.kind = ? AND f.fitted_on <= ? AND f.id <> ? ORDER BY f.fitted_on DESC, f.id DESC`,
    ).all(personId, kind, fittedOn, selfId ?? 0) as { id: number; item_name: string; kind: string; fitted_on: string; replace_from: string }[];
    return rows.map((r) => ({ id: r.id, itemName: r.item_name, kind: r.kind, fittedOn: r.fitted_on, replaceFrom: r.replace_from }));
  }

  /**
   * What a fitting would store. A new fitting (or one whose device is changed) takes the item and
   * the person's statuses as they are now; an edited fitting keeps the item's class, cap and
   * interval and the statuses as they were on the day it was recorded, so correcting a serial
   * number never moves money.
   */
  function resolve(
    personId: number,
    fields: { itemId: number; costFen: number; fittedOn: string },
    existing: FittingDbRow | null,
  ): Resolved {
    const keep = existing !== null && existing.item_id === fields.itemId;
    let item: Resolved['item'];
    if (keep) {
      item = {
        id: existing.item_id,
        name: existing.item_name,
        deviceClass: existing.device_class,
        basic: existing.item_basic === 1,
        subsidyCapFen: existing.item_cap_fen,
        kind: existing.kind,
        replaceMonths: existing.replace_months,
      };
    } else {
      const current = catalogue.get(fields.itemId);
      if (!current.active) fail('DEVICE_ITEM_RETIRED', 'itemId', { name: current.name });
      item = {
        id: current.id,
        name: current.name,
        deviceClass: current.deviceClass,
        basic: current.basic,
        subsidyCapFen: current.subsidyCapFen,
        kind: deviceKind(current.isoCode),
        replaceMonths: current.replaceMonths,
      };
    }
    const statuses = existing ? splitStatuses(existing.statuses) : person(personId).supportStatuses;
    const rules = catalogue.subsidyRulesOn(fields.fittedOn);
    const split = computeSubsidy(fields.costFen, item, statuses, rules);
    const early = findEarlyReplacement(
      { kind: item.kind, fittedOn: fields.fittedOn },
      earlierOfKind(personId, item.kind, fields.fittedOn, existing?.id ?? null),
    );
    const followup = catalogue.followupRulesOn(fields.fittedOn);
    return {
      item,
      statuses,
      quote: {
        split,
        rulesYear: Number(fields.fittedOn.slice(0, 4)),
        earlyReplacement: early
          ? { fittingId: early.id, itemName: early.itemName, fittedOn: early.fittedOn, replaceFrom: early.replaceFrom }
          : null,
        replaceFrom: replaceableFrom(fields.fittedOn, item.replaceMonths),
        followupDue: addMonths(fields.fittedOn, followup.afterFittingMonths),
      },
    };
  }

  function quote(input: z.output<typeof quoteInput>): Quote {
    const existing = input.fittingId ? loadRow(input.fittingId) : null;
    const personId = existing?.person_id ?? input.personId;
    if (!existing) person(personId);
    return resolve(personId, input, existing).quote;
  }

  /** Checks a fitting's fields against the person, the assessment and the replacement rule. */
  function check(personId: number, fields: Omit<FittingFields, 'personId'>, existing: FittingDbRow | null): Resolved {
    const issues: AppError[] = [];
    const today = ctx.clock.today();
    if (fields.fittedOn > today) issues.push({ code: 'DEVICE_DATE_FUTURE', field: 'fittedOn', params: { today } });
    if (fields.assessmentId !== null) {
      const assessment = prepared('SELECT person_id, assessed_on FROM device_assessment WHERE id = ?').get(fields.assessmentId) as
        | { person_id: number; assessed_on: string }
        | undefined;
      if (!assessment || assessment.person_id !== personId) issues.push({ code: 'DEVICE_ASSESSMENT_OTHER', field: 'assessmentId' });
      else if (fields.fittedOn < assessment.assessed_on) {
        issues.push({ code: 'DEVICE_FITTING_BEFORE_ASSESSMENT', field: 'fittedOn', params: { assessedOn: assessment.assessed_on } });
      }
    }
    const resolved = resolve(personId, fields, existing);
    const early = resolved.quote.earlyReplacement;
    if (early && fields.replacementReason === '') {
      issues.push({
        code: 'DEVICE_EARLY_REPLACEMENT',
        field: 'replacementReason',
        params: { item: early.itemName, fittedOn: early.fittedOn, replaceFrom: early.replaceFrom, id: early.fittingId },
      });
    }
    if (issues.length > 0) failFields(issues);
    return resolved;
  }

  /** How the change log names a device and an assessment: "YD-01 普通轮椅（手动）", its date. */
  function itemLabel(itemId: number): string {
    const row = prepared('SELECT code, name FROM device_item WHERE id = ?').get(itemId) as { code: string; name: string };
    return `${row.code} ${row.name}`;
  }
  function assessmentLabel(assessmentId: number | null): string | null {
    if (assessmentId === null) return null;
    return (prepared('SELECT assessed_on FROM device_assessment WHERE id = ?').get(assessmentId) as { assessed_on: string }).assessed_on;
  }

  function fieldsOfRow(r: FittingDbRow) {
    return {
      assessment: assessmentLabel(r.assessment_id),
      item: itemLabel(r.item_id),
      supplier: r.supplier,
      serialNumber: r.serial_number,
      costFen: r.cost_fen,
      fittedOn: r.fitted_on,
      trainingGiven: r.training_given === 1,
      trainingNotes: r.training_notes,
      replacementReason: r.replacement_reason,
      subsidyFen: r.subsidy_fen,
      selfPaidFen: r.self_paid_fen,
    };
  }

  // ---- fittings: writing ----

  /**
   * The stored values of a fitting, in the column order of the INSERT and UPDATE below: what
   * comes before the person's statuses (stored at creation only) and what comes after.
   */
  function fittingColumns(
    fields: Omit<FittingFields, 'personId'>,
    item: ReturnType<typeof check>['item'],
    q: ReturnType<typeof check>['quote'],
    reason: string,
  ) {
    return {
      head: [
        fields.assessmentId,
        item.id,
        item.deviceClass,
        item.kind,
        item.basic ? 1 : 0,
        item.subsidyCapFen,
        item.replaceMonths,
        fields.supplier,
        fields.serialNumber,
        fields.fittedOn,
        fields.costFen,
        q.split.subsidyFen,
        q.split.selfPaidFen,
        q.split.ruleApplied,
        q.split.status,
        q.split.percent,
        q.split.capFen,
      ],
      tail: [fields.trainingGiven ? 1 : 0, fields.trainingNotes, q.replaceFrom, q.earlyReplacement?.fittingId ?? null, reason, q.followupDue],
    };
  }

  const createFitting = ctx.db.transaction((input: FittingFields): Fitting => {
    const { personId, ...fields } = input;
    person(personId);
    const { item, statuses, quote: q } = check(personId, fields, null);
    const now = ctx.clock.now();
    const actor = ctx.actor();
    const reason = q.earlyReplacement ? fields.replacementReason : '';
    const columns = fittingColumns(fields, item, q, reason);
    const result = prepared(
      `INSERT INTO device_fitting (person_id, assessment_id, item_id, device_class, kind, item_basic, item_cap_fen, replace_months,
        supplier, serial_number, fitted_on, cost_fen, subsidy_fen, self_paid_fen, rule_applied, rule_status, rule_percent, rule_cap_fen,
        statuses, training_given, training_notes, replace_from, early_replacement_of, replacement_reason, followup_due,
        created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      personId,
      ...columns.head,
      statuses.join(','),
      ...columns.tail,
      now,
      actor,
      now,
      actor,
    );
    const id = Number(result.lastInsertRowid);
    prepared('INSERT INTO device_followup_pending (fitting_id, due_on) VALUES (?, ?)').run(id, q.followupDue);
    const stored = fieldsOfRow(loadRow(id));
    store.logChange(
      'fitting',
      id,
      'create',
      TRACKED.filter((field) => stored[field] !== '' && stored[field] !== null).map((field) => ({ field, before: null, after: stored[field] })),
      now,
    );
    return getFitting(id);
  });

  /**
   * The one door through which a stored fitting changes. Subsidy claims (a later module) lock
   * claimed fittings: their check belongs here, and then covers every kind of change.
   */
  const updateFitting = ctx.db.transaction((input: FittingChange): Fitting => {
    const existing = loadRow(input.id);
    if (existing.version !== input.version) fail('DEVICE_STALE', undefined, { id: input.id });
    const { id, version: _version, ...fields } = input;
    const { item, quote: q } = check(existing.person_id, fields, existing);
    const reason = q.earlyReplacement ? fields.replacementReason : '';
    const columns = fittingColumns(fields, item, q, reason);
    const before = fieldsOfRow(existing);
    const after = {
      ...fields,
      assessment: assessmentLabel(fields.assessmentId),
      item: itemLabel(fields.itemId),
      replacementReason: reason,
      subsidyFen: q.split.subsidyFen,
      selfPaidFen: q.split.selfPaidFen,
    };
    const changes = diff(before, after, TRACKED);
    if (changes.length === 0) return getFitting(id);
    const now = ctx.clock.now();
    prepared(
      `UPDATE device_fitting SET assessment_id = ?, item_id = ?, device_class = ?, kind = ?, item_basic = ?, item_cap_fen = ?,
        replace_months = ?, supplier = ?, serial_number = ?, fitted_on = ?, cost_fen = ?, subsidy_fen = ?, self_paid_fen = ?,
        rule_applied = ?, rule_status = ?, rule_percent = ?, rule_cap_fen = ?, training_given = ?, training_notes = ?,
        replace_from = ?, early_replacement_of = ?, replacement_reason = ?, followup_due = ?, updated_at = ?, updated_by = ?,
        version = version + 1
       WHERE id = ?`,
    ).run(
      ...columns.head,
      ...columns.tail,
      now,
      ctx.actor(),
      id,
    );
    // Until the first visit, the visit it waits for moves with the fitting date.
    const visited = prepared('SELECT 1 FROM device_followup WHERE fitting_id = ? LIMIT 1').get(id);
    if (!visited) prepared('UPDATE device_followup_pending SET due_on = ? WHERE fitting_id = ?').run(q.followupDue, id);
    store.logChange('fitting', id, 'update', changes, now);
    return getFitting(id);
  });

  // ---- follow-ups ----

  const recordFollowup = ctx.db.transaction((input: z.output<typeof followupInput>): Fitting => {
    const fitting = loadRow(input.fittingId);
    const issues: AppError[] = [];
    const today = ctx.clock.today();
    if (input.visitedOn > today) issues.push({ code: 'DEVICE_DATE_FUTURE', field: 'visitedOn', params: { today } });
    if (input.visitedOn < fitting.fitted_on) {
      issues.push({ code: 'DEVICE_FOLLOWUP_BEFORE_FITTING', field: 'visitedOn', params: { fittedOn: fitting.fitted_on } });
    }
    const abandonReason = input.outcome === 'abandoned' ? input.abandonReason : null;
    if (input.outcome === 'abandoned' && abandonReason === null) issues.push({ code: 'DEVICE_ABANDON_REASON', field: 'abandonReason' });
    if (abandonReason === 'other' && input.notes === '') issues.push({ code: 'DEVICE_ABANDON_NOTES', field: 'notes' });
    if (issues.length > 0) failFields(issues);

    const now = ctx.clock.now();
    const result = prepared(
      `INSERT INTO device_followup (fitting_id, visited_on, outcome, abandon_reason, notes, visitor, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.fittingId, input.visitedOn, input.outcome, abandonReason, input.notes, input.visitor, now, ctx.actor());
    const id = Number(result.lastInsertRowid);
    // The latest visit decides what comes next: another visit after an adjustment, else none.
    const latest = prepared('SELECT visited_on, outcome FROM device_followup WHERE fitting_id = ? ORDER BY visited_on DESC, id DESC LIMIT 1').get(
      input.fittingId,
    ) as { visited_on: string; outcome: FollowupOutcome };
    const next = nextFollowupDue(latest.visited_on, latest.outcome, catalogue.followupRulesOn(latest.visited_on));
    prepared('DELETE FROM device_followup_pending WHERE fitting_id = ?').run(input.fittingId);
    if (next) prepared('INSERT INTO device_followup_pending (fitting_id, due_on) VALUES (?, ?)').run(input.fittingId, next);
    const values = { visitedOn: input.visitedOn, outcome: input.outcome, abandonReason, notes: input.notes, visitor: input.visitor };
    store.logChange(
      'followup',
      id,
      'create',
      (Object.keys(values) as (keyof typeof values)[])
        .filter((field) => values[field] !== '' && values[field] !== null)
        .map((field) => ({ field, before: null, after: values[field] })),
      now,
    );
    return getFitting(input.fittingId);
  });

  function followupsDue(withinDays: number, limit: number): FollowupsDue {
    const today = ctx.clock.today();
    const until = addDays(today, withinDays);
    const total = (prepared('SELECT count(*) AS n FROM device_followup_pending WHERE due_on <= ?').get(until) as { n: number }).n;
    const rows = prepared(
      `SELECT d.fitting_id, d.due_on, f.person_id, p.name AS person_name, p.id_number, p.phone, i.name AS item_name, f.device_class,
        f.fitted_on,
        (SELECT outcome FROM device_followup u WHERE u.fitting_id = f.id ORDER BY u.visited_on DESC, u.id DESC LIMIT 1) AS last_outcome
       FROM device_followup_pending d
       JOIN device_fitting f ON f.id = d.fitting_id
       JOIN person p ON p.id = f.person_id
       JOIN device_item i ON i.id = f.item_id
       WHERE d.due_on <= ? ORDER BY d.due_on, d.fitting_id LIMIT ?`,
    ).all(until, limit) as {
      fitting_id: number;
      due_on: string;
      person_id: number;
      person_name: string;
      id_number: string;
      phone: string;
      item_name: string;
      device_class: DeviceClass;
      fitted_on: string;
      last_outcome: FollowupOutcome | null;
    }[];
    const list: FollowupDueRow[] = rows.map((r) => ({
      fittingId: r.fitting_id,
      personId: r.person_id,
      personName: r.person_name,
      idNumber: r.id_number,
      phone: r.phone,
      itemName: r.item_name,
      deviceClass: r.device_class,
      fittedOn: r.fitted_on,
      dueOn: r.due_on,
      overdue: r.due_on < today,
      lastOutcome: r.last_outcome,
    }));
    return { today, until, total, rows: list };
  }

  return {
    person,
    personFile,
    createAssessment,
    quote,
    getFitting,
    createFitting,
    updateFitting,
    recordFollowup,
    followupsDue,
    recent,
  };
}
