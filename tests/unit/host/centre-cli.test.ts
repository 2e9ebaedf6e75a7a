// Centre server mode as an administrator and a second PC start it: the server CLI prints the
// centre's address and pairing code; a client CLI without a pin only shows the code to compare; with
// the right pin its local host works on the centre's file; with a wrong pin every call is refused
// with CENTRE_CERT_CHANGED.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkers, type BuiltWorkers } from '../../support/workers';
import { ADMIN_PASSWORD, TODAY, tempDir } from '../../support/service';
import { freePort } from '../../support/ports';

const tmp = tempDir();
let built: BuiltWorkers;
const children: ReturnType<typeof spawn>[] = [];

beforeAll(async () => {
  built = await buildWorkers();
  fs.writeFileSync(path.join(tmp.dir, 'index.html'), '<!doctype html><title>RehabDesk</title>');
}, 60_000);
afterAll(async () => {
  // Each host closes its data file as it exits (SQLite removes the log files then): remove the
  // folder only after every one has exited.
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(exited);
  tmp.cleanup();
});

/** Starts the CLI and resolves the values of the `KEY=` lines asked for (null if it exits first). */
function run(args: string[], keys: string[]) {
  const child = spawn(process.execPath, [built.hostCli, '--renderer', tmp.dir, ...args], {
    env: { ...process.env, REHABDESK_TODAY: TODAY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const values = new Promise<Record<string, string> | null>((resolve) => {
    const found: Record<string, string> = {};
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const key = keys.find((k) => line.startsWith(`${k}=`));
      if (key) found[key] = line.slice(key.length + 1);
      if (keys.every((k) => k in found)) resolve(found);
    });
    void exited.then(() => resolve(null));
  });
  return { child, values, exited, stderr: () => stderr };
}

async function localCall(url: string, name: string, input: unknown, session?: string) {
  const u = new URL(url);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-RehabDesk-Token': u.searchParams.get('token')! };
  if (session) headers['X-RehabDesk-Session'] = session;
  const response = await fetch(`${u.origin}/api/call`, { method: 'POST', headers, body: JSON.stringify({ name, input }) });
  return (await response.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; params?: Record<string, unknown> } };
}

