// `npx tsx scripts/bench/centre-load.ts [--scale 100] [--seconds 60] [--workstations 20] [--keep]`
// (after `npm run build`), and operation 12 of `npm run bench` (runCentreLoad): centre server mode
// under a centre's load, on loopback only. A seeded
// file's working copy is served by the built service thread behind host/centre-server.ts (HTTPS,
// cookie sessions, in this process, the per-address limits raised because every simulated
// workstation shares 127.0.0.1); each workstation signs in with its own therapist account and,
// every second, saves a therapy session and reads a list (people search). Prints p95 of both,
// errors, then checks that every acknowledged save is in the file and that integrity_check is ok.
// Measured, not asserted; the numbers mean little while other work loads the machine.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createClock } from '../../db/clock';
import { createService } from '../../db/service';
import { adminSession } from '../../db/trust/bootstrap';
import { startCentre } from '../../host/centre-server';
import { startServiceThread } from '../../host/service-thread';
import { API_PATH } from '../../host/http';
import { SEED_ADMIN, SEED_PASSWORD } from '../seed/trust';
import { DEFAULT_TODAY } from '../seed/index';
import { cachedSeed, workingCopy } from './data';
import { stats, type Stats } from './measure';
import { result, targets, type OpResult } from './report';
import { sessionSlots } from './session-slots';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASSWORD = 'bench workstation passw0rd';

export interface CentreLoadOptions {
  /** A working copy of a seeded file (it gets the workstations' accounts and their sessions). */
  file: string;
  today: string;
  seconds: number;
  workstations: number;
  /** The build's folder (dist/, or REHABDESK_DIST). */
  dist: string;
  log?: (line: string) => void;
}

export interface CentreLoadOutcome {
  save: Stats;
  list: Stats;
  errors: string[];
  /** Saves the server acknowledged, and how many of them were not in the file afterwards. */
  acknowledged: number;
  lost: number;
  integrity: string;
  seconds: number;
  workstations: number;
}

function prepare(file: string, today: string, workstations: number): void {
  const service = createService({ dataFile: file, host: 'browser', appVersion: 'bench', clock: createClock(today) });
  try {
    const session = adminSession(service, SEED_ADMIN, SEED_PASSWORD);
    for (let i = 1; i <= workstations; i += 1) {
      const made = service.dispatch('accounts.create', { username: `ws${i}`, displayName: `工作站 ${i}`, role: 'therapist', password: PASSWORD }, session);
      if (!made.ok && made.error.code !== 'ACCOUNT_EXISTS') throw new Error(`accounts.create: ${JSON.stringify(made.error)}`);
    }
  } finally {
    service.close();
  }
}

