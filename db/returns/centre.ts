// The centre's identity (名称, 类型, 统一社会信用代码, 行政区划代码) and the office key, kept once
// in the settings table; every package this installation writes carries the identity.
import type { AreaContext } from '../context';
import type { Db } from '../open';
import { failFields } from '../errors';
import { getSetting, putSetting } from '../settings';
import type { CentreInput, CentreSettings } from './contract';
import { keyFingerprint } from './format';
import { checkIdentity, type CentreIdentity } from './rules';
import { exportDir } from './writer';

export const IDENTITY_KEY = 'returns.centre';
/** The key shared by the centres and their office for de-identified packages (HMAC-SHA256). */
export const OFFICE_KEY = 'returns.officeKey';

export function readIdentity(db: Db, today: string): CentreIdentity | null {
  return getSetting<CentreIdentity | null>(db, IDENTITY_KEY, today, null);
}

export function readOfficeKey(db: Db, today: string): string | null {
  const key = getSetting<string>(db, OFFICE_KEY, today, '');
  return key === '' ? null : key;
}

export function createCentre(ctx: AreaContext) {
  const { db, clock } = ctx;

  function get(): CentreSettings {
    const today = clock.today();
    const key = readOfficeKey(db, today);
    return { identity: readIdentity(db, today), keyFingerprint: key === null ? null : keyFingerprint(key), exportDir: exportDir(ctx.dataFile), today };
  }

  function save(input: CentreInput & { type: CentreIdentity['type'] }): CentreSettings {
    const checked = checkIdentity(input);
    if (!checked.ok) failFields(checked.issues.map((i) => ({ code: i.code, field: i.field, ...(i.params ? { params: i.params } : {}) })));
    putSetting(db, IDENTITY_KEY, checked.value);
    return get();
  }

  function saveKey(key: string): CentreSettings {
    putSetting(db, OFFICE_KEY, key);
    return get();
  }

  return { get, save, saveKey };
}
