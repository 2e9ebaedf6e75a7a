// Centres and offices for the returns tests: seeded data files (the same generator as `npm run
// seed`) or fresh ones, each with its identity, driven through the contract, and helpers to
// wait for jobs and to pick a package file.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FORMAT_VERSION, readMeta, walkCanonical } from '../../../db/returns/format';
import { createService, type Service } from '../../../db/service';
import type { Clock } from '../../../db/clock';
import type { AppError, CallInput, CallName, CallResult, JobView, SignedIn } from '../../../db/contract';
import { creditCodeCheckChar } from '../../../db/training/rules';
import { generate } from '../../../scripts/seed/index';
import { SEED_ADMIN, SEED_PASSWORD } from '../../../scripts/seed/trust';
import { ADMIN_PASSWORD, TODAY } from '../../support/service';
import type { CentreType } from '../../../db/returns/rules';
import type { Role } from '../../../db/trust/permissions';

/** A valid unified social credit code (事业单位, region, a number) for test centre `n`. */
export function creditCode(n: number, region = '320102'): string {
  const first17 = `12${region}${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
}

export interface Unit {
  service: Service;
  file: string;
  dir: string;
  ok<N extends CallName>(name: N, input: CallInput<N>, session?: string): CallResult<N>;
  err<N extends CallName>(name: N, input: CallInput<N>, session?: string): AppError;
  /** Creates an account with a role and returns its session. */
  signInAs(role: Role): string;
  /** Waits for a job this unit started and returns its finished view. */
  settle<R>(job: JobView<R>): Promise<JobView<R>>;
  close(): void;
}

function wrap(service: Service, file: string, session: string): Unit {
  const unit: Unit = {
    service,
    file,
    dir: path.dirname(file),
    ok(name, input, as = session) {
      const result = service.dispatch(name, input, as);
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
      return result.value as never;
    },
    err(name, input, as = session) {
      const result = service.dispatch(name, input, as);
      if (result.ok) throw new Error(`${name} succeeded but a failure was expected`);
      return result.error;
    },
    async settle<R>(job: JobView<R>) {
      // Polls as the screen does (usable in hooks too, where expect.poll is not).
      const deadline = Date.now() + 120_000;
      for (;;) {
        const view = unit.ok('jobs.get', { id: job.id }) as JobView<R>;
        if (view.state !== 'running') return view;
        if (Date.now() > deadline) throw new Error(`job ${job.kind} still running`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    signInAs(role) {
      unit.ok('accounts.create', { username: `${role}1`, displayName: `${role} 用户`, role, password: ADMIN_PASSWORD });
      return unit.ok('auth.signIn', { username: `${role}1`, password: ADMIN_PASSWORD }).sessionId;
    },
    close: () => service.close(),
  };
  return unit;
}

/**
 * Today fixed, and a time of day that moves on a second at every reading, so each export is
 * later than the one before (a re-export must be seen as newer).
 */
export function tickingClock(today: string): Clock {
  let seconds = 8 * 3600;
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    today: () => today,
    now: () => {
      seconds += 1;
      return `${today}T${two(Math.floor(seconds / 3600) % 24)}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}+08:00`;
    },
  };
}

function open(file: string, today: string, passphrase?: string): Service {
  return createService({
    dataFile: file,
    host: 'browser',
    appVersion: 'test',
    clock: tickingClock(today),
    log: () => undefined,
    ...(passphrase === undefined ? {} : { passphrase }),
  });
}

/** A unit on a fresh data file in `dir`, with its administrator signed in and its identity set. */
export function freshUnit(
  dir: string,
  name: string,
  identity: { name: string; type?: CentreType; creditCode: string; regionCode?: string } | null,
  options: { today?: string; passphrase?: string } = {},
): Unit {
  const file = path.join(dir, name, 'data.sqlite');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const service = open(file, options.today ?? TODAY, options.passphrase);
  const setup = service.dispatch('auth.setup', { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  const unit = wrap(service, file, (setup.value as SignedIn).sessionId);
  if (identity) unit.ok('returns.centre.save', { type: 'rehab_institution', regionCode: '320102', ...identity });
  return unit;
}

/** A centre whose data file is a seeded one (scale 1 = 50 people, ~10,000 sessions over the years). */
export function seededCentre(dir: string, seed: number, scale: number, identity: { name: string; creditCode: string; regionCode?: string }): Unit {
  const file = path.join(dir, `centre-${seed}`, 'data.sqlite');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  generate(file, { scale, seed, audit: false, today: TODAY });
  const service = open(file, TODAY);
  const signIn = service.dispatch('auth.signIn', { username: SEED_ADMIN, password: SEED_PASSWORD });
  if (!signIn.ok) throw new Error(JSON.stringify(signIn.error));
  const unit = wrap(service, file, (signIn.value as SignedIn).sessionId);
  unit.ok('returns.centre.save', { type: 'rehab_institution', regionCode: '320102', ...identity });
  return unit;
}

/** Exports a package and returns the finished job's result (the file path and more). */
export async function exportPackage(unit: Unit, period: string, deidentified = false) {
  const done = await unit.settle(unit.ok('returns.export', { period, deidentified }));
  if (done.state !== 'done') throw new Error(`export ${done.state}: ${JSON.stringify(done.error)}`);
  return done.result!;
}

export async function importPackages(unit: Unit, paths: string[]) {
  const done = await unit.settle(unit.ok('returns.import', { paths }));
  if (done.state !== 'done') throw new Error(`import ${done.state}: ${JSON.stringify(done.error)}`);
  return done.result!;
}

/** A statistics table's total row as column key → value. */
export function totals(stats: CallResult<'returns.stats.get'>, table: string): Record<string, number | null> {
  const found = stats.tables.find((t) => t.id === table)!;
  const row = found.rows.find((r) => r.centre === null)!;
  return Object.fromEntries(found.columns.map((c, i) => [c.key, row.values[i]!]));
}

/** A statistics table's row of one centre as column key → value. */
export function centreRow(stats: CallResult<'returns.stats.get'>, table: string, code: string): Record<string, number | null> {
  const found = stats.tables.find((t) => t.id === table)!;
  const row = found.rows.find((r) => r.centre?.code === code)!;
  return Object.fromEntries(found.columns.map((c, i) => [c.key, row.values[i]!]));
}

/** Copies a package and changes it through SQL, as someone with an SQLite tool could. */
export function alteredCopy(source: string, target: string, change: (db: Database.Database) => void): string {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
  const db = new Database(target);
  try {
    change(db);
  } finally {
    db.close();
  }
  return target;
}

/** Recomputes and stores a package's checksum after a change (a forger who knows the method). */
export async function reseal(db: Database.Database, version = FORMAT_VERSION): Promise<void> {
  const meta = readMeta(db);
  const checksum = await walkCanonical(db, version, meta);
  db.prepare("UPDATE package_meta SET value = ? WHERE key = 'checksum'").run(checksum);
}

/**
 * Rewrites a current package as the format-1 layout (no package_source, visit_due or
 * subsidy_claim, none of format 3's people checks; person keys in id_number columns; no de-identification keys), sealed with its checksum.
 */
export async function asFormat1(source: string, target: string): Promise<string> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
  const db = new Database(target);
  try {
    db.exec(`DROP TABLE package_source; DROP TABLE visit_due; DROP TABLE subsidy_claim;
      DROP TABLE centre_summary; DROP TABLE department_list; DROP TABLE left_out; DROP TABLE satisfaction;
      DELETE FROM package_meta WHERE key IN ('kind', 'deidentified', 'key_fingerprint', 'claims');
      UPDATE package_meta SET value = '1' WHERE key = 'format_version';`);
    for (const table of ['person', 'rehab_enrolment', 'rehab_visit', 'training_enrolment', 'training_certificate', 'placement', 'device_fitting']) {
      db.exec(`ALTER TABLE ${table} RENAME COLUMN person_key TO id_number`);
    }
    const counts = JSON.parse(readMeta(db).row_counts!) as Record<string, number>;
    for (const gone of ['package_source', 'visit_due', 'subsidy_claim', 'centre_summary', 'department_list', 'left_out', 'satisfaction']) delete counts[gone];
    db.prepare("UPDATE package_meta SET value = ? WHERE key = 'row_counts'").run(JSON.stringify(counts));
    await reseal(db, 1);
    db.pragma('user_version = 1');
  } finally {
    db.close();
  }
  return target;
}

/**
 * Rewrites a current (format-3) package as format 2, as a centre on an older version would have
 * sent it: without format 3's people-check tables, sealed with its checksum.
 */
export async function asFormat2(source: string, target: string): Promise<string> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
  const db = new Database(target);
  try {
    db.exec(`DROP TABLE centre_summary; DROP TABLE department_list; DROP TABLE left_out; DROP TABLE satisfaction;
      UPDATE package_meta SET value = '2' WHERE key = 'format_version';`);
    const counts = JSON.parse(readMeta(db).row_counts!) as Record<string, number>;
    for (const gone of ['centre_summary', 'department_list', 'left_out', 'satisfaction']) delete counts[gone];
    db.prepare("UPDATE package_meta SET value = ? WHERE key = 'row_counts'").run(JSON.stringify(counts));
    await reseal(db, 2);
    db.pragma('user_version = 2');
  } finally {
    db.close();
  }
  return target;
}
