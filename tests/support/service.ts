// One helper for tests that need a real data file: a service on a fresh temp file with an
// administrator signed in, cleaned up after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService, type Service } from '../../db/service';
import { createClock } from '../../db/clock';
import type { AppError, CallInput, CallName, CallResult, SignedIn } from '../../db/contract';
import type { Role } from '../../db/trust/permissions';
import type { Checkpointer } from '../../db/checkpoint';

export const TODAY = '2026-11-22';
export const ADMIN_PASSWORD = 'correct horse battery';

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabdesk-test-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface TestService {
  service: Service;
  file: string;
  /** The administrator's session, used by ok() and err(). */
  session: string;
  /** Calls through the full contract path (schema, authorisation, handler) and returns the value or throws. */
  ok<N extends CallName>(name: N, input: CallInput<N>, session?: string): CallResult<N>;
  /** Calls and expects a failure; returns the error value. */
  err<N extends CallName>(name: N, input: CallInput<N>, session?: string): AppError;
  /** Creates an account with a role and returns its session. */
  signInAs(role: Role, username?: string): string;
  close(): void;
}

export function testService(options: { today?: string; file?: string; passphrase?: string; checkpointer?: Checkpointer } = {}): TestService {
  const tmp = options.file ? null : tempDir();
  const file = options.file ?? path.join(tmp!.dir, 'test.sqlite');
  const service = createService({
    dataFile: file,
    host: 'browser',
    appVersion: 'test',
    clock: createClock(options.today ?? TODAY),
    log: () => undefined,
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
    ...(options.checkpointer ? { checkpointer: options.checkpointer } : {}),
  });
  const setup = service.dispatch('auth.setup', { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD });
  const signIn = setup.ok ? setup : service.dispatch('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
  if (!signIn.ok) throw new Error(`could not sign in: ${JSON.stringify(signIn.error)}`);
  const session = (signIn.value as SignedIn).sessionId;

  const t: TestService = {
    service,
    file,
    session,
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
    signInAs(role, username = `${role}1`) {
      t.ok('accounts.create', { username, displayName: `${role} 用户`, role, password: ADMIN_PASSWORD });
      return t.ok('auth.signIn', { username, password: ADMIN_PASSWORD }).sessionId;
    },
    close() {
      service.close();
      tmp?.cleanup();
    },
  };
  return t;
}
