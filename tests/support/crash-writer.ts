// A child process for the crash-safety test: writes (or backs up) in a loop and reports each
// committed step on stdout, until it is killed.
import { createService } from '../../db/service';
import { createClock } from '../../db/clock';
import { makeCert, makeId } from './ids';

const [file, mode, run] = process.argv.slice(2) as [string, 'write' | 'backup', string];
const service = createService({ dataFile: file, host: 'browser', appVersion: 'test', clock: createClock('2026-11-22'), log: () => undefined });
const password = 'crash test password';
const setup = service.dispatch('auth.setup', { username: 'admin', displayName: '管理员', password });
const signIn = setup.ok ? setup : service.dispatch('auth.signIn', { username: 'admin', password });
if (!signIn.ok) throw new Error(JSON.stringify(signIn.error));
const session = (signIn.value as { sessionId: string }).sessionId;

for (let i = 0; ; i += 1) {
  if (mode === 'write') {
    // A distinct birth date per run and a distinct sequence per step: every ID is new.
    const birth = `19${String(10 + Number(run)).padStart(2, '0')}-0${1 + (Math.floor(i / 999) % 9)}-15`;
    const id = makeId(birth, 1 + (i % 999));
    const result = service.dispatch(
      'people.create',
      { name: `写入${run}-${i}`, idNumber: id, certNumber: makeCert(id, 1 + (i % 7), 1 + (i % 4)), certExpiry: '2030-01-01', household: 'urban', supportStatuses: ['dibao'] },
      session,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    process.stdout.write(`committed ${id}\n`);
  } else {
    const result = service.dispatch('backup.now', {}, session);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    process.stdout.write(`backup ${(result.value as { name: string }).name}\n`);
  }
}
