// The words for the rule that set a subsidy: "低保：基本型免费，上限 ¥800.00".
import { formatFen } from '../../../db/common/money';
import type { SupportStatus } from '../../../db/people/rules';
import type { SubsidyRule } from '../../../db/devices/rules';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export function ruleText(
  t: Translate,
  rule: { ruleApplied: SubsidyRule; status: SupportStatus | null; percent: number; capFen: number; capped?: boolean },
): string {
  const status = rule.status ? t(`support.${rule.status}`) : '';
  const main = t(`devices.rule.${rule.ruleApplied}`, { status, percent: rule.percent });
  const cap = formatFen(rule.capFen);
  return `${main}${t('devices.common.comma')}${rule.capped ? t('devices.rule.capped', { cap }) : t('devices.rule.cap', { cap })}`;
}
