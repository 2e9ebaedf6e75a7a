// Writes a synthetic centre's data file through the app's own schema (openDatabase + migrations):
// the people register and, for each area whose tables exist, its records over the years.
// Scale 1 is a small centre (50 people, ~10,000 therapy sessions); scale 100 is a large one.
import fs from 'node:fs';
import { openDatabase } from '../../db/open';
import { SCHEMA_VERSION } from '../../db/migrations/index';
import type { SeedContext } from './context';
import { homeAreaFor } from './names';
import { planPeople, writePeople } from './people';
import { Random } from './random';
import { planRehab, rehabProblem, writeRehab } from './rehab';
import { trainingProblem, writeTraining } from './training';
import { devicesProblem, writeDevices } from './devices';
import { actorOf, planStaff, trustProblem, writeAccounts, writeAudit } from './trust';
import { claimsProblem, writeClaims } from './claims';
import { returnsProblem, writeCentreIdentity } from './returns';

export interface SeedOptions {
  scale: number;
  seed: number;
  /** The last day of the data, YYYY-MM-DD (a fixed default keeps files identical across days). */
  today?: string;
  /** Write the audit trail the app would have kept for the seeded history (default true). */
  audit?: boolean;
}

export interface SeedSummary {
  file: string;
  scale: number;
  seed: number;
  today: string;
  schemaVersion: number;
  /** Rows written per table. */
  counts: Record<string, number>;
  /** Areas not generated, with the reason (their module has not landed, or its schema changed). */
  skipped: Record<string, string>;
  ms: number;
}

export const DEFAULT_TODAY = '2026-11-22';
export const PEOPLE_PER_SCALE = 50;
export const SESSIONS_PER_SCALE = 10_000;

/** Writes a new data file; refuses to touch one that exists (it might be someone's real data). */
export function generate(file: string, options: SeedOptions): SeedSummary {
  const started = performance.now();
  if (!(options.scale > 0)) throw new Error(`scale must be a positive number, not ${options.scale}`);
  if (fs.existsSync(file)) throw new Error(`${file} exists; the seed writes new files only`);
  const today = options.today ?? DEFAULT_TODAY;
  const counts: Record<string, number> = {};
  const skipped: Record<string, string> = {};
  const random = new Random(options.seed);
  const staff = planStaff({ random });
  const ctx: SeedContext = {
    random,
    scale: options.scale,
    today,
    peopleTotal: Math.round(PEOPLE_PER_SCALE * options.scale),
    sessionTarget: Math.round(SESSIONS_PER_SCALE * options.scale),
    area: homeAreaFor(options.seed),
    operator: actorOf(staff.admin),
    trainingOperator: actorOf(staff.office[0]!),
    count: (table, rows) => (counts[table] = (counts[table] ?? 0) + rows),
  };

  const db = openDatabase(file);
  try {
    // A throwaway file being filled: durability per transaction buys nothing here.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('temp_store = MEMORY');

    const rehabPlan = planRehab(ctx);
    const { people, childIds } = planPeople(ctx, rehabPlan.enrolments.map((e) => e.child));
    rehabPlan.enrolments.forEach((e, i) => (e.personId = childIds[i]!));
    writePeople(ctx, db, people);
    const trust = trustProblem(db);
    if (trust) skipped.trust = trust;
    else writeAccounts(ctx, db, [staff.admin, ...staff.office], rehabPlan.therapists);

    const rehab = rehabProblem(db);
    if (rehab) skipped.rehab = rehab;
    else writeRehab(ctx, db, rehabPlan, people);
    const training = trainingProblem(db);
    if (training) skipped.training = training;
    else writeTraining(ctx, db, people);
    const devices = devicesProblem(db);
    if (devices) skipped.devices = devices;
    else writeDevices(ctx, db, people);
    // The identity first: claims go out under the centre's name.
    let centreName: string | null = null;
    const returns = returnsProblem(db);
    if (returns) skipped.returns = returns;
    else {
      try {
        centreName = writeCentreIdentity(ctx, db);
      } catch (error) {
        skipped.returns = String(error);
      }
    }
    const claims = claimsProblem(db) ?? (rehab || training || devices ? 'needs the rehab, training and devices records' : null);
    if (claims) skipped.claims = claims;
    else writeClaims(ctx, db, actorOf(staff.office.find((a) => a.role === 'accountant')!), centreName);

    if (!trust && options.audit !== false) writeAudit(ctx, db);

    const violations = db.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) throw new Error(`generated rows break ${violations.length} foreign keys`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { file, scale: options.scale, seed: options.seed, today, schemaVersion: SCHEMA_VERSION, counts, skipped, ms: performance.now() - started };
}
