// Operations 9–11: does the window still get answers while long work runs? Spawns the built
// browser host as a process and, over HTTP with its token (the way the window calls it), times
// the people search and saving a session: idle, then while a backup, a return-package export and
// the 100,000-row claims xlsx export each run. Until the service has its own thread these wait
// behind the long work.
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { createClock } from '../../db/clock';
import { createService } from '../../db/service';
import { adminSession } from '../../db/trust/bootstrap';
import { API_PATH, SESSION_HEADER, TOKEN_HEADER } from '../../host/http';
import { SEED_ADMIN, SEED_PASSWORD } from '../seed/trust';
import { startHost, stop } from './browser';
import { EXPORT_LABELS, growBatch, openMonth } from './claims-batch';
import { stats, type Stats } from './measure';
import { sessionSlots } from './session-slots';
import { result, targets, type OpResult } from './report';

export interface ConcurrentOptions {
  hostCli: string;
  /** The working copy (the other API operations may have written to it: sessions go in other slots). */
  file: string;
  today: string;
  /** The return package's period (a year). */
  period: string;
  /** Lines of the claim batch exported (100,000). */
  claimLines: number;
  /** Probes of each kind while idle. */
  idleProbes: number;
}

type Call = (name: string, input: unknown) => Promise<Record<string, unknown>>;

/** People-search fragments: the first character of names across the register. */
function searchQueries(file: string): (i: number) => string {
  const raw = new Database(file, { readonly: true });
  try {
    const people = (raw.prepare('SELECT name FROM person WHERE archived = 0 ORDER BY id').all() as { name: string }[]).map((p) => p.name);
    return (i) => people[(i * 37) % people.length]!.slice(0, 1);
  } finally {
    raw.close();
  }
}

/** Sessions in early weekend mornings: slots neither the history nor operation 3 uses. */
function sessionInputs(file: string, today: string) {
  const raw = new Database(file, { readonly: true });
  try {
    return sessionSlots(raw, { today, times: ['06:00', '06:45', '07:30'], startedDaysAgo: 400 });
  } finally {
    raw.close();
  }
}

/** A draft of the open month grown to `lines` lines, made before the host starts; its id. */
function prepareBatch(file: string, today: string, lines: number): number {
  const service = createService({ dataFile: file, host: 'browser', appVersion: 'bench', clock: createClock(today) });
  try {
    const session = adminSession(service, SEED_ADMIN, SEED_PASSWORD);
    const made = service.dispatch('claims.batches.create', { programme: 'rehab', period: openMonth(today) }, session);
    if (!made.ok) throw new Error(`claims.batches.create: ${JSON.stringify(made.error)}`);
    const batch = made.value as { id: number; lineCount: number };
    growBatch(service.db, batch.id, batch.lineCount, lines);
    return batch.id;
  } finally {
    service.close();
  }
}

