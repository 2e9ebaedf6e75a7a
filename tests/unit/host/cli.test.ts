// The browser host's CLI as a user starts it: it prints the URL and serves through the service
// thread, refuses a file from a newer version with a message and exit code 2 (leaving the file
// untouched), and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../db/open';
import { SCHEMA_VERSION } from '../../../db/migrations/index';
import { buildWorkers, type BuiltWorkers } from '../../support/workers';
import { TODAY, tempDir } from '../../support/service';

const tmp = tempDir();
let built: BuiltWorkers;

beforeAll(async () => {
  built = await buildWorkers();
  fs.writeFileSync(path.join(tmp.dir, 'index.html'), '<!doctype html><title>RehabDesk</title>');
}, 60_000);
afterAll(() => tmp.cleanup());

function run(dataFile: string) {
  const child = spawn(process.execPath, [built.hostCli, '--data', dataFile, '--renderer', tmp.dir], {
    env: { ...process.env, REHABDESK_TODAY: TODAY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string | null>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => line.startsWith('REHABDESK_URL=') && resolve(line.slice(14)));
    void exited.then(() => resolve(null));
  });
  return { child, url, exited, stderr: () => stderr };
}

describe('browser host CLI', () => {
  it('serves the app and the contract through the service thread, and stops on SIGTERM', async () => {
    fs.mkdirSync(path.join(tmp.dir, 'fresh'));
    const host = run(path.join(tmp.dir, 'fresh', 'data.sqlite'));
    const url = new URL((await host.url)!);
    expect((await fetch(`${url.origin}/`)).status).toBe(200);
    const info = await fetch(`${url.origin}/api/call`, {
      method: 'POST',
      headers: { 'X-RehabDesk-Token': url.searchParams.get('token')! },
      body: JSON.stringify({ name: 'app.info', input: {} }),
    });
    expect(await info.json()).toMatchObject({ ok: true, value: { host: 'browser', today: TODAY, hasAccounts: false } });
    host.child.kill('SIGTERM');
    expect(await host.exited).toBe(0);
  }, 60_000);

  it('refuses a data file from a newer version with a message and exit code 2, leaving it untouched', async () => {
    const file = path.join(tmp.dir, 'newer.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    const host = run(file);
    expect(await host.exited).toBe(2);
    expect(host.stderr()).toContain('由更新版本的康就台账创建');
    expect(host.stderr()).toContain('It was not modified');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});
