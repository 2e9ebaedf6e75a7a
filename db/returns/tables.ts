// The statistics tables of a return, laid out once from the figures per centre: which columns each
// table has, one row per centre and a total row. Pure; the screen and the workbook both show these
// tables, naming columns with label keys (returns.labels.* in the renderer's texts).
import { REHAB_CATEGORIES, SESSION_TYPES, ageBand, ageBandRanges, type RehabCategory } from '../rehab/rules';
import { BUILTIN_COURSE_TYPES, CERTIFICATE_TYPES, PLACEMENT_TYPES } from '../training/rules';
import { DEVICE_CLASSES } from '../devices/rules';
import { permille } from './rules';
import { INDICATORS } from '../needs/rules';
import { LEFT_OUT_CHECKS, SATISFACTION_SERVICES } from '../compare/rules';

/** A figure's name: metric with up to two dimensions (e.g. children · autism · age 4). */
export type FigureBag = Map<string, number>;

export const figureKey = (metric: string, dim1 = '', dim2 = '') => `${metric}|${dim1}|${dim2}`;

export function addBags(bags: Iterable<FigureBag>): FigureBag {
  const total: FigureBag = new Map();
  for (const bag of bags) for (const [k, v] of bag) total.set(k, (total.get(k) ?? 0) + v);
  return total;
}

/** A piece of a column or row label: a text key with parameters, or a text taken from the data. */
export type LabelPart = { key: string; params?: Record<string, string | number> } | { text: string };

export interface StatsColumn {
  key: string;
  label: LabelPart[];
  kind: 'count' | 'fen' | 'permille';
}

export interface CentreRef {
  code: string;
  name: string;
  type: string;
  regionCode: string;
}

export interface StatsRow {
  /** null for the total row. */
  centre: CentreRef | null;
  values: (number | null)[];
  /**
   * The centre's package did not carry these figures (a format-2 package, for the people checks):
   * its blanks mean "not reported", not "no figure". The total row has it when no centre reported.
   */
  notReported?: true;
}

export const STATS_TABLES = [
  'overview',
  'children',
  'sessions',
  'sessionTypes',
  'training',
  'certificates',
  'placements',
  'retention',
  'devices',
  'subsidy',
  'visits',
  'expiring',
  'indicators',
  'leftOut',
  'households',
  'satisfaction',
  'departmentLists',
] as const;
export type StatsTableId = (typeof STATS_TABLES)[number];

export interface StatsTable {
  id: StatsTableId;
  columns: StatsColumn[];
  rows: StatsRow[];
}

/** Tables of the people checks (format 3): a centre whose package lacked them has not reported them. */
const CHECK_TABLES: ReadonlySet<StatsTableId> = new Set(['leftOut', 'households', 'satisfaction', 'departmentLists']);

export interface ChildrenCross {
  ageBands: { from: number; to: number | null }[];
  rows: { category: RehabCategory; bands: number[]; total: number }[];
  bandTotals: number[];
}

type Getter = (metric: string, dim1?: string, dim2?: string) => number;

interface ColumnSpec extends StatsColumn {
  value(get: Getter, bag: FigureBag): number | null;
}

const col = (key: string, kind: StatsColumn['kind'], label: LabelPart[], value: ColumnSpec['value']): ColumnSpec => ({ key, kind, label, value });
const L = (key: string, params?: Record<string, string | number>): LabelPart => (params ? { key, params } : { key });

/** Sum of a metric over all its dimensions matching a test. */
function sumWhere(bag: FigureBag, metric: string, test: (dim1: string, dim2: string) => boolean = () => true): number {
  let total = 0;
  const prefix = `${metric}|`;
  for (const [k, v] of bag) {
    if (!k.startsWith(prefix)) continue;
    const [, d1 = '', d2 = ''] = k.split('|');
    if (test(d1, d2)) total += v;
  }
  return total;
}

