// `npx tsx scripts/bench/centre-load.ts [--scale 100] [--seconds 60] [--workstations 20] [--keep]`
// (after `npm run build`): centre server mode under a centre's load, on loopback only. A seeded
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
import { stats } from './measure';
import { sessionSlots } from './session-slots';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASSWORD = 'bench workstation passw0rd';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    workstations: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const seconds = Number(values.seconds);
const workstations = Number(values.workstations);
const today = DEFAULT_TODAY;

function prepare(file: string): void {
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

async function main() {
  const seeded = cachedSeed(scale, 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabdesk-centre-bench-'));
  const file = workingCopy(seeded.file, dir, 'centre-load.sqlite');
  prepare(file);
  const raw = new Database(file, { readonly: true });
  const slot = sessionSlots(raw, { today, times: ['05:00', '05:45', '20:00', '20:45'], startedDaysAgo: 400 });
  const query = (() => {
    const names = (raw.prepare('SELECT name FROM person WHERE archived = 0 ORDER BY id').all() as { name: string }[]).map((p) => p.name);
    return (i: number) => names[(i * 37) % names.length]!.slice(0, 1);
  })();
  raw.close();

  const dist = path.join(ROOT, 'dist', 'node');
  const service = await startServiceThread(path.join(dist, 'service-worker.mjs'), {
    dataFile: file,
    host: 'browser',
    appVersion: 'bench',
    backupWorkerFile: path.join(dist, 'backup-worker.mjs'),
    today,
  });
  const renderer = path.join(ROOT, 'dist', 'renderer');
  const centre = await startCentre({
    service,
    rendererDir: fs.existsSync(renderer) ? renderer : dir,
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
  console.log(`centre load: scale ${scale}, ${workstations} workstations × (save a session + people search) per second for ${seconds} s, ${centre.url}`);

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

  const s = stats(saveMs);
  const l = stats(listMs);
  console.log(`save a session: ${saveMs.length} calls, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (target < 50 ms) ${s.p95 < 50 ? 'PASS' : 'MISS'}`);
  console.log(`people search:  ${listMs.length} calls, p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms (target < 50 ms) ${l.p95 < 50 ? 'PASS' : 'MISS'}`);
  console.log(`errors: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`);
  console.log(`acknowledged saves: ${saved.length}, missing afterwards: ${lost.length}; integrity_check: ${String(integrity)}; load average ${os.loadavg()[0]!.toFixed(2)}`);
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${file}`);
  process.exit(errors.length || lost.length || integrity !== 'ok' ? 1 : 0);
}

void main();
