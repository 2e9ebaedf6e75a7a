// Floors of the exports and the consolidation, each run in its own process so its peak memory
// (RSS) is its own: `node --import tsx scripts/bench/worker.ts TASK ARGS…` prints one JSON line
// { ms, rssMb, … }.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { createClock } from '../../db/clock';
import { createService } from '../../db/service';
import { TABLES_LATEST } from '../../db/returns/format';
import { adminSession } from '../../db/trust/bootstrap';
import { packageThread } from '../../host/package-thread';
import { makeId } from '../seed/ids';
import { SEED_ADMIN, SEED_PASSWORD } from '../seed/trust';
import { EXPORT_LABELS, growBatch } from './claims-batch';
import { peakRssMb } from './measure';

/**
 * A service on a data file, signed in as the seeded administrator (or a new one on a new file).
 * With REHABDESK_PACKAGE_WORKER (the built host/package-worker.ts), return packages are written
 * and read in the package thread, as the app's service thread has them.
 */
function signedIn(file: string, today: string, seeded = true) {
  const packageWorker = process.env.REHABDESK_PACKAGE_WORKER;
  const service = createService({
    dataFile: file,
    host: 'browser',
    appVersion: 'bench',
    clock: createClock(today),
    ...(packageWorker ? { packageThread: packageThread(packageWorker) } : {}),
  });
  const session = seeded ? adminSession(service, SEED_ADMIN, SEED_PASSWORD) : adminSession(service);
  const call = (name: string, input: unknown) => {
    const r = service.dispatch(name, input, session);
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
    return r.value as Record<string, unknown>;
  };
  return { service, call };
}

/**
 * Polls a job as a screen does (every 20 ms: a job in the service's own thread runs between the
 * polls, one in the package thread is not competed with by a busy loop) until it is over; its result.
 */
async function runJob(call: (name: string, input: unknown) => Record<string, unknown>, started: Record<string, unknown>): Promise<unknown> {
  let job = started;
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    job = call('jobs.get', { id: job.id });
  }
  if (job.state !== 'done') throw new Error(`job ${String(job.kind)} ${String(job.state)}: ${JSON.stringify(job.error)}`);
  return job.result;
}

/**
 * Reads each package's tables (in the format's order) sorted by every column, hashes each row as
 * the checksum does, and inserts it into `target`; `tagged` adds the package's number as a first
 * column. Plain better-sqlite3 and node:crypto, no app code. Returns the rows copied.
 */
function copyCanonical(packages: readonly string[], target: string, tagged: boolean): number {
  const out = new Database(target);
  out.pragma(tagged ? 'journal_mode = WAL' : 'journal_mode = OFF');
  out.pragma(tagged ? 'synchronous = NORMAL' : 'synchronous = OFF');
  let rows = 0;
  const created = new Set<string>();
  packages.forEach((file, index) => {
    const pkg = new Database(file, { readonly: true });
    const hash = crypto.createHash('sha256');
    out.transaction(() => {
      for (const table of TABLES_LATEST) {
        const cols = table.columns.map((c) => c.name);
        if (!created.has(table.name)) {
          out.exec(`CREATE TABLE ${table.name} (${tagged ? 'package INTEGER NOT NULL, ' : ''}${cols.join(', ')})`);
          created.add(table.name);
        }
        const insert = out.prepare(`INSERT INTO ${table.name} VALUES (${[...(tagged ? ['?'] : []), ...cols.map(() => '?')].join(', ')})`);
        hash.update(`${JSON.stringify(['table', table.name, cols])}\n`);
        for (const row of pkg.prepare(`SELECT ${cols.join(', ')} FROM ${table.name} ORDER BY ${cols.join(', ')}`).raw(true).iterate() as IterableIterator<unknown[]>) {
          hash.update(`${JSON.stringify(row)}\n`);
          insert.run(tagged ? [index + 1, ...row] : row);
          rows += 1;
        }
      }
      const meta = pkg.prepare('SELECT key, value FROM package_meta ORDER BY key').all() as { key: string; value: string }[];
      if (!created.has('package_meta')) {
        out.exec(`CREATE TABLE package_meta (${tagged ? 'package INTEGER NOT NULL, ' : ''}key TEXT, value TEXT)`);
        created.add('package_meta');
      }
      const putMeta = out.prepare(`INSERT INTO package_meta VALUES (${tagged ? '?, ' : ''}?, ?)`);
      for (const m of meta) {
        if (m.key !== 'checksum') hash.update(`${JSON.stringify(['meta', m.key, m.value])}\n`);
        putMeta.run(...(tagged ? [index + 1, m.key, m.value] : [m.key, m.value]));
      }
    })();
    const checksum = (pkg.prepare("SELECT value FROM package_meta WHERE key = 'checksum'").get() as { value: string } | undefined)?.value;
    if (hash.digest('hex') !== checksum) throw new Error(`floor: checksum of ${file} differs`);
    pkg.close();
  });
  if (tagged) out.pragma('wal_checkpoint(TRUNCATE)');
  out.close();
  return rows;
}

