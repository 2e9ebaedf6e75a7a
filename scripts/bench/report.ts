// What one benchmarked operation reports, the verdict against its target, and the printed table
// (Markdown, so it pastes into the README as it is) and JSON file.
import fs from 'node:fs';
import path from 'node:path';
import type { Stats } from './measure';

export type Verdict = 'PASS' | 'MISS' | 'n/a';

/** The note for operations whose module has not landed: never a made-up number. */
export const MODULE_MISSING = 'not yet measurable (module missing)';

export interface OpResult {
  /** "1", "2a", … as numbered in issue 9; "L…" for the other lists and forms. */
  op: string;
  name: string;
  target: string;
  app: Stats | null;
  /** Why there is no app figure, or what it covers. */
  appNote?: string;
  floor: Stats | null;
  /** What the floor does. */
  floorNote?: string;
  /** app p50 / floor p50. */
  ratio: number | null;
  /** Peak resident memory of the process doing the work, MB. */
  rssMb?: { app: number | null; floor: number | null };
  verdict: Verdict;
  /** Another way to do the work, shown for reference and not judged (VACUUM INTO beside a fair floor). */
  reference?: { name: string; stats: Stats };
  /** For a MISS: the cause found; otherwise any remark. */
  remark?: string;
  /** What a load run checked besides timings (the centre load: errors, lost writes, integrity). */
  checks?: { errors: number; acknowledged: number; lost: number; integrity: string; workstations: number; seconds: number };
}

type Judge = (app: Stats, floor: Stats | null, rss: number | null) => boolean;

export const targets = {
  p95Under: (ms: number): { text: string; judge: Judge } => ({ text: `p95 < ${ms} ms`, judge: (app) => app.p95 < ms }),
  medianUnder: (ms: number): { text: string; judge: Judge } => ({ text: `median < ${ms} ms`, judge: (app) => app.p50 < ms }),
  nearFloor: (factor: number, rssMb: number): { text: string; judge: Judge } => ({
    text: `≤ ${factor}× floor, RSS < ${rssMb} MB`,
    judge: (app, floor, rss) => floor !== null && app.p50 <= factor * floor.p50 && rss !== null && rss < rssMb,
  }),
};

export function result(
  op: string,
  name: string,
  target: { text: string; judge: Judge },
  app: Stats | null,
  floor: Stats | null,
  extra: Partial<Pick<OpResult, 'appNote' | 'floorNote' | 'rssMb' | 'remark' | 'reference'>> = {},
): OpResult {
  const ratio = app && floor && floor.p50 > 0 ? app.p50 / floor.p50 : null;
  const verdict: Verdict = app ? (target.judge(app, floor, extra.rssMb?.app ?? null) ? 'PASS' : 'MISS') : 'n/a';
  return { op, name, target: target.text, app, floor, ratio, verdict, ...extra };
}

function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

function mb(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(0)} MB`;
}

/** How far the runs spread: min–max, and the IQR when there are enough runs for one to mean something. */
function spread(s: Stats): string {
  const range = `${ms(s.min)}–${ms(s.max)}`;
  const runs = `${s.runs} run${s.runs === 1 ? '' : 's'}`;
  return s.runs >= 8 ? `${range} (IQR ${ms(s.q1)}–${ms(s.q3)}), ${runs}` : `${range}, ${runs}`;
}

/** The figures as a Markdown table. */
export function table(results: readonly OpResult[]): string {
  const head = ['#', 'operation', 'app p50', 'app p95', 'app spread', 'floor p50', 'app/floor', 'peak RSS app / floor', 'target', 'result'];
  const rows = results.map((r) => [
    r.op,
    r.name,
    r.app ? ms(r.app.p50) : r.appNote ?? '—',
    r.app ? ms(r.app.p95) : '—',
    r.app ? spread(r.app) : '—',
    r.floor ? ms(r.floor.p50) : r.floorNote ?? '—',
    r.ratio === null ? '—' : `${r.ratio.toFixed(1)}×`,
    r.rssMb ? `${mb(r.rssMb.app)} / ${mb(r.rssMb.floor)}` : '—',
    r.target,
    r.verdict,
  ]);
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface RunInfo {
  at: string;
  commit: string;
  machine: string;
  scale: number;
  seed: number;
  dataFile: string;
  counts: Record<string, number>;
  totalSeconds: number;
  /** 1-minute load averages at the start and the end: other work on the machine skews timings. */
  load: { start: number; end: number; cpus: number; threshold: number };
  /** Whether the table may be published: the machine was quiet (load at start ≤ threshold) and it was a full run. */
  publishable: boolean;
}

/** The line printed above the table: the machine's load, and whether the figures may be published. */
export function loadLine(load: RunInfo['load'], publishable: boolean, quick: boolean): string {
  const figures = `load average (1 min) ${load.start.toFixed(2)} at the start, ${load.end.toFixed(2)} at the end, ${load.cpus} CPUs`;
  if (publishable) return `${figures}: a quiet machine, a full run — this table may be published.`;
  const why = quick ? 'a --quick or partial run (--centre-only, another --scale)' : `the load at the start exceeded ${load.threshold.toFixed(2)}`;
  return `WARNING: NOT PUBLISHABLE — ${why} (${figures}). Other work shares the CPUs; rerun on a quiet machine before putting these figures in the README.`;
}

/** Writes the run to bench-results/latest.json and a copy named by commit and time; returns the paths. */
export function writeJson(dir: string, info: RunInfo, results: readonly OpResult[]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const body = JSON.stringify({ ...info, results }, null, 2);
  const latest = path.join(dir, 'latest.json');
  const stamped = path.join(dir, `${info.at.slice(0, 19).replaceAll(':', '').replace('T', '-')}-${info.commit.slice(0, 7) || 'nocommit'}.json`);
  fs.writeFileSync(latest, body);
  fs.writeFileSync(stamped, body);
  return [latest, stamped];
}
