// The statistics tables' labels: a column's label parts as text (the screen), and all label
// texts flattened to dotted keys (sent to the service to head the workbook's columns).
import type { LabelPart } from '../../../db/returns/tables';

type Tree = { [key: string]: string | Tree };

/** { col: { total: '合计' } } → { 'col.total': '合计' }. */
export function flattenLabels(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else Object.assign(out, flattenLabels(value, path));
  }
  return out;
}

/** A column label for the screen, with `t` looking up returns.labels.<key>. */
export function labelText(parts: readonly LabelPart[], t: (key: string, params?: Record<string, string | number>) => string): string {
  return parts.map((p) => ('text' in p ? p.text : t(`returns.labels.${p.key}`, p.params ?? {}))).join(t('returns.labels.sep'));
}