describe('centre server CLI and a pinned client', () => {
  it('serves the centre, and a client PC works on it only with the pinned certificate', async () => {
    fs.mkdirSync(path.join(tmp.dir, 'centre'));
    const dataFile = path.join(tmp.dir, 'centre', 'data.sqlite');
    const port = await freePort();
    const server = run(['--data', dataFile, '--centre-server', `127.0.0.1:${port}`], ['REHABDESK_URL', 'REHABDESK_CENTRE_URL', 'REHABDESK_CENTRE_PAIRING', 'REHABDESK_CENTRE_FINGERPRINT']);
    const shown = await server.values;
    expect(shown, server.stderr()).not.toBeNull();
    expect(shown!.REHABDESK_CENTRE_URL!).toBe(`https://127.0.0.1:${port}/`);
    expect(shown!.REHABDESK_CENTRE_PAIRING!).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(fs.existsSync(`${dataFile}.centre-cert.pem`)).toBe(true);
    // The administrator is set up on the server PC itself.
    const setup = await localCall(shown!.REHABDESK_URL!, 'auth.setup', { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD });
    expect(setup.ok).toBe(true);

    // Without a pin the client only shows the pairing code to compare, and stops.
    const unpinned = run(['--connect', shown!.REHABDESK_CENTRE_URL!], ['REHABDESK_URL']);
    expect(await unpinned.exited).toBe(2);
    expect(unpinned.stderr()).toContain(shown!.REHABDESK_CENTRE_PAIRING!);

    // With the pairing code the user confirmed: signs in and reads the centre's file.
    const pinned = run(['--connect', shown!.REHABDESK_CENTRE_URL!, '--pin', shown!.REHABDESK_CENTRE_PAIRING!], ['REHABDESK_URL']);
    const client = (await pinned.values)!.REHABDESK_URL!;
    const signedIn = await localCall(client, 'auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    expect(signedIn.ok).toBe(true);
    const info = await localCall(client, 'app.info', {}, signedIn.value!.sessionId as string);
    expect(info.value).toMatchObject({ hasAccounts: true, account: { username: 'admin' } });
    // Backups stay on the server PC.
    const backup = await localCall(client, 'backup.now', {}, signedIn.value!.sessionId as string);
    expect(backup.error?.code).toBe('CENTRE_SERVER_ONLY');

    // A PC paired on the connect screen keeps the pin beside its file: `--connect` needs no --pin for
    // that address, and a plain start (no --connect) works on the centre by itself.
    fs.mkdirSync(path.join(tmp.dir, 'workstation'));
    const ownFile = path.join(tmp.dir, 'workstation', 'own.sqlite');
    fs.writeFileSync(`${ownFile}.centre-connect.json`, JSON.stringify({ url: shown!.REHABDESK_CENTRE_URL!, fingerprint: shown!.REHABDESK_CENTRE_FINGERPRINT! }));
    const stored = run(['--connect', shown!.REHABDESK_CENTRE_URL!, '--data', ownFile], ['REHABDESK_URL']);
    const storedUrl = (await stored.values)?.REHABDESK_URL;
    expect(storedUrl, stored.stderr()).toBeDefined();
    expect((await localCall(storedUrl!, 'auth.signIn', { username: 'admin', password: ADMIN_PASSWORD })).ok).toBe(true);
    const restarted = run(['--data', ownFile], ['REHABDESK_URL']);
    const restartedUrl = (await restarted.values)!.REHABDESK_URL!;
    const again = await localCall(restartedUrl, 'auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    // The centre answers (own.sqlite has no accounts), and tells a remote caller nothing of its disk.
    expect((await localCall(restartedUrl, 'app.info', {}, again.value!.sessionId as string)).value).toMatchObject({ dataFile: '', account: { username: 'admin' } });
    expect(await localCall(restartedUrl, 'connect.status', {})).toMatchObject({ ok: true, value: { connected: true, url: shown!.REHABDESK_CENTRE_URL!, pairingCode: shown!.REHABDESK_CENTRE_PAIRING! } });

    // A pin file that cannot be read is named on the console; the PC starts on its own file.
    fs.mkdirSync(path.join(tmp.dir, 'broken'));
    const brokenFile = path.join(tmp.dir, 'broken', 'own.sqlite');
    fs.writeFileSync(`${brokenFile}.centre-connect.json`, '{"url": ');
    const broken = run(['--data', brokenFile], ['REHABDESK_URL']);
    const brokenUrl = (await broken.values)?.REHABDESK_URL;
    expect(brokenUrl, broken.stderr()).toBeDefined();
    expect(broken.stderr()).toContain(`${brokenFile}.centre-connect.json: not JSON`);
    expect(await localCall(brokenUrl!, 'connect.status', {})).toMatchObject({ ok: true, value: { connected: false } });

    // A client pinned to another certificate is refused, with both codes in the warning.
    const wrong = run(['--connect', shown!.REHABDESK_CENTRE_URL!, '--pin', '0000-0000-0000-0000'], ['REHABDESK_URL']);
    const wrongUrl = (await wrong.values)!.REHABDESK_URL!;
    await expect.poll(() => wrong.stderr(), { timeout: 10_000 }).toContain('WARNING');
    const refused = await localCall(wrongUrl, 'auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    expect(refused).toEqual({ ok: false, error: { code: 'CENTRE_CERT_CHANGED', params: { expected: '0000-0000-0000-0000', actual: shown!.REHABDESK_CENTRE_PAIRING! } } });

    const hosts = [server, pinned, stored, restarted, broken, wrong];
    for (const host of hosts) host.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await Promise.all(hosts.map((host) => host.exited));
  }, 60_000);
});
