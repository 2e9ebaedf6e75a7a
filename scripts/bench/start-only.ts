// Start-up alone, for before/after comparisons of a build without the whole bench:
//   npx tsx scripts/bench/start-only.ts <dist>/node/host-cli.mjs <scale-100 copy> [runs]
// Times spawn → setup form on a new, empty file, then the bench's operations 1 and 1d on the
// given file (it must be a copy: the host writes its backups beside it). Prints the load average
// before and after, since these figures mean little on a busy machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, timeFirstScreens, timeSetupForm, type FirstScreen } from './browser';
import { SEED_ADMIN, SEED_PASSWORD } from '../seed/trust';

const [hostCli, file, runsArg] = process.argv.slice(2);
if (!hostCli || !file) {
  console.error('usage: npx tsx scripts/bench/start-only.ts <dist>/node/host-cli.mjs <data file copy> [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
const today = '2026-11-22';
const browser = await launchChromium();
const fmt = (s: { p50: number; min: number; max: number }) => `median ${s.p50.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
try {
  console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const setup = await timeSetupForm(browser, hostCli, today, runs);
  console.log(`empty file (1e): spawn → setup form ${fmt(setup.total)}; host ready ${setup.hostReady.p50.toFixed(0)}, setup form +${setup.form.p50.toFixed(0)}`);
  const account = { username: SEED_ADMIN, password: SEED_PASSWORD };
  const backups = path.join(path.dirname(file), 'backups');
  // Interleaved, as in the bench: 1d, 1, 1d, 1, …
  const [daily, later] = (await timeFirstScreens(browser, hostCli, file, today, account, runs, [
    () => fs.rmSync(backups, { recursive: true, force: true }),
    () => undefined,
  ])) as [FirstScreen, FirstScreen];
  console.log(`scale 100 (1): total ${fmt(later.total)}; host ready ${later.hostReady.p50.toFixed(0)}, sign-in form +${later.signIn.p50.toFixed(0)}, rows +${later.rows.p50.toFixed(0)}`);
  console.log(`scale 100 (1d): total ${fmt(daily.total)}; host ready ${daily.hostReady.p50.toFixed(0)}, sign-in form +${daily.signIn.p50.toFixed(0)}, rows +${daily.rows.p50.toFixed(0)}`);
  console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
}