/** The dimension values a metric has in a bag (e.g. the course types seen). */
function dimsOf(bag: FigureBag, metric: string): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const k of bag.keys()) {
    const [m, d1 = '', d2 = ''] = k.split('|');
    if (m === metric) seen.set(`${d1}|${d2}`, [d1, d2]);
  }
  return [...seen.values()];
}

function bandLabel(range: { from: number; to: number | null }): LabelPart {
  return range.to === null ? L('bandOpen', { from: range.from }) : L('band', { from: range.from, to: range.to });
}

const claimed = (programme: string) => (get: Getter) => (get('claimsIncluded') > 0 ? get('claim', programme) : null);

function columnsFor(id: StatsTableId, total: FigureBag, bands: readonly number[]): ColumnSpec[] {
  const ranges = ageBandRanges(bands);
  const childrenIn = (bag: FigureBag, test: (category: string, age: number) => boolean) => sumWhere(bag, 'children', (c, a) => test(c, Number(a)));
  switch (id) {
    case 'overview':
      return [
        col('people', 'count', [L('col.people')], (g) => g('people')),
        col('children', 'count', [L('col.children')], (_g, b) => sumWhere(b, 'children')),
        col('sessions', 'count', [L('col.sessions')], (_g, b) => sumWhere(b, 'sessions')),
        col('serviceDays', 'count', [L('col.serviceDays')], (_g, b) => sumWhere(b, 'serviceDays')),
        col('trainees', 'count', [L('col.trainees')], (_g, b) => sumWhere(b, 'trainees')),
        col('completed', 'count', [L('col.completed')], (_g, b) => sumWhere(b, 'completed')),
        col('certificates', 'count', [L('col.certificates')], (_g, b) => sumWhere(b, 'certificates')),
        col('placements', 'count', [L('col.placements')], (_g, b) => sumWhere(b, 'placements')),
        col('fittings', 'count', [L('col.fittings')], (_g, b) => sumWhere(b, 'fittings')),
        col('deviceSubsidy', 'fen', [L('col.deviceSubsidy')], (_g, b) => sumWhere(b, 'deviceSubsidy')),
        col('visitsDue', 'count', [L('col.visitsDue')], (_g, b) => sumWhere(b, 'visitsDue')),
        col('visitsDone', 'count', [L('col.visitsDone')], (_g, b) => sumWhere(b, 'visitsDone')),
        col('expiring', 'count', [L('col.expiringSoon')], (g) => g('certExpiring', 'within1') + g('certExpiring', 'within6')),
      ];
    case 'children':
      return [
        ...REHAB_CATEGORIES.map((c) => col(`category.${c}`, 'count', [L(`category.${c}`)], (_g, b) => childrenIn(b, (cat) => cat === c))),
        ...ranges.map((r, i) => col(`band.${i}`, 'count', [bandLabel(r)], (_g, b) => childrenIn(b, (_c, age) => ageBand(age, bands) === i))),
        col('total', 'count', [L('col.total')], (_g, b) => sumWhere(b, 'children')),
      ];
    case 'sessions':
      return [
        col('sessions', 'count', [L('col.sessions')], (_g, b) => sumWhere(b, 'sessions')),
        col('present', 'count', [L('attendance.present')], (_g, b) => sumWhere(b, 'sessions', (_t, a) => a === 'present')),
        col('absent', 'count', [L('attendance.absent')], (_g, b) => sumWhere(b, 'sessions', (_t, a) => a === 'absent')),
        col('leave', 'count', [L('attendance.leave')], (_g, b) => sumWhere(b, 'sessions', (_t, a) => a === 'leave')),
        col('attendanceRate', 'permille', [L('col.attendanceRate')], (_g, b) =>
          permille(sumWhere(b, 'sessions', (_t, a) => a === 'present'), sumWhere(b, 'sessions')),
        ),
        col('serviceDays', 'count', [L('col.serviceDays')], (_g, b) => sumWhere(b, 'serviceDays')),
      ];
    case 'sessionTypes':
      return SESSION_TYPES.map((t) => col(`type.${t}`, 'count', [L(`sessionType.${t}`)], (_g, b) => sumWhere(b, 'sessions', (type) => type === t)));
    case 'training': {
      const builtin = new Set<string>(BUILTIN_COURSE_TYPES);
      const custom = dimsOf(total, 'trainees')
        .filter(([code]) => !builtin.has(code))
        .sort((a, b) => a[1].localeCompare(b[1], 'zh-CN') || a[0].localeCompare(b[0]));
      // Added course types are told apart by code and name: two centres may give one code different names.
      const types: { key: string; label: LabelPart; test: (code: string, name: string) => boolean }[] = [
        ...BUILTIN_COURSE_TYPES.map((code) => ({ key: code, label: L(`courseType.${code}`), test: (c: string) => c === code })),
        ...custom.map(([code, name]) => ({
          key: `${code}.${name}`,
          label: { text: name || code } as LabelPart,
          test: (c: string, n: string) => c === code && n === name,
        })),
      ];
      return [
        ...types.flatMap((t) => [
          col(`trainees.${t.key}`, 'count', [t.label, L('col.trainees')], (_g, b) => sumWhere(b, 'trainees', t.test)),
          col(`completed.${t.key}`, 'count', [t.label, L('col.completed')], (_g, b) => sumWhere(b, 'completed', t.test)),
        ]),
        col('trainees', 'count', [L('col.total'), L('col.trainees')], (_g, b) => sumWhere(b, 'trainees')),
        col('completed', 'count', [L('col.total'), L('col.completed')], (_g, b) => sumWhere(b, 'completed')),
      ];
    }
    case 'certificates':
      return [
        ...CERTIFICATE_TYPES.map((c) => col(`cert.${c}`, 'count', [L(`certType.${c}`)], (g) => g('certificates', c))),
        col('total', 'count', [L('col.total')], (_g, b) => sumWhere(b, 'certificates')),
      ];
    case 'placements':
      return [
        ...PLACEMENT_TYPES.map((p) => col(`placement.${p}`, 'count', [L(`placementType.${p}`)], (g) => g('placements', p))),
        col('total', 'count', [L('col.total')], (_g, b) => sumWhere(b, 'placements')),
      ];
    case 'retention': {
      const months = [...new Set([3, 6, 12, ...dimsOf(total, 'followupRecorded').map(([m]) => Number(m))])].sort((a, b) => a - b);
      return months.flatMap((m) => [
        col(`recorded.${m}`, 'count', [L('months', { n: m }), L('col.followupRecorded')], (g) => g('followupRecorded', String(m))),
        col(`employed.${m}`, 'count', [L('months', { n: m }), L('col.followupEmployed')], (g) => g('followupEmployed', String(m))),
        col(`rate.${m}`, 'permille', [L('months', { n: m }), L('col.retentionRate')], (g) =>
          permille(g('followupEmployed', String(m)), g('followupRecorded', String(m))),
        ),
      ]);
    }
    case 'devices':
      return [
        ...DEVICE_CLASSES.map((c) => col(`class.${c}`, 'count', [L(`deviceClass.${c}`)], (g) => g('fittings', c))),
        col('fittings', 'count', [L('col.total')], (_g, b) => sumWhere(b, 'fittings')),
        col('cost', 'fen', [L('col.deviceCost')], (_g, b) => sumWhere(b, 'deviceCost')),
        col('subsidy', 'fen', [L('col.deviceSubsidy')], (_g, b) => sumWhere(b, 'deviceSubsidy')),
        col('selfPaid', 'fen', [L('col.deviceSelfPaid')], (_g, b) => sumWhere(b, 'deviceSelfPaid')),
      ];
    case 'subsidy':
      return [
        col('claimRehab', 'fen', [L('programme.rehab'), L('col.claimed')], claimed('rehab')),
        col('claimTraining', 'fen', [L('programme.training'), L('col.claimed')], claimed('training')),
        col('claimDevices', 'fen', [L('programme.devices'), L('col.claimed')], claimed('devices')),
        col('claimTotal', 'fen', [L('col.total'), L('col.claimed')], (g, b) => (g('claimsIncluded') > 0 ? sumWhere(b, 'claim') : null)),
        col('fittingSubsidy', 'fen', [L('programme.devices'), L('col.fittingSubsidy')], (_g, b) => sumWhere(b, 'deviceSubsidy')),
      ];
    case 'visits':
      return (['frequent', 'other', 'all'] as const).flatMap((f) => {
        const test = (d: string) => f === 'all' || d === f;
        return [
          col(`due.${f}`, 'count', [L(`frequency.${f}`), L('col.visitsDue')], (_g, b) => sumWhere(b, 'visitsDue', test)),
          col(`done.${f}`, 'count', [L(`frequency.${f}`), L('col.visitsDone')], (_g, b) => sumWhere(b, 'visitsDone', test)),
          col(`rate.${f}`, 'permille', [L(`frequency.${f}`), L('col.visitRate')], (_g, b) =>
            permille(sumWhere(b, 'visitsDone', test), sumWhere(b, 'visitsDue', test)),
          ),
        ];
      });
    case 'indicators':
      // The 精准康复 rates (persons, counted by each centre); blank for a centre whose package carried none.
      return INDICATORS.flatMap((indicator) => {
        const has = (get: Getter) => get('indicatorsIncluded') > 0;
        return [
          col(`${indicator}.n`, 'count', [L(`indicator.${indicator}`), L('col.indicatorNum')], (g) => (has(g) ? g('indicatorNum', indicator) : null)),
          col(`${indicator}.d`, 'count', [L(`indicator.${indicator}`), L('col.indicatorDen')], (g) => (has(g) ? g('indicatorDen', indicator) : null)),
          col(`${indicator}.rate`, 'permille', [L(`indicator.${indicator}`), L('col.indicatorRate')], (g) =>
            has(g) ? permille(g('indicatorNum', indicator), g('indicatorDen', indicator)) : null,
          ),
        ];
      }).concat(
        // 满意率 beside them (answers, not persons): from the format-3 satisfaction table, blank when not reported.
        (() => {
          const has = (get: Getter) => get('checksIncluded') > 0;
          const label = L('indicator.satisfaction');
          return [
            col('satisfaction.n', 'count', [label, L('col.satisfied')], (g, b) => (has(g) ? sumWhere(b, 'satSatisfied') : null)),
            col('satisfaction.d', 'count', [label, L('col.answers')], (g, b) => (has(g) ? sumWhere(b, 'satAnswers') : null)),
            col('satisfaction.rate', 'permille', [label, L('col.indicatorRate')], (g, b) =>
              has(g) ? permille(sumWhere(b, 'satSatisfied'), sumWhere(b, 'satAnswers')) : null,
            ),
          ];
        })(),
      );
    case 'leftOut': {
      // The people each centre's left-out checks found (不漏一人); blank for a centre that did not report them.
      const has = (get: Getter) => get('checksIncluded') > 0;
      return [
        ...LEFT_OUT_CHECKS.map((c) => col(`check.${c}`, 'count', [L(`leftOutCheck.${c}`)], (g) => (has(g) ? g('leftOut', c) : null))),
        col('people', 'count', [L('col.leftOutPeople')], (g) => (has(g) ? g('leftOutPeople') : null)),
      ];
    }
    case 'households': {
      const has = (get: Getter) => get('checksIncluded') > 0;
      const count = (key: string, metric: string, label: string) => col(key, 'count', [L(label)], (g) => (has(g) ? g(metric) : null));
      return [
        count('households', 'households', 'col.households'),
        count('multiple', 'multipleHouseholds', 'col.multipleHouseholds'),
        count('zeroEmployment', 'zeroEmployment', 'col.zeroEmployment'),
        count('familyDoctor', 'familyDoctor', 'col.familyDoctor'),
        count('childrenInRehab', 'childrenInRehab', 'col.childrenInRehab'),
        count('insuredChildren', 'insuredChildren', 'col.insuredChildren'),
        col('insuredRate', 'permille', [L('col.insuredRate')], (g) => (has(g) ? permille(g('insuredChildren'), g('childrenInRehab')) : null)),
        count('trainees', 'checkTrainees', 'col.checkTrainees'),
        count('migrantTrainees', 'migrantTrainees', 'col.migrantTrainees'),
      ];
    }
    case 'satisfaction':
      // 满意率: answers of 基本满意 or better over all answers, per service and overall, the count beside the rate.
      return (['all', ...SATISFACTION_SERVICES] as const).flatMap((service) => {
        const has = (get: Getter) => get('checksIncluded') > 0;
        const test = (d: string) => service === 'all' || d === service;
        const answers = (b: FigureBag) => sumWhere(b, 'satAnswers', test);
        const satisfied = (b: FigureBag) => sumWhere(b, 'satSatisfied', test);
        return [
          col(`${service}.answers`, 'count', [L(`service.${service}`), L('col.answers')], (g, b) => (has(g) ? answers(b) : null)),
          col(`${service}.satisfied`, 'count', [L(`service.${service}`), L('col.satisfied')], (g, b) => (has(g) ? satisfied(b) : null)),
          col(`${service}.rate`, 'permille', [L(`service.${service}`), L('col.satisfactionRate')], (g, b) => (has(g) ? permille(satisfied(b), answers(b)) : null)),
        ];
      });
    case 'departmentLists': {
      const has = (get: Getter) => get('checksIncluded') > 0;
      return (
        [
          ['lists', 'lists'],
          ['rows', 'listRows'],
          ['same', 'listSame'],
          ['different', 'listDifferent'],
          ['onlyTheirs', 'listOnlyTheirs'],
          ['onlyOurs', 'listOnlyOurs'],
          ['departed', 'listDeparted'],
        ] as const
      ).map(([key, metric]) => col(key, 'count', [L(`list.${key}`)], (g) => (has(g) ? g(metric) : null)));
    }
    case 'expiring':
      return [
        col('expired', 'count', [L('expiry.expired')], (g) => g('certExpiring', 'expired')),
        col('within1', 'count', [L('expiry.within1')], (g) => g('certExpiring', 'within1')),
        col('within6', 'count', [L('expiry.within6')], (g) => g('certExpiring', 'within6')),
      ];
  }
}

