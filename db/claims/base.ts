// What every claims module shares: statements prepared once per connection, rule versions per
// programme (claim_rule), the centre's name (a setting), and the batch history.
import type { AreaContext } from '../context';
import { fail } from '../errors';
import { getSetting, putSetting } from '../settings';
import { statements } from '../statements';
import { ruleOn, type Programme, type RuleVersion } from './rules';
import type { RuleVersionView } from './contract';

export const CENTRE_NAME_KEY = 'claims.centreName';
/** The returns area keeps the centre's identity (名称, 信用代码, 区划) under this setting. */
const RETURNS_IDENTITY_KEY = 'returns.centre';

export type ClaimsBase = ReturnType<typeof createBase>;

export function createBase(ctx: AreaContext) {
  const { db, clock } = ctx;
  const sql = statements(db);

  function versions<P extends Programme>(programme: P): RuleVersionView<P>[] {
    return (
      sql('SELECT effective_from, rule, updated_at, updated_by FROM claim_rule WHERE programme = ? ORDER BY effective_from').all(programme) as {
        effective_from: string;
        rule: string;
        updated_at: string;
        updated_by: string;
      }[]
    ).map((r) => ({ effectiveFrom: r.effective_from, rule: JSON.parse(r.rule) as RuleVersion<P>['rule'], updatedAt: r.updated_at, updatedBy: r.updated_by }));
  }

  /** The rule of a programme in force on a date. */
  function ruleFor<P extends Programme>(programme: P, date: string): RuleVersion<P> | null {
    const found = ruleOn(versions(programme), date);
    return found ? { effectiveFrom: found.effectiveFrom, rule: found.rule } : null;
  }

  /**
   * Past claims never change: a version that a batch sent to finance rests on is kept as it was
   * (a change is a new version from a later date).
   */
  function saveRule(programme: Programme, effectiveFrom: string, rule: unknown) {
    const used = sql(
      `SELECT b.number FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
       WHERE l.programme = ? AND b.status <> 'draft' AND json_extract(l.rule, '$.effectiveFrom') = ? LIMIT 1`,
    ).get(programme, effectiveFrom) as { number: string } | undefined;
    if (used) fail('CLAIMS_RULE_IN_USE', 'effectiveFrom', { number: used.number, date: effectiveFrom });
    const now = clock.now();
    sql(
      `INSERT INTO claim_rule (programme, effective_from, rule, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (programme, effective_from) DO UPDATE SET rule = excluded.rule, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(programme, effectiveFrom, JSON.stringify(rule), now, ctx.actor(), now, ctx.actor());
  }

  /** The name claims go out under: set here, or else the centre identity kept for returns. */
  const centreName = () =>
    getSetting<string>(db, CENTRE_NAME_KEY, clock.today(), '') || (getSetting<{ name?: string } | null>(db, RETURNS_IDENTITY_KEY, clock.today(), null)?.name ?? '');
  const saveCentreName = (name: string) => putSetting(db, CENTRE_NAME_KEY, name);

  function event(batchId: number, action: string, detail: Record<string, string | number> = {}) {
    sql('INSERT INTO claim_event (batch_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)').run(batchId, clock.now(), ctx.actor(), action, JSON.stringify(detail));
  }

  return { db, clock, actor: ctx.actor, sql, versions, ruleFor, saveRule, centreName, saveCentreName, event };
}
