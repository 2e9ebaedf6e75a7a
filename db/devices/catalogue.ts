// The device catalogue (器具目录) and the year's subsidy and follow-up rules (settings with
// effective dates).
import { fail, failFields, type AppError } from '../errors';
import { getSetting, putSetting } from '../settings';
import type { CatalogueItem, CatalogueItemFields, DeviceRules } from './contract';
import type { z } from 'zod';
import type { deviceRulesInput } from './contract';
import { DEFAULT_FOLLOWUP_RULES, DEFAULT_SUBSIDY_RULES, basicAboveCap, normaliseIsoCode, type DeviceClass, type FollowupRules, type SubsidyRules } from './rules';
import { diff, type DevicesStore } from './store';

export const SUBSIDY_KEY = 'devices.subsidyRules';
export const FOLLOWUP_KEY = 'devices.followupRules';

interface ItemDbRow {
  id: number;
  code: string;
  device_class: DeviceClass;
  iso_code: string;
  name: string;
  list_price_fen: number;
  replace_months: number;
  subsidy_cap_fen: number;
  basic: 0 | 1;
  active: 0 | 1;
  fittings: number;
  version: number;
  updated_at: string;
  updated_by: string;
}

const ITEM_COLUMNS = `i.id, i.code, i.device_class, i.iso_code, i.name, i.list_price_fen, i.replace_months, i.subsidy_cap_fen,
  i.basic, i.active, i.version, i.updated_at, i.updated_by,
  (SELECT count(*) FROM device_fitting f WHERE f.item_id = i.id) AS fittings`;

const TRACKED: (keyof CatalogueItemFields)[] = [
  'code',
  'deviceClass',
  'isoCode',
  'name',
  'listPriceFen',
  'replaceMonths',
  'subsidyCapFen',
  'basic',
  'active',
];

