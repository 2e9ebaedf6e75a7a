// `npm run bench [-- --seed N] [--quick] [--no-browser] [--no-centre] [--centre-only] [--scale S]
// [--centre-seconds N] [--prepare] [--keep] [--max-load L]`: the performance suite of issues 9, 13 and 18. Seeds (or reuses) a scale-100 centre, then times each operation the
// app's way and the floor's way (the same work done plainly on SQLite or the library), several
// runs each with their spread, and answers while long work runs (9–11, over HTTP from the host
// process), and a centre's load on the centre server (12: 20 workstations saving and reading every
// second for 60 s, over HTTPS on loopback, with lost writes and integrity checked); prints the table with PASS/MISS against the targets and the machine's load (a table
// from a busy machine is marked not publishable) and writes it as JSON to bench-results/.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { CALL_NAMES } from '../db/contract';
import { createClock } from '../db/clock';
import { createService } from '../db/service';
import { adminSession } from '../db/trust/bootstrap';
import { runApiBench } from './bench/api';
import { ensureBuild, launchChromium, timeFirstScreens, timeSetupForm, type FirstScreen } from './bench/browser';
import { openMonth } from './bench/claims-batch';
import { runConcurrentBench } from './bench/concurrent';
import { centreLoadResults, runCentreLoad } from './bench/centre-load';
import { cached, cacheDir, cachedSeed, workingCopy } from './bench/data';
import { stats, time, type Stats } from './bench/measure';
import { MODULE_MISSING, loadLine, result, table, targets, writeJson, type OpResult } from './bench/report';
import { sliceYear } from './bench/slice';
import { DEFAULT_TODAY, generate } from './seed/index';
import { SEED_ADMIN, SEED_PASSWORD } from './seed/trust';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SCALE = 100;
const PACKAGE_SCALE = 10;
/** Above this 1-minute load average at the start, other work skews the timings: the table is not to be published. */
const DEFAULT_MAX_LOAD = 1;

function log(line: string) {
  console.log(line);
}

/** A worker thread's file in the bench's build (dist-bench/node/NAME.mjs), or null without a build. */
function builtWorker(name: string): string | null {
  const built = ensureBuild(ROOT, () => undefined);
  const file = built.hostCli ? path.join(path.dirname(built.hostCli), `${name}.mjs`) : null;
  return file && fs.existsSync(file) ? file : null;
}

/** Runs a floor task in its own process (its peak RSS is then its own); `runs` times. */
function worker(task: string, args: string[], runs: number, env: Record<string, string> = {}): { stats: Stats; rssMb: number; last: Record<string, number>; samples: Record<string, number>[] } {
  const samples: number[] = [];
  const all: Record<string, number>[] = [];
  let rssMb = 0;
  let last: Record<string, number> = {};
  for (let i = 0; i < runs; i += 1) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'bench', 'worker.ts'), task, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    if (run.status !== 0) throw new Error(`worker ${task} failed: ${run.stderr}`);
    last = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
    samples.push(last.ms!);
    all.push(last);
    rssMb = Math.max(rssMb, last.rssMb!);
  }
  return { stats: stats(samples), rssMb, last, samples: all };
}