async function connect(url: string): Promise<Call> {
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') ?? '';
  const endpoint = `${parsed.origin}${API_PATH}`;
  const signedIn = { session: '' };
  const call: Call = async (name, input) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, ...(signedIn.session ? { [SESSION_HEADER]: signedIn.session } : {}) },
      body: JSON.stringify({ name, input }),
    }).catch((error: unknown) => {
      throw new Error(`${name} over HTTP: ${String((error as { cause?: unknown }).cause ?? error)}`);
    });
    const body = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
    if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
    return body.value as Record<string, unknown>;
  };
  signedIn.session = String((await call('auth.signIn', { username: SEED_ADMIN, password: SEED_PASSWORD })).sessionId);
  return call;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function runConcurrentBench(options: ConcurrentOptions, log: (line: string) => void): Promise<OpResult[]> {
  const batchId = prepareBatch(options.file, options.today, options.claimLines);
  const session = sessionInputs(options.file, options.today);
  const query = searchQueries(options.file);
  let next = 0;
  const search = (call: Call) => timed(() => call('people.search', { q: query(next) }));
  const save = (call: Call) => timed(() => call('rehab.sessions.log', session(next++)));

  let child: ChildProcess | null = null;
  try {
    const host = startHost(options.hostCli, options.file, options.today);
    child = host.child;
    const call = await connect(await host.url);
    // Warm up as a window would have: the first screen's calls.
    for (let i = 0; i < 3; i += 1) await call('people.search', {});

    const idle = { search: [] as number[], save: [] as number[] };
    for (let i = 0; i < options.idleProbes; i += 1) {
      idle.search.push(await search(call));
      idle.save.push(await save(call));
    }
    const idleStats = { search: stats(idle.search), save: stats(idle.save) };
    log(`  idle: people search p95 ${idleStats.search.p95.toFixed(1)} ms, save a session p95 ${idleStats.save.p95.toFixed(1)} ms`);

    /**
     * Starts `work` and probes (search, then save, as a user would keep working) until it is over;
     * a job is polled between probes as its screen polls it. Only probes started during the work count.
     */
    const during = async (work: () => Promise<unknown>, job: boolean): Promise<{ search: Stats; save: Stats; ms: number }> => {
      const s: number[] = [];
      const v: number[] = [];
      const start = performance.now();
      let over = false;
      let jobId: unknown = null;
      let failed: { error: unknown } | null = null;
      // The work's own answer always has a handler: a failed work ends the probing and is reported
      // as itself, and a failed probe waits for the work's answer before the host is stopped. (A
      // probe that failed during a backup used to stop the host under the pending backup.now,
      // whose closed connection then crashed the run and hid the probe's own error.)
      const started = work().then(
        (value) => {
          if (!job) over = true;
          else jobId = (value as { id: unknown }).id;
        },
        (error: unknown) => {
          over = true;
          failed = { error };
        },
      );
      if (job) await started;
      try {
        while (!over) {
          s.push(await search(call));
          if (over) break;
          v.push(await save(call));
          if (job && jobId !== null) {
            const view = await call('jobs.get', { id: jobId });
            if (view.state !== 'running') {
              if (view.state !== 'done') throw new Error(`job ${String(view.kind)} ${String(view.state)}: ${JSON.stringify(view.error)}`);
              over = true;
            }
          }
        }
      } finally {
        await started;
      }
      if (failed) throw (failed as { error: unknown }).error;
      const ms = performance.now() - start;
      // A probe or two always fits; with none of a kind the work blocked it throughout.
      return { search: stats(s.length ? s : [ms]), save: stats(v.length ? v : [ms]), ms };
    };

    const works: { op: string; name: string; job: boolean; run: () => Promise<unknown> }[] = [
      { op: '9', name: 'a backup (backup.now)', job: false, run: () => call('backup.now', {}) },
      { op: '10', name: `a return-package export (returns.export ${options.period})`, job: true, run: () => call('returns.export', { period: options.period }) },
      {
        op: '11',
        name: `the ${options.claimLines.toLocaleString('en-US')}-row claims xlsx export (claims.batches.export)`,
        job: true,
        run: () => call('claims.batches.export', { batchId, labels: EXPORT_LABELS }),
      },
    ];
    const results: OpResult[] = [];
    for (const w of works) {
      const measured = await during(w.run, w.job);
      log(`  while ${w.name} (${(measured.ms / 1000).toFixed(1)} s): people search p95 ${measured.search.p95.toFixed(0)} ms (${measured.search.runs} probes), save p95 ${measured.save.p95.toFixed(0)} ms (${measured.save.runs})`);
      results.push(
        result(`${w.op}a`, `people search while ${w.name} runs, over HTTP (idle figure as floor)`, targets.p95Under(50), measured.search, idleStats.search, {
          floorNote: 'the same, idle',
          remark: `${w.name} took ${(measured.ms / 1000).toFixed(1)} s; ${measured.search.runs} searches during it; idle p95 ${idleStats.search.p95.toFixed(1)} ms`,
        }),
        result(`${w.op}b`, `save a session while ${w.name} runs, over HTTP (idle figure as floor)`, targets.p95Under(50), measured.save, idleStats.save, {
          floorNote: 'the same, idle',
          remark: `${measured.save.runs} saves during it; idle p95 ${idleStats.save.p95.toFixed(1)} ms`,
        }),
      );
    }
    return results;
  } finally {
    if (child) await stop(child);
  }
}