function toItem(r: ItemDbRow): CatalogueItem {
  return {
    id: r.id,
    code: r.code,
    deviceClass: r.device_class,
    isoCode: r.iso_code,
    name: r.name,
    listPriceFen: r.list_price_fen,
    replaceMonths: r.replace_months,
    subsidyCapFen: r.subsidy_cap_fen,
    basic: r.basic === 1,
    basicAboveCap: basicAboveCap({ basic: r.basic === 1, listPriceFen: r.list_price_fen, subsidyCapFen: r.subsidy_cap_fen }),
    active: r.active === 1,
    fittings: r.fittings,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function fieldsOf(item: CatalogueItem): CatalogueItemFields {
  const { code, deviceClass, isoCode, name, listPriceFen, replaceMonths, subsidyCapFen, basic, active } = item;
  return { code, deviceClass, isoCode, name, listPriceFen, replaceMonths, subsidyCapFen, basic, active };
}

export type CatalogueModule = ReturnType<typeof createCatalogue>;

export function createCatalogue(store: DevicesStore) {
  const { ctx, prepared } = store;

  function list(includeRetired: boolean): CatalogueItem[] {
    const rows = prepared(
      `SELECT ${ITEM_COLUMNS} FROM device_item i WHERE i.active = 1 OR ? ORDER BY i.device_class, i.code`,
    ).all(includeRetired ? 1 : 0) as ItemDbRow[];
    return rows.map(toItem);
  }

  function get(id: number): CatalogueItem {
    const row = prepared(`SELECT ${ITEM_COLUMNS} FROM device_item i WHERE i.id = ?`).get(id) as ItemDbRow | undefined;
    if (!row) fail('DEVICE_ITEM_NOT_FOUND', 'itemId', { id });
    return toItem(row);
  }

  /** Normalises the code and ISO code and checks the code is not taken by another item. */
  function validate(fields: CatalogueItemFields, selfId: number | null): CatalogueItemFields {
    const issues: AppError[] = [];
    const code = fields.code.toUpperCase();
    if (!/^[A-Z0-9][A-Z0-9-]*$/.test(code)) issues.push({ code: 'DEVICE_CODE_FORMAT', field: 'code' });
    else {
      const other = prepared('SELECT id, name FROM device_item WHERE code = ?').get(code) as { id: number; name: string } | undefined;
      if (other && other.id !== selfId) issues.push({ code: 'DEVICE_CODE_DUPLICATE', field: 'code', params: { name: other.name } });
    }
    const isoCode = normaliseIsoCode(fields.isoCode);
    if (isoCode === null) issues.push({ code: 'DEVICE_ISO_FORMAT', field: 'isoCode' });
    if (issues.length > 0) failFields(issues);
    return { ...fields, code, isoCode: isoCode! };
  }

  const create = ctx.db.transaction((input: CatalogueItemFields): CatalogueItem => {
    const values = validate(input, null);
    const now = ctx.clock.now();
    const actor = ctx.actor();
    const result = prepared(
      `INSERT INTO device_item (code, device_class, iso_code, name, list_price_fen, replace_months, subsidy_cap_fen, basic, active,
        created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      values.code,
      values.deviceClass,
      values.isoCode,
      values.name,
      values.listPriceFen,
      values.replaceMonths,
      values.subsidyCapFen,
      values.basic ? 1 : 0,
      values.active ? 1 : 0,
      now,
      actor,
      now,
      actor,
    );
    const id = Number(result.lastInsertRowid);
    store.logChange('item', id, 'create', TRACKED.map((field) => ({ field, before: null, after: values[field] })), now);
    return get(id);
  });

  const update = ctx.db.transaction((input: CatalogueItemFields & { id: number; version: number }): CatalogueItem => {
    const existing = get(input.id);
    if (existing.version !== input.version) fail('DEVICE_STALE', undefined, { id: input.id });
    const { id: _id, version: _version, ...fields } = input;
    const values = validate(fields, input.id);
    const changes = diff(fieldsOf(existing), values, TRACKED);
    if (changes.length === 0) return existing;
    const now = ctx.clock.now();
    prepared(
      `UPDATE device_item SET code = ?, device_class = ?, iso_code = ?, name = ?, list_price_fen = ?, replace_months = ?,
        subsidy_cap_fen = ?, basic = ?, active = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
    ).run(
      values.code,
      values.deviceClass,
      values.isoCode,
      values.name,
      values.listPriceFen,
      values.replaceMonths,
      values.subsidyCapFen,
      values.basic ? 1 : 0,
      values.active ? 1 : 0,
      now,
      ctx.actor(),
      input.id,
    );
    store.logChange('item', input.id, 'update', changes, now);
    return get(input.id);
  });

  // ---- rules ----

  function subsidyRulesOn(date: string): SubsidyRules {
    const stored = getSetting<Partial<SubsidyRules>>(ctx.db, SUBSIDY_KEY, date, DEFAULT_SUBSIDY_RULES);
    // A value saved before a class or status existed still reads as a full rule set.
    return {
      freeBasicStatuses: stored.freeBasicStatuses ?? DEFAULT_SUBSIDY_RULES.freeBasicStatuses,
      statusPercents: { ...DEFAULT_SUBSIDY_RULES.statusPercents, ...stored.statusPercents },
      defaultPercent: stored.defaultPercent ?? DEFAULT_SUBSIDY_RULES.defaultPercent,
      classCapsFen: { ...DEFAULT_SUBSIDY_RULES.classCapsFen, ...stored.classCapsFen },
      ...(stored.serviceSharePercents ? { serviceSharePercents: stored.serviceSharePercents } : {}),
    };
  }

  function followupRulesOn(date: string): FollowupRules {
    return { ...DEFAULT_FOLLOWUP_RULES, ...getSetting<Partial<FollowupRules>>(ctx.db, FOLLOWUP_KEY, date, {}) };
  }

  function rules(year: number): DeviceRules {
    const start = `${year}-01-01`;
    const source = prepared(
      'SELECT effective_from FROM setting WHERE key = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1',
    ).get(SUBSIDY_KEY, start) as { effective_from: string } | undefined;
    const followup = followupRulesOn(start);
    return {
      year,
      subsidy: subsidyRulesOn(start),
      afterFittingMonths: followup.afterFittingMonths,
      afterAdjustmentMonths: followup.afterAdjustmentMonths,
      setForYear: source ? Number(source.effective_from.slice(0, 4)) : null,
    };
  }

  /** Saves the rules for a year: they apply from 1 January of that year until a later year's rules. */
  const saveRules = ctx.db.transaction((input: z.output<ReturnType<typeof deviceRulesInput>>): DeviceRules => {
    const start = `${input.year}-01-01`;
    const before = rules(input.year);
    const subsidy: SubsidyRules = {
      ...input.subsidy,
      freeBasicStatuses: [...new Set(input.subsidy.freeBasicStatuses)].sort(),
    };
    putSetting(ctx.db, SUBSIDY_KEY, subsidy, start);
    putSetting(ctx.db, FOLLOWUP_KEY, { afterFittingMonths: input.afterFittingMonths, afterAdjustmentMonths: input.afterAdjustmentMonths }, start);
    const after = rules(input.year);
    const changes = diff(before, after, ['subsidy', 'afterFittingMonths', 'afterAdjustmentMonths']);
    if (changes.length > 0 || before.setForYear !== input.year) store.logChange('rules', input.year, before.setForYear === input.year ? 'update' : 'create', changes, ctx.clock.now());
    return after;
  });

  return { list, get, create, update, rules, saveRules, subsidyRulesOn, followupRulesOn };
}
