// One helper for tests that need a real data file: a service on a fresh temp file, cleaned up after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService, type Service } from '../../db/service';
import { createClock } from '../../db/clock';
import type { AppError, CallInput, CallName, CallResult } from '../../db/contract';

export const TODAY = '2026-11-22';

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabdesk-test-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface TestService {
  service: Service;
  file: string;
  /** Calls through the full contract path (schema parse + handler) and returns the value or throws. */
  ok<N extends CallName>(name: N, input: CallInput<N>): CallResult<N>;
  /** Calls and expects a failure; returns the error value. */
  err<N extends CallName>(name: N, input: CallInput<N>): AppError;
  close(): void;
}

export function testService(options: { today?: string; file?: string } = {}): TestService {
  const tmp = options.file ? null : tempDir();
  const file = options.file ?? path.join(tmp!.dir, 'test.sqlite');
  const service = createService({
    dataFile: file,
    host: 'browser',
    appVersion: 'test',
    defaultOperator: '测试员',
    clock: createClock(options.today ?? TODAY),
    log: () => undefined,
  });
  return {
    service,
    file,
    ok(name, input) {
      const result = service.dispatch(name, input);
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
      return result.value as never;
    },
    err(name, input) {
      const result = service.dispatch(name, input);
      if (result.ok) throw new Error(`${name} succeeded but a failure was expected`);
      return result.error;
    },
    close() {
      service.close();
      tmp?.cleanup();
    },
  };
}
