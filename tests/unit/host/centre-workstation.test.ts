// Calls over the centre's network carry where they came from: every audit entry they write names
// the workstation (client address and the name it sent), a call on this PC names none; app.info
// tells a remote caller nothing about the server PC's disk; and an export made on a client PC is
// downloaded there through its local host, fetched from the centre over the pinned connection.
// All over real TLS on 127.0.0.1, as centre-server.test.ts does.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentre, type RunningCentre } from '../../../host/centre-server';
import { connectCentre } from '../../../host/centre-client';
import { startHost, type RunningHost } from '../../../host/http';
import { inProcess, startServiceThread } from '../../../host/service-thread';
import { workstationOf } from '../../../host/centre-rules';
import type { AuditRow } from '../../../db/trust/audit';
import type { AppInfo } from '../../../db/contract';
import { testService, tempDir, ADMIN_PASSWORD, type TestService } from '../../support/service';
import { buildWorkers } from '../../support/workers';
import { HUNAN } from '../claims/standards';
import { makeId } from '../../support/ids';

let t: TestService;
let centre: RunningCentre;
let renderer: ReturnType<typeof tempDir>;

beforeAll(async () => {
  t = testService();
  renderer = tempDir();
  fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>x</title>');
  t.ok('accounts.create', { username: 'li', displayName: '李老师', role: 'therapist', password: ADMIN_PASSWORD });
  centre = await startCentre({ service: inProcess(t.service), rendererDir: renderer.dir, dataFile: t.file, address: '127.0.0.1' });
}, 30_000);
afterAll(async () => {
  await centre.close();
  t.close();
  renderer.cleanup();
});

/** A raw call to the centre, with the headers a test chooses (no centre client in between). */
function callCentre(name: string, input: unknown, headers: Record<string, string> = {}): Promise<{ body: { ok: boolean; value?: unknown }; cookie: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', servername: 'localhost', port: centre.port, path: '/api/call', method: 'POST', ca: centre.cert, headers: { 'Content-Type': 'application/json', Host: `127.0.0.1:${centre.port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean }, cookie: String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]! }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ name, input }));
  });
}

/** The newest audit entries, read on the server PC. */
const newest = (n: number): AuditRow[] => t.ok('audit.list', { limit: n }).rows;

