// Timing helpers: run an operation many times and summarise (median, p50, p95), and read the
// process's peak resident memory.
import fs from 'node:fs';

export interface Stats {
  runs: number;
  /** Nearest-rank percentiles, in milliseconds; median is p50. */
  p50: number;
  p95: number;
  min: number;
  max: number;
  /** Quartiles: the spread of the runs is min–max, and q1–q3 (IQR) for many runs. */
  q1: number;
  q3: number;
}

export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { runs: sorted.length, p50: rank(0.5), p95: rank(0.95), min: sorted[0]!, max: sorted[sorted.length - 1]!, q1: rank(0.25), q3: rank(0.75) };
}

/**
 * Times `run(i)` for i = 0…runs-1 after `warmup` untimed calls (statements get prepared and
 * pages cached once per connection, as in the app after its first screen).
 */
export function time(runs: number, run: (i: number) => void, warmup = 2): Stats {
  for (let i = 0; i < warmup; i += 1) run(runs + i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    run(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return stats(samples);
}

export async function timeAsync(runs: number, run: (i: number) => Promise<void>, warmup = 0): Promise<Stats> {
  for (let i = 0; i < warmup; i += 1) await run(runs + i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await run(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return stats(samples);
}

/**
 * Peak resident set size of this process so far, in MB. On Linux from VmHWM: getrusage's maxRSS
 * of a spawned child starts at the parent's peak (it survives fork and exec), VmHWM does not.
 */
export function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS / 1024;
}
