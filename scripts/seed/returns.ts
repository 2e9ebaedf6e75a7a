// The centre's identity for consolidated returns (汇总上报): name, type, unified social credit code
// (an institution's, 12…) and region code, checked by the returns area's own rule and kept where
// the app keeps it, so the seeded centre can export its return packages at once.
import type { Db } from '../../db/open';
import { IDENTITY_KEY } from '../../db/returns/centre';
import { checkIdentity } from '../../db/returns/rules';
import { putSetting } from '../../db/settings';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../../db/training/rules';
import type { SeedContext } from './context';
import { areaProblem } from './schema';

export function returnsProblem(db: Db): string | null {
  return areaProblem(db, {}, { setting: ['key', 'effective_from', 'value'] });
}

/** Writes the identity; returns its name (claims go out under it too). */
export function writeCentreIdentity(ctx: SeedContext, db: Db): string {
  const random = ctx.random.fork('returns.identity');
  const district = ctx.area.districts[0]!;
  let body = '';
  for (let i = 0; i < 9; i += 1) body += CREDIT_CODE_ALPHABET[random.int(0, CREDIT_CODE_ALPHABET.length - 1)];
  const first17 = `12${district.code}${body}`;
  const checked = checkIdentity({
    name: `${ctx.area.city}${district.name}残疾人康复服务中心`,
    type: 'service_centre',
    creditCode: first17 + creditCodeCheckChar(first17)!,
    regionCode: district.code,
  });
  if (!checked.ok) throw new Error(`seeded centre identity refused: ${JSON.stringify(checked.issues)}`);
  putSetting(db, IDENTITY_KEY, checked.value);
  return checked.value.name;
}