describe('the workstation in the audit trail', () => {
  it('names the client address and the PC name the centre client sends, on sign-in, its failure and on writes', async () => {
    const client = connectCentre({ url: centre.url, pin: centre.fingerprint, workstation: '前台电脑' });
    expect(await client.invoke('auth.signIn', { username: 'li', password: 'not the password' })).toMatchObject({ ok: false });
    expect(newest(1)[0]).toMatchObject({ action: 'sign-in-failed', target: 'li', workstation: '127.0.0.1（前台电脑）' });

    const signed = await client.invoke('auth.signIn', { username: 'li', password: ADMIN_PASSWORD });
    const session = (signed as { value: { sessionId: string } }).value.sessionId;
    expect(newest(1)[0]).toMatchObject({ action: 'sign-in', actor: 'li', workstation: '127.0.0.1（前台电脑）' });

    const created = await client.invoke('people.create', { name: '赵小川', idNumber: makeId('2020-03-01', 11, '320106'), household: 'urban', guardianName: '赵建国' }, session);
    expect(created.ok).toBe(true);
    expect(newest(1)[0]).toMatchObject({ action: 'create', actor: 'li', call: 'people.create', workstation: '127.0.0.1（前台电脑）' });

    // The exported trail carries it in its last column, after the hash (it is not part of the chain).
    const lines = t.ok('audit.export', {}).csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/"hash","workstation"$/);
    expect(lines.filter((l) => l.endsWith('"127.0.0.1（前台电脑）"'))).toHaveLength(3);
  });

  it("sends this computer's host name when none is given", async () => {
    const client = connectCentre({ url: centre.url, pin: centre.pairingCode });
    await client.invoke('auth.signIn', { username: 'li', password: 'still not it' });
    expect(newest(1)[0]!.workstation).toBe(workstationOf('127.0.0.1', encodeURIComponent(os.hostname())));
    expect(newest(1)[0]!.workstation).toMatch(/^127\.0\.0\.1/);
  });

  it('records the address alone when a client sends no name, and a sent name only printable and cut to 40 characters', async () => {
    await callCentre('auth.signIn', { username: 'li', password: 'wrong again' });
    expect(newest(1)[0]!.workstation).toBe('127.0.0.1');
    const hostile = encodeURIComponent(`\u0007前台\r\n电脑\u202e${'长'.repeat(60)}`);
    await callCentre('auth.signIn', { username: 'li', password: 'wrong again' }, { 'X-RehabDesk-Workstation': hostile });
    // Control, line and direction-override characters go; 4 + 60 characters are cut to 40.
    expect(newest(1)[0]!.workstation).toBe(`127.0.0.1（前台电脑${'长'.repeat(36)}）`);
  });

  it('names it on the attempts that lock an account out, and on those refused while it is locked', async () => {
    t.ok('accounts.create', { username: 'zhao', displayName: '赵老师', role: 'viewer', password: ADMIN_PASSWORD });
    const client = connectCentre({ url: centre.url, pin: centre.fingerprint, workstation: '康复室2' });
    for (let i = 0; i < 4; i += 1) expect(await client.invoke('auth.signIn', { username: 'zhao', password: `wrong ${i}` })).toMatchObject({ ok: false });
    // The third failure in a row makes the account wait (throttleSeconds): that is the lockout.
    expect(t.service.db.prepare("SELECT locked_until FROM account WHERE username = 'zhao'").get()).not.toEqual({ locked_until: null });
    const attempts = newest(4);
    expect(attempts.map((r) => [r.action, r.target, r.workstation])).toEqual(Array(4).fill(['sign-in-failed', 'zhao', '127.0.0.1（康复室2）']));
    expect(attempts.map((r) => (r.detail as { code: string }).code).every((c) => c === 'AUTH_INVALID' || c === 'AUTH_THROTTLED')).toBe(true);
  });

  it('records no workstation for a call made on this PC, which the audit screen shows as this PC', () => {
    t.ok('people.create', { name: '钱小多', idNumber: makeId('2019-05-02', 13, '320106'), household: 'rural', guardianName: '钱大多' });
    const row = newest(1)[0]!;
    expect(row).toMatchObject({ action: 'create', actor: 'admin' });
    expect(row.workstation).toBeNull();
    // The screen's filter: this PC's entries have none, the network's all have one.
    const thisPc = t.ok('audit.list', { source: 'this-pc', limit: 500 }).rows;
    const network = t.ok('audit.list', { source: 'network', limit: 500 }).rows;
    expect(thisPc[0]!.id).toBe(row.id);
    expect(thisPc.every((r) => r.workstation === null)).toBe(true);
    expect(network.length).toBeGreaterThan(3);
    expect(network.every((r) => r.workstation?.startsWith('127.0.0.1'))).toBe(true);
    expect(t.err('audit.list', { source: 'elsewhere' as never })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('travels through the service thread with the call', async () => {
    const built = await buildWorkers();
    const dir = tempDir();
    const thread = await startServiceThread(built.serviceWorker, {
      dataFile: path.join(dir.dir, 'thread.sqlite'),
      host: 'browser',
      appVersion: 'test',
      today: '2026-11-22',
      backupWorkerFile: built.backupWorker,
      packageWorkerFile: built.packageWorker,
    });
    try {
      await thread.invoke('auth.setup', { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, undefined, { workstation: '192.168.1.21（前台电脑）' });
      const signed = await thread.invoke('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
      const session = (signed as { value: { sessionId: string } }).value.sessionId;
      const rows = ((await thread.invoke('audit.list', {}, session)) as { value: { rows: AuditRow[] } }).value.rows;
      expect(rows.map((r) => [r.action, r.workstation])).toEqual([
        ['sign-in', null],
        ['sign-in', '192.168.1.21（前台电脑）'],
      ]);
    } finally {
      await thread.close();
      dir.cleanup();
    }
  }, 60_000);
});

describe('app.info over the network', () => {
  it('does not tell a caller on another PC where the data file is, nor, before sign-in, the server version or encryption', async () => {
    const local = t.ok('app.info', {});
    expect(local.dataFile).toBe(t.file);
    expect(local.appVersion).toBe('test');

    const anonymous = (await callCentre('app.info', {})).body.value as AppInfo;
    expect(anonymous).toMatchObject({ dataFile: '', appVersion: '', schemaVersion: 0, encrypted: false, host: 'browser', hasAccounts: true, account: null });
    expect(JSON.stringify(anonymous)).not.toContain(path.dirname(t.file));

    const { cookie } = await callCentre('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    const signedIn = (await callCentre('app.info', {}, { Cookie: cookie })).body.value as AppInfo;
    expect(signedIn).toMatchObject({ dataFile: '', appVersion: 'test', account: { username: 'admin' } });
    expect(JSON.stringify(signedIn)).not.toContain(path.dirname(t.file));
  });
});

describe('downloads on a client PC', () => {
  let host: RunningHost;
  let wrongHost: RunningHost;
  let serverFile: string;
  let link: { url: string; name: string };
  let fetchBytes: (url: string) => Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>;

  beforeAll(async () => {
    const client = connectCentre({ url: centre.url, pin: centre.fingerprint, workstation: '财务电脑' });
    host = await startHost({ service: client, rendererDir: renderer.dir });
    wrongHost = await startHost({ service: connectCentre({ url: centre.url, pin: 'AB'.repeat(32) }), rendererDir: renderer.dir });
    const signed = await client.invoke('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    const session = (signed as { value: { sessionId: string } }).value.sessionId;
    t.ok('claims.standard.save', { effectiveFrom: '2026-01-01', rule: HUNAN });
    const out = await client.invoke('claims.ruleFile.export', { programme: 'rehab', effectiveFrom: '2026-01-01', office: '某县残联', version: 3 }, session);
    const exported = (out as { value: { fileId: string; path: string } }).value;
    serverFile = exported.path;
    link = ((await client.invoke('files.link', { fileId: exported.fileId }, session)) as { value: { url: string; name: string } }).value;
    fetchBytes = (url) =>
      new Promise((resolve, reject) => {
        const req = http.request(url, { method: 'GET' }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
  }, 30_000);
  afterAll(async () => {
    await host.close();
    await wrongHost.close();
  });

  it('serves the export the client made with the same bytes, name and size as on the server, once', async () => {
    expect(link.url).toMatch(/^\/download\//);
    const onServer = fs.readFileSync(serverFile);
    expect(onServer.length).toBeGreaterThan(100);

    // HEAD says what a GET would get without using the ticket up.
    const head = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.request(`http://127.0.0.1:${host.port}${link.url}`, { method: 'HEAD' }, resolve).on('error', reject).end();
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(onServer.length));

    const got = await fetchBytes(`http://127.0.0.1:${host.port}${link.url}`);
    expect(got.status).toBe(200);
    expect(got.body.equals(onServer)).toBe(true);
    expect(got.headers['content-length']).toBe(String(onServer.length));
    expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(link.name)}`);
    expect(newest(2).map((r) => [r.call, r.workstation])).toContainEqual(['claims.ruleFile.export', '127.0.0.1（财务电脑）']);

    // The ticket was used up on the server.
    expect((await fetchBytes(`http://127.0.0.1:${host.port}${link.url}`)).status).toBe(404);
  });

  it('gets no bytes through a client whose pin is not the centre certificate', async () => {
    const client = connectCentre({ url: centre.url, pin: centre.fingerprint });
    const signed = await client.invoke('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    const session = (signed as { value: { sessionId: string } }).value.sessionId;
    const out = await client.invoke('claims.ruleFile.export', { programme: 'rehab', effectiveFrom: '2026-01-01', office: '某县残联', version: 4 }, session);
    const fresh = ((await client.invoke('files.link', { fileId: (out as { value: { fileId: string } }).value.fileId }, session)) as { value: { url: string } }).value;

    const refused = await fetchBytes(`http://127.0.0.1:${wrongHost.port}${fresh.url}`);
    expect(refused.status).toBe(404);
    expect(refused.body.toString('utf8')).toBe('Not found');
    // The refused attempt never reached the centre: the ticket still works through the right pin.
    const rightHost = await startHost({ service: client, rendererDir: renderer.dir });
    try {
      expect((await fetchBytes(`http://127.0.0.1:${rightHost.port}${fresh.url}`)).status).toBe(200);
    } finally {
      await rightHost.close();
    }
  });

  it('does not hand the file to whoever holds the ticket alone: the centre wants the cookie of the session that asked for the link (finding: a ticket without a cookie redeemed)', async () => {
    const client = connectCentre({ url: centre.url, pin: centre.fingerprint });
    const session = ((await client.invoke('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD })) as { value: { sessionId: string } }).value.sessionId;
    const out = await client.invoke('claims.ruleFile.export', { programme: 'rehab', effectiveFrom: '2026-01-01', office: '某县残联', version: 5 }, session);
    const fresh = ((await client.invoke('files.link', { fileId: (out as { value: { fileId: string } }).value.fileId }, session)) as { value: { url: string } }).value;
    const other = (await callCentre('auth.signIn', { username: 'li', password: ADMIN_PASSWORD })).cookie;
    const direct = (cookie?: string) =>
      new Promise<number>((resolve, reject) => {
        https
          .request(
            { host: '127.0.0.1', servername: 'localhost', port: centre.port, path: fresh.url, method: 'GET', ca: centre.cert, headers: { Host: `127.0.0.1:${centre.port}`, ...(cookie ? { Cookie: cookie } : {}) } },
            (res) => {
              res.resume();
              resolve(res.statusCode!);
            },
          )
          .on('error', reject)
          .end();
      });
    expect(await direct()).toBe(404);
    expect(await direct(other)).toBe(404);
    // Neither attempt used the ticket up: the PC that asked for it still downloads it, once.
    const itsHost = await startHost({ service: client, rendererDir: renderer.dir });
    try {
      expect((await fetchBytes(`http://127.0.0.1:${itsHost.port}${fresh.url}`)).status).toBe(200);
      expect((await fetchBytes(`http://127.0.0.1:${itsHost.port}${fresh.url}`)).status).toBe(404);
    } finally {
      await itsHost.close();
    }
  });

  it('finds nothing for a ticket the centre does not know or a malformed one', async () => {
    expect((await fetchBytes(`http://127.0.0.1:${host.port}/download/not-a-ticket-at-all`)).status).toBe(404);
    expect((await fetchBytes(`http://127.0.0.1:${host.port}/download/%2e%2e%2fcentre.crt`)).status).toBe(404);
  });
});
