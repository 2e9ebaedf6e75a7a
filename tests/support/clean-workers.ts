// Vitest global set-up of the unit project: after the run, removes the thread bundles each test
// process built into test-results/workers-<pid> (tests/support/workers.ts), so a run leaves no files.
import fs from 'node:fs';
import path from 'node:path';

export function teardown(): void {
  const dir = path.resolve('test-results');
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith('workers-')) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}
