// What every rehab module shares: statements prepared once per connection, the change log, the
// area's settings (with effective dates) and who/when stamps.
import type { AreaContext } from '../context';
import { getSetting, putSetting } from '../settings';
import { statements } from '../statements';
import { REHAB_SETTING_DEFAULTS, type RehabSettingKey, type RehabSettings } from './rules';

export type ChangeEntity = 'enrolment' | 'session' | 'goal' | 'assessment' | 'visit' | 'therapist' | 'setting';
export type FieldChange = { field: string; before: unknown; after: unknown };

/** The fields whose values differ, in the order given. */
export function diff<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]): FieldChange[] {
  return fields
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((f) => ({ field: f, before: before[f], after: after[f] }));
}

export type RehabBase = ReturnType<typeof createBase>;

export function createBase(ctx: AreaContext) {
  const { db, clock } = ctx;
  const sql = statements(db);

  function logChange(entity: ChangeEntity, entityId: number, enrolmentId: number | null, action: 'create' | 'update' | 'delete', changes: FieldChange[]) {
    sql('INSERT INTO rehab_change (entity, entity_id, enrolment_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      entity,
      entityId,
      enrolmentId,
      clock.now(),
      ctx.actor(),
      action,
      JSON.stringify(changes),
    );
  }

  /** The area's settings in force on a date (defaults where the centre set none). */
  function settings(onDate: string): RehabSettings {
    const result = {} as Record<RehabSettingKey, unknown>;
    for (const key of Object.keys(REHAB_SETTING_DEFAULTS) as RehabSettingKey[]) {
      result[key] = getSetting(db, key, onDate, REHAB_SETTING_DEFAULTS[key]);
    }
    return result as RehabSettings;
  }

  /** Stores the given settings from a date on (all dates when ''), logging who changed what. */
  const putSettings = db.transaction((values: Partial<RehabSettings>, effectiveFrom: string) => {
    const from = effectiveFrom || '0000-01-01';
    const before = settings(from);
    const changes: FieldChange[] = [];
    for (const [key, value] of Object.entries(values) as [RehabSettingKey, unknown][]) {
      if (value === undefined) continue;
      putSetting(db, key, value, from);
      if (JSON.stringify(before[key]) !== JSON.stringify(value)) changes.push({ field: key, before: before[key], after: value });
    }
    if (changes.length > 0) logChange('setting', 0, null, 'update', [{ field: 'effectiveFrom', before: null, after: from }, ...changes]);
  });

  return { db, clock, actor: ctx.actor, sql, logChange, settings, putSettings };
}