async function main(): Promise<Record<string, unknown>> {
  const [task, ...args] = process.argv.slice(2);
  switch (task) {
    // VACUUM INTO: SQLite's own copy of a file's rows into a fresh, compact file.
    case 'vacuum-into': {
      const [source, target] = args as [string, string];
      fs.rmSync(target, { force: true });
      const db = new Database(source, { readonly: true });
      const start = performance.now();
      db.prepare('VACUUM INTO ?').run(target);
      const ms = performance.now() - start;
      db.close();
      return { ms, bytes: fs.statSync(target).size };
    }
    // ATTACH + INSERT…SELECT of every table of every package into one file, tagged by package.
    case 'consolidate': {
      const [target, list] = args as [string, string];
      const packages = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
      const db = new Database(target);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const start = performance.now();
      let rows = 0;
      const created = new Set<string>();
      packages.forEach((file, index) => {
        db.prepare('ATTACH DATABASE ? AS pkg').run(file);
        const names = (db.prepare("SELECT name FROM pkg.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map(
          (r) => r.name,
        );
        db.transaction(() => {
          for (const name of names) {
            if (!created.has(name)) {
              db.exec(`CREATE TABLE main."${name}" AS SELECT 0 AS package, * FROM pkg."${name}" WHERE 0`);
              created.add(name);
            }
            rows += db.prepare(`INSERT INTO main."${name}" SELECT ?, * FROM pkg."${name}"`).run(index + 1).changes;
          }
        })();
        db.exec('DETACH DATABASE pkg');
      });
      db.pragma('wal_checkpoint(TRUNCATE)');
      const ms = performance.now() - start;
      db.close();
      return { ms, rows, packages: packages.length };
    }
    // The fair floor of a return package: the same work done plainly — read every row of the
    // package's tables in the canonical order, hash it as the checksum does, write it to a new file.
    case 'package-floor': {
      const [source, target] = args as [string, string];
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
      const start = performance.now();
      const rows = copyCanonical([source], target, false);
      return { ms: performance.now() - start, rows, bytes: fs.statSync(target).size };
    }
    // The same for a consolidation: every package read in canonical order, hashed and written
    // into one file, each row tagged with its package.
    case 'consolidate-floor': {
      const [target, list] = args as [string, string];
      const packages = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
      const start = performance.now();
      const rows = copyCanonical(packages, target, true);
      return { ms: performance.now() - start, rows, packages: packages.length };
    }
    // exceljs's streaming writer alone: the claim export's columns, rows made in memory.
    case 'xlsx': {
      const [target, count] = args as [string, string];
      const rows = Number(count);
      const start = performance.now();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useStyles: false, useSharedStrings: false });
      const sheet = workbook.addWorksheet('申报明细');
      sheet.addRow(['序号', '姓名', '性别', '身份证号', '残疾人证号', '残疾类别/等级', '服务内容', '服务期间', '数量', '标准', '金额', '备注']).commit();
      let total = 0;
      for (let i = 1; i <= rows; i += 1) {
        const id = makeId(`201${i % 10}-0${1 + (i % 9)}-1${i % 10}`, 1 + (i % 997), '320102');
        const amount = 150000 + (i % 7) * 1000;
        total += amount;
        sheet
          .addRow([i, `张${'伟芳娜敏静丽强磊军洋'[i % 10]}${'明华英杰'[i % 4]}`, i % 2 ? '男' : '女', id, `${id}${1 + (i % 7)}${1 + (i % 4)}`,
            `${['视力', '听力', '言语', '肢体', '智力', '精神', '多重'][i % 7]}${['一', '二', '三', '四'][i % 4]}级`, '残疾儿童康复训练',
            '2025-10', 18 + (i % 5), 1500, amount / 100, ''])
          .commit();
      }
      sheet.addRow(['合计', '', '', '', '', '', '', '', '', '', total / 100, '']).commit();
      await workbook.commit();
      const ms = performance.now() - start;
      return { ms, bytes: fs.statSync(target).size, rows };
    }
    // The app's claim export through the API, of a batch grown to `rows` lines: the last complete
    // month's rehab claim, its lines copied (each a distinct service) until there are enough.
    case 'claims-export': {
      const [file, count, month, today] = args as [string, string, string, string];
      const service = createService({ dataFile: file, host: 'browser', appVersion: 'bench', clock: createClock(today) });
      const session = adminSession(service, SEED_ADMIN, SEED_PASSWORD);
      const call = (name: string, input: unknown) => {
        const r = service.dispatch(name, input, session);
        if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
        return r.value as Record<string, unknown>;
      };
      const batch = call('claims.batches.create', { programme: 'rehab', period: month }) as { id: number; version: number; lineCount: number };
      growBatch(service.db, batch.id, batch.lineCount, Number(count));
      const before = process.memoryUsage().rss / 1024 / 1024;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      // Polled as the other jobs here are (every 20 ms; the screen polls every 250 ms). Polled on
      // every turn of the event loop, the bench itself made some 50,000 jobs.get calls while
      // exceljs's zip stream wrote, each competing with the export it was waiting for.
      const written = (await runJob(call, call('claims.batches.export', { batchId: batch.id, labels: EXPORT_LABELS }))) as { rows: number; bytes: number; path: string };
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      const rssMb = peakRssMb();
      fs.rmSync(written.path, { force: true });
      // Removing the draft is what a user on the batch's screen waits for (the screen already
      // holds its version); opening that screen (claims.batches.get) is timed apart, before it.
      const openStart = performance.now();
      call('claims.batches.get', { id: batch.id });
      const openMs = performance.now() - openStart;
      const removeRssBefore = process.memoryUsage().rss;
      const removeCpuStart = process.cpuUsage();
      const removeStart = performance.now();
      call('claims.batches.remove', { id: batch.id, version: batch.version });
      const removeMs = performance.now() - removeStart;
      const removeCpu = process.cpuUsage(removeCpuStart);
      const removeGrowthMb = Math.max(0, process.memoryUsage().rss - removeRssBefore) / 2 ** 20;
      service.close();
      return { ms, rows: written.rows, bytes: written.bytes, rssBeforeMb: before, rssMb, removeMs, removeGrowthMb, openMs, cpuMs: (cpu.user + cpu.system) / 1000, removeCpuMs: (removeCpu.user + removeCpu.system) / 1000 };
    }
    // A centre's return package for a period, through the API (returns.export, a job).
    case 'returns-export': {
      const [file, period, today] = args as [string, string, string];
      const { call } = signedIn(file, today);
      const start = performance.now();
      const result = (await runJob(call, call('returns.export', { period }))) as { file: string; bytes: number; rows: number };
      return { ms: performance.now() - start, rssMb: peakRssMb(), file: result.file, bytes: result.bytes, rows: result.rows };
    }
    // An office consolidating packages: a new data file, its administrator, returns.import of them all.
    case 'returns-import': {
      const [file, list, today] = args as [string, string, string];
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      fs.rmSync(path.join(path.dirname(file), 'backups'), { recursive: true, force: true });
      const { call } = signedIn(file, today, false);
      const paths = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
      const start = performance.now();
      const result = (await runJob(call, call('returns.import', { paths }))) as { imported: number; replaced: number; rejected: number; files: { error: unknown }[] };
      const ms = performance.now() - start;
      if (result.rejected > 0) throw new Error(`packages rejected: ${JSON.stringify(result.files.filter((f) => f.error).slice(0, 3))}`);
      return { ms, rssMb: peakRssMb(), packages: result.imported + result.replaced };
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
}

main().then(
  (value) => console.log(JSON.stringify({ rssMb: peakRssMb(), ...value })),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
