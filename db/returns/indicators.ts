// The 精准康复 indicators in a return package (the metadata key `indicators`): each centre's
// numerator and denominator per indicator, counted at the centre in persons. Metadata is covered by
// the checksum, so the format stays 2 and older readers still read (and verify) the package; an
// office adds the centres' numbers up, so going through counties or straight gives the same figures.
import type { Db } from '../open';
import { createIndicators } from '../needs/indicators';
import { INDICATORS, canonicalJson, type Indicator } from '../needs/rules';
import type { Period } from './rules';

export const INDICATORS_META_KEY = 'indicators';

/** centre code → indicator → [numerator, denominator]. */
export type IndicatorCounts = Record<string, Partial<Record<Indicator, [number, number]>>>;

/** The centre's own figures over the package's period, read from the export's snapshot. */
export function centreIndicatorsMeta(snap: Db, period: Period, centreCode: string): string {
  const counts = createIndicators(snap, () => period.to).countsFor({ from: period.from, to: period.to });
  return canonicalJson({ [centreCode]: counts });
}

/** An office's figures for its consolidation: every centre of the current packages that carried them. */
export function consolidatedIndicatorsMeta(snap: Db, periodCode: string): string | null {
  const rows = snap
    .prepare(
      `SELECT f.centre_code, f.metric, f.dim1, f.value FROM ret_figure f JOIN return_package p ON p.id = f.package_id
       WHERE p.period = ? AND p.status = 'current' AND f.metric IN ('indicatorNum', 'indicatorDen')`,
    )
    .all(periodCode) as { centre_code: string; metric: 'indicatorNum' | 'indicatorDen'; dim1: Indicator; value: number }[];
  if (rows.length === 0) return null;
  const counts: IndicatorCounts = {};
  for (const r of rows) {
    const pair = ((counts[r.centre_code] ??= {})[r.dim1] ??= [0, 0]);
    pair[r.metric === 'indicatorNum' ? 0 : 1] = r.value;
  }
  return canonicalJson(counts);
}

/**
 * The figures a package's metadata carries, checked: null when it carries none (an older writer),
 * 'invalid' when they are not whole numbers with the numerator within the denominator, or name a
 * centre the package does not carry.
 */
export function parseIndicatorsMeta(value: string | undefined, sourceCodes: readonly string[]): IndicatorCounts | null | 'invalid' {
  if (value === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'invalid';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'invalid';
  const known = new Set(sourceCodes);
  const result: IndicatorCounts = {};
  for (const [code, figures] of Object.entries(parsed as Record<string, unknown>)) {
    if (!known.has(code) || !figures || typeof figures !== 'object' || Array.isArray(figures)) return 'invalid';
    result[code] = {};
    for (const [indicator, pair] of Object.entries(figures as Record<string, unknown>)) {
      if (!(INDICATORS as readonly string[]).includes(indicator)) continue; // a later writer's indicator: not ours to count
      if (!Array.isArray(pair) || pair.length !== 2) return 'invalid';
      const [n, d] = pair as unknown[];
      if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || (n as number) < 0 || (n as number) > (d as number)) return 'invalid';
      result[code]![indicator as Indicator] = [n as number, d as number];
    }
  }
  return result;
}

/** Stores a package's indicator figures per centre, beside the figures the import works out. */
export function storeIndicatorFigures(db: Db, packageId: number, counts: IndicatorCounts): void {
  const insert = db.prepare('INSERT INTO ret_figure (package_id, centre_code, metric, dim1, dim2, value) VALUES (?, ?, ?, ?, ?, ?)');
  for (const [code, figures] of Object.entries(counts)) {
    insert.run(packageId, code, 'indicatorsIncluded', '', '', 1);
    for (const [indicator, [n, d]] of Object.entries(figures) as [Indicator, [number, number]][]) {
      insert.run(packageId, code, 'indicatorNum', indicator, '', n);
      insert.run(packageId, code, 'indicatorDen', indicator, '', d);
    }
  }
}
