// `npx tsx scripts/returns-bench.ts --scale S --centres N [--period 2026] [--dir DIR] [--keep]`:
// times consolidated returns at realistic sizes. Seeds N centres (as `npm run seed` does; scale 1
// = 50 people and ~10,000 sessions over the years), exports each centre's return for the period,
// imports them all at one office, then reads the statistics, the cross-centre check and writes
// the workbook. Prints the times and the sizes. `--inbox DIR` consolidates the packages already
// in DIR instead (for the period given) and exports nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createService, type Service } from '../db/service';
import { createClock } from '../db/clock';
import type { JobView, SignedIn } from '../db/contract';
import { creditCodeCheckChar } from '../db/training/rules';
import { generate } from './seed/index';
import { SEED_ADMIN, SEED_PASSWORD } from './seed/trust';
import texts from '../renderer/i18n/areas/returns.en';
import { flattenLabels } from '../renderer/components/returns/labels';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    centres: { type: 'string', default: '5' },
    period: { type: 'string', default: '2026' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    inbox: { type: 'string' },
  },
});
const scale = Number(values.scale);
const centres = Number(values.centres);
const period = values.period;
const dir = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'returns-bench-'));
const TODAY = '2026-11-22';

function signIn(service: Service, username: string, password: string): string {
  const result = service.dispatch('auth.signIn', { username, password });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return (result.value as SignedIn).sessionId;
}

function call<T>(service: Service, session: string, name: string, input: unknown): T {
  const result = service.dispatch(name, input, session);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function settle<T>(service: Service, session: string, job: JobView<T>): Promise<JobView<T>> {
  for (;;) {
    const view = call<JobView<T>>(service, session, 'jobs.get', { id: job.id });
    if (view.state !== 'running') {
      if (view.state !== 'done') throw new Error(`${job.kind} ${view.state}: ${JSON.stringify(view.error)}`);
      return view;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const inbox = values.inbox ?? path.join(dir, 'inbox');
  console.log(values.inbox ? `returns bench: the packages in ${inbox}, period ${period}` : `returns bench: ${centres} centres at scale ${scale}, period ${period}, in ${dir}`);
  fs.mkdirSync(inbox, { recursive: true });
  const exportTimes: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < (values.inbox ? 0 : centres); i += 1) {
    const file = path.join(dir, `centre-${i + 1}`, 'data.sqlite');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) generate(file, { scale, seed: i + 1, audit: false, today: TODAY });
    const service = createService({ dataFile: file, host: 'browser', appVersion: 'bench', clock: createClock(TODAY), log: console.error });
    try {
      const session = signIn(service, SEED_ADMIN, SEED_PASSWORD);
      const first17 = `12320102${String(i + 1).padStart(9, '0')}`;
      call(service, session, 'returns.centre.save', { name: `第${i + 1}康复中心`, type: 'service_centre', creditCode: first17 + creditCodeCheckChar(first17), regionCode: '320102' });
      const started = performance.now();
      const done = await settle(service, session, call<JobView<{ file: string; fileName: string; rows: number; bytes: number }>>(service, session, 'returns.export', { period }));
      exportTimes.push(performance.now() - started);
      rows += done.result!.rows;
      bytes += done.result!.bytes;
      fs.renameSync(done.result!.file, path.join(inbox, done.result!.fileName));
      console.log(`  centre ${i + 1}: export ${ms(exportTimes.at(-1)!)}, ${done.result!.rows.toLocaleString('en-US')} rows, ${mb(done.result!.bytes)}`);
    } finally {
      service.close();
    }
  }
  const sorted = [...exportTimes].sort((a, b) => a - b);
  if (sorted.length) console.log(`export: median ${ms(sorted[Math.floor(sorted.length / 2)]!)}, max ${ms(sorted.at(-1)!)}; ${rows.toLocaleString('en-US')} rows, ${mb(bytes)} in all`);

  const officeFile = path.join(dir, 'office', 'data.sqlite');
  fs.rmSync(path.dirname(officeFile), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(officeFile), { recursive: true });
  const office = createService({ dataFile: officeFile, host: 'browser', appVersion: 'bench', clock: createClock(TODAY), log: console.error });
  try {
    const setup = office.dispatch('auth.setup', { username: 'admin', displayName: '管理员', password: 'bench admin password' });
    if (!setup.ok) throw new Error(JSON.stringify(setup.error));
    const session = (setup.value as SignedIn).sessionId;
    call(office, session, 'returns.centre.save', { name: '市残联', type: 'city_federation', creditCode: `12320100${'9'.repeat(9)}${creditCodeCheckChar(`12320100${'9'.repeat(9)}`)}`, regionCode: '320100' });
    // How long the service takes to answer a small call while the import runs (it must not block).
    let started = performance.now();
    const job = call<JobView<{ imported: number; rejected: number }>>(office, session, 'returns.import', { paths: [inbox] });
    let worst = 0;
    let polls = 0;
    for (;;) {
      const before = performance.now();
      await new Promise((resolve) => setImmediate(resolve));
      const view = call<JobView<{ imported: number; rejected: number }>>(office, session, 'jobs.get', { id: job.id });
      call(office, session, 'returns.centre.get', {});
      worst = Math.max(worst, performance.now() - before);
      polls += 1;
      if (view.state !== 'running') {
        if (view.state !== 'done') throw new Error(JSON.stringify(view.error));
        console.log(`consolidation: ${ms(performance.now() - started)} for ${view.result!.imported} packages (${view.result!.rejected} refused); ` +
          `longest wait for an answer meanwhile ${worst.toFixed(0)} ms over ${polls} calls`);
        break;
      }
    }
    started = performance.now();
    const stats = call<{ centres: unknown[] }>(office, session, 'returns.stats.get', { period });
    console.log(`statistics: ${ms(performance.now() - started)} (${stats.centres.length} centres)`);
    started = performance.now();
    const overlaps = call<{ total: number; people: number }>(office, session, 'returns.overlaps.list', { period });
    console.log(`cross-centre check: ${ms(performance.now() - started)} (${overlaps.total} overlaps, ${overlaps.people} people)`);
    started = performance.now();
    const book = await settle(office, session, call<JobView<{ bytes: number }>>(office, session, 'returns.stats.export', { period, labels: flattenLabels(texts.zh.labels) }));
    console.log(`workbook: ${ms(performance.now() - started)}, ${mb(book.result!.bytes)}`);
    started = performance.now();
    const upward = await settle(office, session, call<JobView<{ rows: number; bytes: number }>>(office, session, 'returns.consolidated.export', { period }));
    console.log(`upward export: ${ms(performance.now() - started)}, ${upward.result!.rows.toLocaleString('en-US')} rows, ${mb(upward.result!.bytes)}`);
    console.log(`office data file: ${mb(fs.statSync(officeFile).size)}; peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    office.close();
    if (!values.keep && !values.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
