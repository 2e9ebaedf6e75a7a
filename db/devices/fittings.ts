// A person's device file and its fittings (适配) with their subsidy split; the assessments and the
// follow-up visits are in ./assessments.ts and ./followups.ts. The decisions are in ./rules.ts.
import type { z } from 'zod';
import { fail, failFields, type AppError } from '../errors';
import type { SupportStatus } from '../people/rules';
import type {
  DevicePersonFile,
  Fitting,
  FittingRow,
  Followup,
  Quote,
  fittingInput,
  fittingUpdate,
  quoteInput,
} from './contract';
import type { CatalogueModule } from './catalogue';
import {
  computeSubsidy,
  deviceKind,
  findEarlyReplacement,
  replaceableFrom,
  type DeviceClass,
  type EarlierFitting,
  type SubsidyItem,
  type SubsidyRule,
} from './rules';
import { addMonths } from '../common/dates';
import { diff, splitStatuses, type DevicesStore } from './store';
import type { AssessmentsModule } from './assessments';
import { followupsOf } from './followups';

type FittingFields = z.output<ReturnType<typeof fittingInput>>;
type FittingChange = z.output<ReturnType<typeof fittingUpdate>>;

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
  subsidy_service_fen: number;
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

/** What a fitting's stored values would be: the item as fitted, the split, the schedule. */
interface Resolved {
  item: SubsidyItem & { id: number; name: string; kind: string; replaceMonths: number };
  statuses: SupportStatus[];
  quote: Quote;
}

export type FittingsModule = ReturnType<typeof createFittings>;

export function createFittings(store: DevicesStore, catalogue: CatalogueModule, assessments: AssessmentsModule) {
  const { ctx, prepared } = store;
  const { person, assessmentsOf } = assessments;

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
      subsidyServiceFen: r.subsidy_service_fen,
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

  function getFitting(id: number): Fitting {
    return toFitting(loadRow(id), followupsOf(prepared, [id]).get(id) ?? []);
  }

  function fittingsOf(personId: number): Fitting[] {
    const rows = prepared(
      `SELECT ${FITTING_COLUMNS} FROM device_fitting f JOIN device_item i ON i.id = f.item_id
       WHERE f.person_id = ? ORDER BY f.fitted_on DESC, f.id DESC`,
    ).all(personId) as FittingDbRow[];
    const followups = followupsOf(prepared, rows.map((r) => r.id));
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

  function quote(input: z.output<ReturnType<typeof quoteInput>>): Quote {
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
    prepared('UPDATE device_fitting SET subsidy_service_fen = ? WHERE id = ?').run(q.split.serviceFen, id);
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
    prepared('UPDATE device_fitting SET subsidy_service_fen = ? WHERE id = ?').run(q.split.serviceFen, id);
    // Until the first visit, the visit it waits for moves with the fitting date.
    const visited = prepared('SELECT 1 FROM device_followup WHERE fitting_id = ? LIMIT 1').get(id);
    if (!visited) prepared('UPDATE device_followup_pending SET due_on = ? WHERE fitting_id = ?').run(q.followupDue, id);
    store.logChange('fitting', id, 'update', changes, now);
    return getFitting(id);
  });

  return {
    personFile,
    quote,
    loadRow,
    getFitting,
    createFitting,
    updateFitting,
    recent,
  };
}
