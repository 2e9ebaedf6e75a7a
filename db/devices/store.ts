// What the devices modules share: prepared statements made once per connection, the change log,
// and who is acting when.
import type { AreaContext } from '../context';
import type { DeviceChange } from './contract';
import { statements, type Prepare } from '../statements';
import type { SupportStatus } from '../people/rules';


export interface DevicesStore {
  ctx: AreaContext;
  prepared: Prepare;
  /** Appends one entry to device_change (inside the caller's transaction). */
  logChange(entity: DeviceChange['entity'], entityId: number, action: DeviceChange['action'], changes: DeviceChange['changes'], at: string): void;
  /** The entries for some records of one kind, newest first. */
  changesOf(entity: DeviceChange['entity'], ids: readonly number[]): DeviceChange[];
}

export function createDevicesStore(ctx: AreaContext): DevicesStore {
  const prepared = statements(ctx.db);

  return {
    ctx,
    prepared,
    logChange(entity, entityId, action, changes, at) {
      prepared('INSERT INTO device_change (entity, entity_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?, ?)').run(
        entity,
        entityId,
        at,
        ctx.actor(),
        action,
        JSON.stringify(changes),
      );
    },
    changesOf(entity, ids) {
      if (ids.length === 0) return [];
      const rows = prepared(
        `SELECT id, entity, entity_id, at, actor, action, changes FROM device_change
         WHERE entity = ? AND entity_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC`,
      ).all(entity, JSON.stringify(ids)) as { id: number; entity: DeviceChange['entity']; entity_id: number; at: string; actor: string; action: DeviceChange['action']; changes: string }[];
      return rows.map((r) => ({
        id: r.id,
        entity: r.entity,
        entityId: r.entity_id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        changes: JSON.parse(r.changes) as DeviceChange['changes'],
      }));
    },
  };
}

/** The fields whose values differ, for the change log. */
export function diff<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): DeviceChange['changes'] {
  return fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field: String(field), before: before[field], after: after[field] }));
}

/** The support statuses stored as a comma list, sorted. */
export function splitStatuses(list: string | null): SupportStatus[] {
  return list ? (list.split(',').filter(Boolean).sort() as SupportStatus[]) : [];
}
