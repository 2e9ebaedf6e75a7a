// Follow-up visits after a fitting (回访): recording a visit decides the next one, and the list of
// visits due. Queries fetch and write here; the decisions are in ./rules.ts.
import type { z } from 'zod';
import { failFields, type AppError } from '../errors';
import type { Prepare } from '../statements';
import type { Fitting, Followup, FollowupDueRow, FollowupsDue, followupInput } from './contract';
import type { CatalogueModule } from './catalogue';
import { addDays, nextFollowupDue, type AbandonReason, type DeviceClass, type FollowupOutcome } from './rules';
import type { DevicesStore } from './store';

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

/** A fitting's visits, newest first, for each of the given fittings. */
export function followupsOf(prepared: Prepare, fittingIds: readonly number[]): Map<number, Followup[]> {
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

export type FollowupsModule = ReturnType<typeof createFollowups>;

/** The fitting a visit is for: its stored row (to check dates) and its view (the answer). */
export interface FittingLookup {
  loadRow(id: number): { fitted_on: string };
  getFitting(id: number): Fitting;
}

export function createFollowups(store: DevicesStore, catalogue: CatalogueModule, fittings: FittingLookup) {
  const { ctx, prepared } = store;

  const recordFollowup = ctx.db.transaction((input: z.output<ReturnType<typeof followupInput>>): Fitting => {
    const fitting = fittings.loadRow(input.fittingId);
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
    return fittings.getFitting(input.fittingId);
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

  return { recordFollowup, followupsDue };
}
