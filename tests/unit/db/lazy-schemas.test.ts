// The service thread starts without building the contract's zod schemas (issue 13): before this
// test came, loading the contract built ~1,500 schemas (~50 ms of the thread's start, more on a
// busy PC). Each call's schema is built on its first use (db/call.ts), and so are the pieces the
// areas share (builders, not module-level schemas). zod reports every schema it makes to
// globalConfig.postProcessor, which counts them here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { afterAll, expect, it } from 'vitest';

const made = { schemas: 0 };
const config = (globalThis as { __zod_globalConfig?: { postProcessor?: (schema: { _zod: { traits: Set<string> } }) => void } }).__zod_globalConfig;
config!.postProcessor = (schema) => {
  if (schema._zod.traits.has('$ZodType')) made.schemas += 1;
};
afterAll(() => delete config!.postProcessor);
// Nothing of db/ may be imported before the counter is in place (so no test support module here).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabdesk-lazy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('opens a data file and answers app.info having built almost no schema', async () => {
  void z;
  const { createService } = await import('../../../db/service');
  const { createClock } = await import('../../../db/clock');
  expect(made.schemas).toBe(0);
  const service = createService({ dataFile: path.join(dir, 'new.sqlite'), host: 'browser', appVersion: 'test', clock: createClock('2026-11-22') });
  try {
    expect(made.schemas).toBe(0);
    expect(service.dispatch('app.info', {}).ok).toBe(true);
    // app.info's own input (an empty object) and nothing else.
    expect(made.schemas).toBe(1);
    // A second call of it builds nothing more; another call builds its own.
    service.dispatch('app.info', {});
    expect(made.schemas).toBe(1);
    expect(service.dispatch('auth.setup', { username: '' }).ok).toBe(false);
    expect(made.schemas).toBeGreaterThan(1);
  } finally {
    service.close();
  }
});
