// `npm run seed -- --scale S [--seed N] [--out FILE] [--today YYYY-MM-DD] [--force]`: writes a
// realistic synthetic RehabDesk data file (see scripts/seed/index.ts for what it holds).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isIsoDate } from '../db/common/dates';
import { DEFAULT_TODAY, generate } from './seed/index';
import { SEED_ADMIN, SEED_PASSWORD } from './seed/trust';

function main(): number {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      today: { type: 'string', default: DEFAULT_TODAY },
      force: { type: 'boolean', default: false },
      'no-audit': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run seed -- --scale S [--seed N] [--out FILE] [--today YYYY-MM-DD] [--force] [--no-audit]');
    console.log('  scale 1 = a small centre (50 people, ~10,000 sessions); 100 = 5,000 people, ~1,000,000 sessions');
    return 0;
  }
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  if (!(scale > 0) || scale > 1000) return fail(`--scale must be a number above 0 (up to 1000), not "${values.scale}"`);
  if (!Number.isInteger(seed)) return fail(`--seed must be a whole number, not "${values.seed}"`);
  if (!isIsoDate(values.today)) return fail(`--today must be a date YYYY-MM-DD, not "${values.today}"`);
  const out = path.resolve(values.out ?? `rehabdesk-seed-s${scale}-n${seed}.sqlite`);
  if (fs.existsSync(out)) {
    if (!values.force) return fail(`${out} exists; pass --force to replace it`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(out + suffix, { force: true });
  }

  const summary = generate(out, { scale, seed, today: values.today, audit: !values['no-audit'] });
  const size = fs.statSync(out).size;
  console.log(`wrote ${out} (${(size / 1024 / 1024).toFixed(1)} MB) in ${(summary.ms / 1000).toFixed(1)} s`);
  console.log(`scale ${scale}, seed ${seed}, data up to ${summary.today}, schema version ${summary.schemaVersion}`);
  for (const [table, rows] of Object.entries(summary.counts)) console.log(`  ${table.padEnd(24)} ${rows.toLocaleString('en-US').padStart(10)}`);
  for (const [area, reason] of Object.entries(summary.skipped)) console.log(`  (${area} not generated: ${reason})`);
  if (summary.counts.account) console.log(`sign in as "${SEED_ADMIN}" (or any staff account) with the password "${SEED_PASSWORD}"`);
  return 0;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

process.exitCode = main();