function gitInfo(): { commit: string; dirty: boolean } {
  try {
    const commit = execSync('git rev-parse HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: '', dirty: false };
  }
}

/** The office's packages: one year of a scale-10 centre each, made once and kept in the cache. */
function makePackages(count: number, at: { year: number; today: string; work: string; hasReturns: boolean }): string[] {
  const { year, today, work, hasReturns } = at;
  const packages: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const family = hasReturns ? `return-${year}-s${PACKAGE_SCALE}-n${1000 + i}` : `package-${year}-s${PACKAGE_SCALE}-n${1000 + i}`;
    const pkg = cached(family, (target) => {
      // The centre itself is only the package's source: no audit trail (packages carry none).
      const source = path.join(work, `source-${i}.sqlite`);
      generate(source, { scale: PACKAGE_SCALE, seed: 1000 + i, audit: false });
      if (hasReturns) fs.copyFileSync(String(worker('returns-export', [source, String(year), today], 1).last.file), target);
      else sliceYear(source, target, year);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(source + suffix, { force: true });
      fs.rmSync(path.join(work, 'exports'), { recursive: true, force: true });
    });
    if (pkg.built) log(`  made package ${i}/${count}`);
    packages.push(pkg.file);
  }
  return packages;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      quick: { type: 'boolean', default: false },
      'no-browser': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'max-load': { type: 'string', default: String(DEFAULT_MAX_LOAD) },
      'no-centre': { type: 'boolean', default: false },
      'centre-only': { type: 'boolean', default: false },
      'centre-seconds': { type: 'string', default: '60' },
      scale: { type: 'string', default: String(DEFAULT_SCALE) },
      prepare: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    log('usage: npm run bench -- [--seed N] [--quick] [--no-browser] [--no-centre] [--centre-only] [--scale S] [--centre-seconds N] [--prepare] [--keep] [--max-load L]');
    log('  --quick       fewer runs and packages (a rough look, not figures to publish)');
    log('  --no-browser  skip operation 1 (start the host, first screen in Chromium); 9–11 still start the host, without Chromium');
    log('  --no-centre   skip operation 12 (the centre server under 20 workstations)');
    log('  --centre-only only operation 12 (with --scale 1 --centre-seconds 5: a quick check that it runs)');
    log(`  --scale S     the seeded centre's scale (default ${DEFAULT_SCALE}; other scales are not figures to publish)`);
    log('  --centre-seconds N  how long operation 12 loads the centre (default 60)');
    log('  --prepare     only make the cached data files (the seeded centre, the 50 packages), time nothing: run it before a quiet run');
    log(`  --max-load L  the 1-minute load average above which, at the start, the table is not publishable (default ${DEFAULT_MAX_LOAD})`);
    log(`  data files are cached in ${cacheDir()} (REHABDESK_BENCH_CACHE to move it)`);
    return 0;
  }
  const started = performance.now();
  const SCALE = Number(values.scale);
  const centreOnly = values['centre-only'];
  const seed = Number(values.seed);
  const quick = values.quick;
  const today = DEFAULT_TODAY;
  const year = Number(today.slice(0, 4)) - 1;
  const git = gitInfo();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabdesk-bench-'));
  const results: OpResult[] = [];
  const loadStart = os.loadavg()[0]!;
  const maxLoad = Number(values['max-load']);
  const cpus = os.cpus().length;
  log(`RehabDesk bench — commit ${git.commit.slice(0, 7) || '?'}${git.dirty ? ' (working tree has uncommitted changes)' : ''}, ${cpus} cores, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`);
  if (loadStart > maxLoad) {
    log(`WARNING: the 1-minute load average is ${loadStart.toFixed(2)} (over ${maxLoad} on ${cpus} CPUs): other work is running, these figures will not be publishable.`);
  }

  try {
    // ---- the data ----
    log(`scale-${SCALE} centre, seed ${seed}:`);
    const centre = cachedSeed(SCALE, seed);
    const made = centre.migratedFrom ? `migrated forward from schema ${centre.migratedFrom} (same generator)` : centre.built ? 'generated' : 'cached';
    log(`  ${made} ${centre.file} — ${centre.counts.person?.toLocaleString('en-US')} people, ${(centre.counts.rehab_session ?? 0).toLocaleString('en-US')} sessions`);
    const file = workingCopy(centre.file, work, 'centre.sqlite');
    if (values.prepare) {
      const hasReturns = CALL_NAMES.includes('returns.export' as never) && CALL_NAMES.includes('returns.import' as never);
      makePackages(50, { year, today, work, hasReturns });
      log(`prepared the cached data files in ${cacheDir()}; nothing was timed`);
      return 0;
    }

    if (!centreOnly) {
      // ---- 1. open + first screen ----
      log('1. open the data file and show the first screen:');
      const firstPage = `SELECT p.id, p.name, p.id_number, p.sex, p.birth_date, p.cert_number, p.disability_category, p.disability_level, p.cert_expiry,
          (SELECT group_concat(status) FROM person_support s WHERE s.person_id = p.id) AS support
        FROM person p WHERE p.archived = 0 ORDER BY p.name, p.id LIMIT 100`;
      const floorOpen = time(quick ? 3 : 7, () => {
        const db = new Database(file);
        db.pragma('journal_mode = WAL');
        db.prepare('SELECT count(*) AS n FROM person WHERE archived = 0').get();
        db.prepare(firstPage).all();
        db.close();
      }, 1);
      const apiOpen = time(quick ? 3 : 7, () => {
        const service = createService({ dataFile: file, host: 'browser', appVersion: 'bench', clock: createClock(today) });
        const session = adminSession(service, SEED_ADMIN, SEED_PASSWORD);
        service.dispatch('app.info', {}, session);
        service.dispatch('people.search', {}, session);
        service.close();
      }, 1);
      const openTarget = targets.medianUnder(1500);
      if (values['no-browser']) {
        results.push(result('1', 'open the data file + first screen with data (browser host)', openTarget, null, floorOpen, { appNote: 'skipped (--no-browser)' }));
      } else {
        const build = ensureBuild(ROOT, log);
        log(`  ${build.note}`);
        if (!build.hostCli) {
          results.push(result('1', 'open the data file + first screen with data (browser host)', openTarget, null, floorOpen, { appNote: `not measured: ${build.note}` }));
        } else {
          const browser = await launchChromium();
          try {
            const account = { username: SEED_ADMIN, password: SEED_PASSWORD };
            const breakdown = (f: FirstScreen) =>
              `medians: spawn → host ready ${f.hostReady.p50.toFixed(0)} ms, → sign-in form ${f.signIn.p50.toFixed(0)} ms, submit → people rows ${f.rows.p50.toFixed(0)} ms`;
            // The day's first start (no backup yet today) and the later ones are both timed. The host
            // makes the day's automatic backup 30 s after it starts, in a thread of its own, so the two
            // should be the same wait. Five of each, interleaved: one start here swings by ±0.3 s, and
            // timed one series after the other, the first series took whatever the steps before left.
            const backups = path.join(path.dirname(file), 'backups');
            const [daily, later] = (await timeFirstScreens(browser, build.hostCli, file, today, account, quick ? 1 : 5, [
              () => fs.rmSync(backups, { recursive: true, force: true }),
              () => undefined,
            ])) as [FirstScreen, FirstScreen];
            results.push(result('1', 'open the data file + first screen with data (browser host; typing the password not counted)', openTarget, later.total, floorOpen, {
              floorNote: 'open + count + first page in SQL',
              remark: `${breakdown(later)}; ${build.note}`,
            }));
            results.push(result('1d', "the same, the day's first start (no backup yet today; the host makes it 30 s later)", openTarget, daily.total, floorOpen, {
              floorNote: 'open + count + first page in SQL',
              remark: breakdown(daily),
            }));
            // A centre's first day: a new, empty data file to the first-start (setup) form.
            const empty = await timeSetupForm(browser, build.hostCli, today, quick ? 2 : 5);
            results.push(result('1e', 'start the browser host on a new, empty data file → the setup form', openTarget, empty.total, null, {
              remark: `medians: spawn → host ready ${empty.hostReady.p50.toFixed(0)} ms, → setup form ${empty.form.p50.toFixed(0)} ms`,
            }));
          } finally {
            await browser.close();
          }
        }
      }
      results.push(result('1b', 'the same in-process through the API: open, app.info, sign in, people.search', openTarget, apiOpen, floorOpen));
      for (const r of results) log(`  ${r.op.padEnd(4)} ${r.app ? `median ${r.app.p50.toFixed(1)} ms` : r.appNote}; floor ${r.floor ? `${r.floor.p50.toFixed(1)} ms` : '—'}${r.remark ? ` (${r.remark})` : ''}`);

      // The app's service thread checkpoints the log in a thread of its own (host/checkpoint-worker.ts),
      // from 5 s after it opens the file. The worker processes here start the same one from the build
      // (without one, SQLite checkpoints inline). 2–5 run in this process without a pause, where it
      // would never get its turn: they keep SQLite's inline checkpoint.
      const checkpointWorker = builtWorker('checkpoint-worker');
      const checkpointEnv: Record<string, string> = checkpointWorker ? { REHABDESK_CHECKPOINT_WORKER: checkpointWorker } : {};

      // ---- 2–5 and the lists, through service.dispatch ----
      log('2–5 and the lists, through service.dispatch:');
      results.push(...runApiBench({ file, today, effort: quick ? 0.25 : 1 }, log));

      // ---- 6. a return package for one year ----
      const hasReturns = CALL_NAMES.includes('returns.export' as never) && CALL_NAMES.includes('returns.import' as never);
      const hasClaims = CALL_NAMES.includes('claims.batches.export' as never);
      const exportTarget = targets.nearFloor(2, 400);
      const packageTarget = targets.nearFloor(1.5, 400);
      log(`6. a return package for ${year}:`);
      // The app writes and reads packages in its package thread (host/package-worker.ts): 6 and 7
      // time them there, from the build (without one, in the service's own thread, as a fallback).
      const packageWorker = hasReturns ? builtWorker('package-worker') : null;
      const threadEnv: Record<string, string> = { ...checkpointEnv, ...(packageWorker ? { REHABDESK_PACKAGE_WORKER: packageWorker } : {}) };
      const threadNote = packageWorker ? 'written in the package thread' : 'no build: written in the service thread';
      if (hasReturns) {
        const exported = worker('returns-export', [file, String(year), today], quick ? 1 : 3, threadEnv);
        const pkg = String(exported.last.file);
        // The fair floor makes the same package content plainly from the data file (worker.ts,
        // packageFloor): every table of the package — the records, visits due and the people
        // checks — and the indicators by one plain SQL query each, in canonical order, hashed and
        // written (no app code makes a row); its checksum must equal the app's. VACUUM INTO of the package (a page copy of the finished
        // rows, no selection, no hashing) is kept beside it for reference.
        const fair = worker('package-floor', [file, String(year), pkg, path.join(work, 'package-floor.sqlite')], quick ? 1 : 3);
        const vacuum = worker('vacuum-into', [pkg, path.join(work, 'package-copy.sqlite')], quick ? 1 : 3);
        log(`  app: returns.export (${threadNote}), ${exported.last.rows!.toLocaleString('en-US')} rows (${(exported.last.bytes! / 2 ** 20).toFixed(0)} MB), median ${exported.stats.p50.toFixed(0)} ms, peak RSS ${exported.rssMb.toFixed(0)} MB`);
        log(`  floor: the same content from the data file, plain SQL per table in canonical order + hash + write, median ${fair.stats.p50.toFixed(0)} ms, peak RSS ${fair.rssMb.toFixed(0)} MB`);
        log(`  reference: VACUUM INTO of that package, median ${vacuum.stats.p50.toFixed(0)} ms, peak RSS ${vacuum.rssMb.toFixed(0)} MB`);
        results.push(result('6', `export a return package for one year (${year}, returns.export job)`, packageTarget, exported.stats, fair.stats, {
          floorNote: 'same content from the data file: plain SQL per table (people checks included) in canonical order + hash + write',
          rssMb: { app: exported.rssMb, floor: fair.rssMb },
          reference: { name: 'VACUUM INTO of the same package', stats: vacuum.stats },
          remark: `${threadNote}; VACUUM INTO of the same package (no hashing, a page copy) ${vacuum.stats.p50.toFixed(0)} ms: app/VACUUM ${(exported.stats.p50 / vacuum.stats.p50).toFixed(1)}×`,
        }));
      } else {
        const yearSlice = cached(`year-${year}-s${SCALE}-n${seed}`, (target) => sliceYear(centre.file, target, year));
        const vacuum = worker('vacuum-into', [yearSlice.file, path.join(work, 'package.sqlite')], quick ? 1 : 3);
        log(`  floor: VACUUM INTO of the year's rows, median ${vacuum.stats.p50.toFixed(0)} ms, peak RSS ${vacuum.rssMb.toFixed(0)} MB`);
        results.push(result('6', `export a return package for one year (${year})`, exportTarget, null, vacuum.stats, {
          appNote: MODULE_MISSING,
          floorNote: `VACUUM INTO of the year's rows`,
          rssMb: { app: null, floor: vacuum.rssMb },
        }));
      }

      // ---- 7. consolidate 50 packages ----
      const packageCount = quick ? 10 : 50;
      log(`7. consolidate ${packageCount} packages (one year of a scale-${PACKAGE_SCALE} centre each):`);
      const packages = makePackages(packageCount, { year, today, work, hasReturns });
      const list = path.join(work, 'packages.txt');
      fs.writeFileSync(list, packages.join('\n'));
      const fairMerge = worker('consolidate-floor', [path.join(work, 'merged-floor.sqlite'), list], quick ? 1 : 2);
      const merge = worker('consolidate', [path.join(work, 'merged.sqlite'), list], quick ? 1 : 2);
      log(`  floor: read each package in canonical order + hash + write into one file, ${fairMerge.last.rows!.toLocaleString('en-US')} rows, median ${fairMerge.stats.p50.toFixed(0)} ms, peak RSS ${fairMerge.rssMb.toFixed(0)} MB`);
      log(`  reference: ATTACH + INSERT…SELECT of ${merge.last.rows!.toLocaleString('en-US')} rows, median ${merge.stats.p50.toFixed(0)} ms, peak RSS ${merge.rssMb.toFixed(0)} MB`);
      if (hasReturns) {
        const consolidated = worker('returns-import', [path.join(work, 'office', 'office.sqlite'), list, today], quick ? 1 : 2, threadEnv);
        log(`  app: returns.import (${threadNote.replace('written', 'read')}) of ${String(consolidated.last.packages)} packages into an office's file, median ${consolidated.stats.p50.toFixed(0)} ms, peak RSS ${consolidated.rssMb.toFixed(0)} MB`);
        results.push(result('7', `consolidate ${packageCount} packages (returns.import job)`, packageTarget, consolidated.stats, fairMerge.stats, {
          floorNote: 'read in canonical order + hash + write',
          rssMb: { app: consolidated.rssMb, floor: fairMerge.rssMb },
          reference: { name: 'ATTACH + INSERT…SELECT of the same packages', stats: merge.stats },
          remark: `${threadNote.replace('written', 'read')}; ATTACH + INSERT…SELECT (no checksum check) ${merge.stats.p50.toFixed(0)} ms: app/that ${(consolidated.stats.p50 / merge.stats.p50).toFixed(1)}×`,
        }));
      } else {
        results.push(result('7', `consolidate ${packageCount} packages`, exportTarget, null, merge.stats, {
          appNote: MODULE_MISSING,
          floorNote: 'ATTACH + INSERT…SELECT',
          rssMb: { app: null, floor: merge.rssMb },
        }));
      }

      // ---- 8. 100,000 claim rows to xlsx ----
      log('8. export 100,000 claim rows to xlsx:');
      // Three runs each: two runs of unchanged code gave 3.7/4.3 s in one full run and 6.0/6.0 s in another.
      const xlsx = worker('xlsx', [path.join(work, 'claims.xlsx'), '100000'], quick ? 1 : 3);
      log(`  floor: exceljs WorkbookWriter alone, median ${xlsx.stats.p50.toFixed(0)} ms, peak RSS ${xlsx.rssMb.toFixed(0)} MB`);
      if (hasClaims) {
        const exported = worker('claims-export', [file, '100000', openMonth(today), today], quick ? 1 : 3, checkpointEnv);
        log(`  app: claims.batches.export of ${exported.last.rows!.toLocaleString('en-US')} lines, median ${exported.stats.p50.toFixed(0)} ms, peak RSS ${exported.rssMb.toFixed(0)} MB (${exported.last.rssBeforeMb!.toFixed(0)} MB before the export)`);
        results.push(result('8', 'export 100,000 claim rows to xlsx (claims.batches.export job)', targets.nearFloor(2, 400), exported.stats, xlsx.stats, {
          floorNote: 'exceljs streaming WorkbookWriter',
          rssMb: { app: exported.rssMb, floor: xlsx.rssMb },
          remark: `RSS before the export ${exported.last.rssBeforeMb!.toFixed(0)} MB; opening that batch's screen (claims.batches.get) took ${(exported.last.openMs! / 1000).toFixed(1)} s`,
        }));
        const removals = exported.samples.map((s) => s.removeMs!);
        log(`  removing that 100,000-line draft (claims.batches.remove): median ${stats(removals).p50.toFixed(0)} ms, memory grew ${Math.max(...exported.samples.map((s) => s.removeGrowthMb!)).toFixed(0)} MB`);
        results.push(result('8d', 'remove that 100,000-line draft batch (claims.batches.remove)', targets.p95Under(1000), stats(removals), null, {
          remark: `memory grew by at most ${Math.max(...exported.samples.map((s) => s.removeGrowthMb!)).toFixed(0)} MB while removing`,
        }));
      } else {
        results.push(result('8', 'export 100,000 claim rows to xlsx', targets.nearFloor(2, 400), null, xlsx.stats, {
          appNote: MODULE_MISSING,
          floorNote: 'exceljs streaming WorkbookWriter',
          rssMb: { app: null, floor: xlsx.rssMb },
        }));
      }

      // ---- 9–11. answers while long work runs, over HTTP from the host process ----
      log('9–11. the people search and saving a session while long work runs (browser host process, HTTP):');
      {
        const build = ensureBuild(ROOT, log);
        const names = ['a backup', 'a return-package export', 'the 100,000-row claims xlsx export'];
        if (!build.hostCli || !hasReturns || !hasClaims) {
          const why = !build.hostCli ? `not measured: ${build.note}` : MODULE_MISSING;
          names.forEach((name, i) => {
            results.push(result(`${9 + i}a`, `people search while ${name} runs`, targets.p95Under(50), null, null, { appNote: why }));
            results.push(result(`${9 + i}b`, `save a session while ${name} runs`, targets.p95Under(50), null, null, { appNote: why }));
          });
        } else {
          const concurrent = await runConcurrentBench(
            { hostCli: build.hostCli, file, today, period: String(year), claimLines: 100_000, idleProbes: quick ? 20 : 60 },
            log,
          );
          results.push(...concurrent);
        }
      }

    }

    // ---- 12. the centre server under a centre's load ----
    if (values['no-centre']) {
      log('12. the centre server under load: skipped (--no-centre)');
    } else {
      const seconds = Number(values['centre-seconds']);
      log(`12. the centre server: 20 workstations each saving a session and reading a list every second for ${seconds} s (HTTPS, loopback):`);
      const build = ensureBuild(ROOT, log);
      if (!build.hostCli) {
        for (const [op, what] of [['12a', 'save a session'], ['12b', 'people search']] as const) {
          results.push(result(op, `centre server: ${what}, 20 workstations each saving and reading every second`, targets.p95Under(50), null, null, { appNote: `not measured: ${build.note}` }));
        }
      } else {
        // Last, on the working copy: its accounts and sessions change nothing measured before.
        const outcome = await runCentreLoad({ file, today, seconds, workstations: 20, dist: path.dirname(path.dirname(build.hostCli)), log: (line) => log(`  ${line}`) });
        const rows = centreLoadResults(outcome);
        for (const r of rows) log(`  ${r.op} p50 ${r.app!.p50.toFixed(1)} ms, p95 ${r.app!.p95.toFixed(1)} ms — ${r.verdict}; ${r.remark ?? ''}`);
        results.push(...rows);
      }
    }

    // ---- report ----
    const totalSeconds = (performance.now() - started) / 1000;
    const loadEnd = os.loadavg()[0]!;
    const load = { start: loadStart, end: loadEnd, cpus, threshold: maxLoad };
    // Only a full run at scale 100 on a quiet machine makes figures to publish.
    const partial = quick || centreOnly || SCALE !== DEFAULT_SCALE;
    const publishable = !partial && loadStart <= maxLoad;
    log('');
    log(loadLine(load, publishable, partial));
    log('');
    log(table(results));
    log('');
    const misses = results.filter((r) => r.verdict === 'MISS');
    log(`${results.filter((r) => r.verdict === 'PASS').length} PASS, ${misses.length} MISS, ${results.filter((r) => r.verdict === 'n/a').length} not measurable yet; ${totalSeconds.toFixed(0)} s in all`);
    for (const r of results.filter((r) => r.remark)) log(`  ${r.op}: ${r.remark}`);
    if (!publishable) log(loadLine(load, publishable, partial));
    const written = writeJson(path.join(ROOT, 'bench-results'), {
      at: new Date().toISOString(),
      commit: git.commit + (git.dirty ? '+dirty' : ''),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.platform()} ${os.release()}, node ${process.version}`,
      scale: SCALE,
      seed,
      dataFile: centre.file,
      counts: centre.counts,
      totalSeconds,
      load,
      publishable,
    }, results);
    log(`results written to ${written.join(' and ')}`);
    return 0;
  } finally {
    if (values.keep) log(`kept the working files in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