/**
 * The statistics tables: a row per centre (in the order given) and the total row, which adds the
 * centres' figures up and works rates out from the added numbers.
 */
export function buildTables(centres: readonly CentreRef[], bags: ReadonlyMap<string, FigureBag>, ageBands: readonly number[]): StatsTable[] {
  const total = addBags(centres.map((c) => bags.get(c.code) ?? new Map()));
  return STATS_TABLES.map((id) => {
    const columns = columnsFor(id, total, ageBands);
    const rowOf = (centre: CentreRef | null, bag: FigureBag): StatsRow => {
      const get: Getter = (metric, dim1 = '', dim2 = '') => bag.get(figureKey(metric, dim1, dim2)) ?? 0;
      const values = columns.map((c) => c.value(get, bag));
      return CHECK_TABLES.has(id) && get('checksIncluded') === 0 ? { centre, values, notReported: true } : { centre, values };
    };
    return {
      id,
      columns: columns.map(({ key, label, kind }) => ({ key, label, kind })),
      rows: [...centres.map((c) => rowOf(c, bags.get(c.code) ?? new Map())), rowOf(null, total)],
    };
  });
}

/** Children served in total by category and age band (the cross table under the per-centre one). */
export function childrenCross(total: FigureBag, ageBands: readonly number[]): ChildrenCross {
  const ranges = ageBandRanges(ageBands);
  const rows = REHAB_CATEGORIES.map((category) => {
    const bands = ranges.map((_r, i) => sumWhere(total, 'children', (c, a) => c === category && ageBand(Number(a), ageBands) === i));
    return { category, bands, total: bands.reduce((a, b) => a + b, 0) };
  });
  return { ageBands: ranges, rows, bandTotals: ranges.map((_r, i) => rows.reduce((sum, r) => sum + r.bands[i]!, 0)) };
}