/** Serves `file` as a centre and loads it from `workstations` simulated workstations for `seconds`. */
export async function runCentreLoad(options: CentreLoadOptions): Promise<CentreLoadOutcome> {
  const { file, today, seconds, workstations } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  prepare(file, today, workstations);
  const raw = new Database(file, { readonly: true });
  const slot = sessionSlots(raw, { today, times: ['04:00', '04:45', '22:30', '23:15'], startedDaysAgo: 400 });
  const query = (() => {
    const names = (raw.prepare('SELECT name FROM person WHERE archived = 0 ORDER BY id').all() as { name: string }[]).map((p) => p.name);
    return (i: number) => names[(i * 37) % names.length]!.slice(0, 1);
  })();
  raw.close();

  const dist = path.join(options.dist, 'node');
  const service = await startServiceThread(path.join(dist, 'service-worker.mjs'), {
    dataFile: file,
    host: 'browser',
    appVersion: 'bench',
    backupWorkerFile: path.join(dist, 'backup-worker.mjs'),
    today,
  });
  const renderer = path.join(options.dist, 'renderer');
  const centre = await startCentre({
    service,
    rendererDir: fs.existsSync(renderer) ? renderer : path.dirname(file),
    dataFile: file,
    address: '127.0.0.1',
    limits: { perAddress: 1_000_000, signInPerAddress: 1_000 },
  });
  const agent = new https.Agent({ keepAlive: true, ca: centre.cert, servername: 'localhost' } as https.AgentOptions);
  const post = (name: string, input: unknown, cookie?: string) =>
    new Promise<{ body: { ok: boolean; value?: Record<string, unknown>; error?: unknown }; cookie?: string; ms: number }>((resolve, reject) => {
      const start = process.hrtime.bigint();
      const body = JSON.stringify({ name, input });
      const req = https.request(
        { host: '127.0.0.1', port: centre.port, path: API_PATH, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(cookie ? { Cookie: cookie } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const set = (res.headers['set-cookie'] ?? [])[0]?.split(';')[0];
            resolve({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), cookie: set, ms: Number(process.hrtime.bigint() - start) / 1e6 });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const cookies: string[] = [];
  for (let i = 1; i <= workstations; i += 1) {
    const signedIn = await post('auth.signIn', { username: `ws${i}`, password: PASSWORD });
    if (!signedIn.body.ok || !signedIn.cookie) throw new Error(`sign-in ws${i}: ${JSON.stringify(signedIn.body.error)}`);
    cookies.push(signedIn.cookie);
  }
  log(`centre load: ${workstations} workstations × (save a session + people search) per second for ${seconds} s, ${centre.url}`);

  const saveMs: number[] = [];
  const listMs: number[] = [];
  const errors: string[] = [];
  const saved: number[] = [];
  let next = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie, w) => {
      // Workstations start spread over the first second, as people do not click in step.
      await new Promise((r) => setTimeout(r, (1000 * w) / workstations));
      for (let tick = 0; Date.now() < until; tick += 1) {
        const due = Date.now() + 1000;
        try {
          const save = await post('rehab.sessions.log', slot(next++), cookie);
          saveMs.push(save.ms);
          if (save.body.ok) saved.push(Number(save.body.value!.id));
          else errors.push(`save: ${JSON.stringify(save.body.error)}`);
          const list = await post('people.search', { q: query(w * 1000 + tick) }, cookie);
          listMs.push(list.ms);
          if (!list.body.ok) errors.push(`list: ${JSON.stringify(list.body.error)}`);
        } catch (error) {
          errors.push(String(error));
        }
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      }
    }),
  );
  agent.destroy();
  await centre.close();
  await service.close();

  const check = new Database(file, { readonly: true });
  const present = new Set((check.prepare('SELECT id FROM rehab_session').all() as { id: number }[]).map((r) => r.id));
  const lost = saved.filter((id) => !present.has(id));
  const integrity = check.pragma('integrity_check', { simple: true });
  check.close();

  return { save: stats(saveMs), list: stats(listMs), errors, acknowledged: saved.length, lost: lost.length, integrity: String(integrity), seconds, workstations };
}

/**
 * Operation 12 of the bench as two rows, saving and reading: each passes only with p95 under 50 ms
 * and, for the run as a whole, no error, no lost write and integrity_check ok.
 */
export function centreLoadResults(outcome: CentreLoadOutcome): OpResult[] {
  const problems = [
    outcome.errors.length ? `${outcome.errors.length} errors (first: ${outcome.errors[0]})` : '',
    outcome.lost ? `${outcome.lost} of ${outcome.acknowledged} acknowledged saves missing afterwards` : '',
    outcome.integrity === 'ok' ? '' : `integrity_check: ${outcome.integrity}`,
  ].filter(Boolean);
  const checks = { errors: outcome.errors.length, acknowledged: outcome.acknowledged, lost: outcome.lost, integrity: outcome.integrity, workstations: outcome.workstations, seconds: outcome.seconds };
  const remark = `${outcome.workstations} workstations for ${outcome.seconds} s over HTTPS (loopback): ${outcome.errors.length} errors, ${outcome.acknowledged} acknowledged saves, ${outcome.lost} missing afterwards, integrity_check ${outcome.integrity}`;
  const rows: [string, string, Stats][] = [
    ['12a', `centre server: save a session, ${outcome.workstations} workstations each saving and reading every second`, outcome.save],
    ['12b', `centre server: people search, ${outcome.workstations} workstations each saving and reading every second`, outcome.list],
  ];
  return rows.map(([op, name, app]) => {
    const r = result(op, name, targets.p95Under(50), app, null, { remark: problems.length ? `${problems.join('; ')}; ${remark}` : remark });
    return { ...r, checks, verdict: app.runs === 0 || problems.length ? 'MISS' : r.verdict };
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '60' },
      workstations: { type: 'string', default: '20' },
      keep: { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  const seeded = cachedSeed(scale, 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabdesk-centre-bench-'));
  const file = workingCopy(seeded.file, dir, 'centre-load.sqlite');
  console.log(`scale-${scale} centre: ${seeded.file}`);
  const outcome = await runCentreLoad({
    file,
    today: DEFAULT_TODAY,
    seconds: Number(values.seconds),
    workstations: Number(values.workstations),
    dist: path.join(ROOT, process.env.REHABDESK_DIST ?? 'dist'),
  });
  const { save: s, list: l, errors, lost } = outcome;
  console.log(`save a session: ${s.runs} calls, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (target < 50 ms) ${s.p95 < 50 ? 'PASS' : 'MISS'}`);
  console.log(`people search:  ${l.runs} calls, p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms (target < 50 ms) ${l.p95 < 50 ? 'PASS' : 'MISS'}`);
  console.log(`errors: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`);
  console.log(`acknowledged saves: ${outcome.acknowledged}, missing afterwards: ${lost}; integrity_check: ${outcome.integrity}; load average ${os.loadavg()[0]!.toFixed(2)}`);
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${file}`);
  process.exit(errors.length || lost || outcome.integrity !== 'ok' ? 1 : 0);
}

// Run as a command (npm run bench:centre), not when the bench imports it.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
