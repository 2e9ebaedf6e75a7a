// Centre server mode over real TLS on 127.0.0.1: the certificate kept beside the data file, sign-in
// by cookie only, the session re-checked on every call, limits, server-only calls, and hostile
// requests (oversize body, path traversal, no/forged cookie, wrong Origin/Host, plain HTTP).
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreCertificate, certificateFiles, startCentre, CENTRE_COOKIE, type RunningCentre } from '../../../host/centre-server';
import { connectCentre } from '../../../host/centre-client';
import { inProcess } from '../../../host/service-thread';
import { testService, tempDir, ADMIN_PASSWORD, type TestService } from '../../support/service';

let t: TestService;
let centre: RunningCentre;
let renderer: ReturnType<typeof tempDir>;
const logged: string[] = [];

beforeAll(async () => {
  t = testService();
  renderer = tempDir();
  fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>x</title>');
  t.ok('accounts.create', { username: 'li', displayName: '李老师', role: 'therapist', password: ADMIN_PASSWORD });
  t.ok('accounts.create', { username: 'wang', displayName: '王老师', role: 'therapist', password: ADMIN_PASSWORD });
  centre = await startCentre({
    service: inProcess(t.service),
    rendererDir: renderer.dir,
    dataFile: t.file,
    address: '127.0.0.1',
    limits: { maxBody: 64 * 1024, signInPerAccount: 4 },
    log: (message) => logged.push(message),
  });
}, 30_000);
afterAll(async () => {
  await centre.close();
  t.close();
  renderer.cleanup();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function request(target: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      // The certificate is checked against localhost whatever Host header a test sends.
      { host: '127.0.0.1', servername: 'localhost', port: centre.port, path: target, method: options.method ?? 'GET', headers: options.headers, ca: centre.cert },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const callApi = (name: string, input: unknown, headers: Record<string, string> = {}) =>
  request('/api/call', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ name, input }) });

async function signIn(username: string, password = ADMIN_PASSWORD): Promise<{ cookie: string; answer: Answer }> {
  const answer = await callApi('auth.signIn', { username, password });
  const set = (answer.headers['set-cookie'] ?? [])[0] ?? '';
  return { cookie: set.split(';')[0]!, answer };
}

describe('centre server certificate', () => {
  it('keeps its key and certificate beside the data file, readable by this user only, and reuses them on restart', async () => {
    const files = certificateFiles(t.file);
    expect(fs.statSync(files.key).mode & 0o777).toBe(0o600);
    expect(fs.statSync(files.cert).mode & 0o777).toBe(0o600);
    const again = await startCentre({ service: inProcess(t.service), rendererDir: renderer.dir, dataFile: t.file, address: '127.0.0.1' });
    try {
      expect(again.fingerprint).toBe(centre.fingerprint);
      expect(again.pairingCode).toBe(centre.pairingCode);
    } finally {
      await again.close();
    }
    expect(centre.pairingCode).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(centre.url).toBe(`https://127.0.0.1:${centre.port}/`);
  });

  it('offers the certificate for download and a page of tablet instructions showing the pairing code', async () => {
    const crt = await request('/centre.crt');
    expect(crt.status).toBe(200);
    expect(crt.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(crt.text).toBe(centre.cert);
    const guide = await request('/centre');
    expect(guide.text).toContain(centre.pairingCode);
    expect(guide.text).toContain('证书信任设置');
    expect(guide.text).toContain('Certificate Trust Settings');
  });
});

describe('centre server sign-in', () => {
  it('puts the session in an HttpOnly, Secure, SameSite=Strict cookie and never in the answer', async () => {
    const { cookie, answer } = await signIn('li');
    const set = answer.headers['set-cookie']![0]!;
    expect(set).toMatch(new RegExp(`^${CENTRE_COOKIE}=[A-Za-z0-9_-]{20,}; HttpOnly; Secure; SameSite=Strict; Path=/$`));
    const body = JSON.parse(answer.text) as { ok: boolean; value: { sessionId: string; account: { username: string } } };
    expect(body.value.sessionId).toBe('cookie');
    expect(answer.text).not.toContain(cookie.split('=')[1]);
    const search = JSON.parse((await callApi('people.search', {}, { Cookie: cookie })).text) as { ok: boolean };
    expect(search.ok).toBe(true);
  });

  it('refuses calls with no cookie, a forged cookie, or a session id in the header instead', async () => {
    const none = JSON.parse((await callApi('people.search', {})).text);
    expect(none).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    const forged = JSON.parse((await callApi('people.search', {}, { Cookie: `${CENTRE_COOKIE}=${'A'.repeat(32)}` })).text);
    expect(forged).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    // A real session id (the administrator's, in process) carried in the local host's header counts for nothing here.
    const header = JSON.parse((await callApi('people.search', {}, { 'X-RehabDesk-Session': t.session })).text);
    expect(header).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
  });

  it('checks the session on every call: an account deactivated elsewhere is signed out on its next call', async () => {
    const { cookie } = await signIn('wang');
    expect(JSON.parse((await callApi('people.search', {}, { Cookie: cookie })).text).ok).toBe(true);
    const wang = t.ok('accounts.list', {}).find((a) => a.username === 'wang')!;
    t.ok('accounts.update', { id: wang.id, displayName: wang.displayName, role: wang.role, active: false });
    const after = await callApi('people.search', {}, { Cookie: cookie });
    expect(JSON.parse(after.text)).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    // …and the dead cookie is cleared in the browser.
    expect(after.headers['set-cookie']![0]).toMatch(/Max-Age=0/);
  });

  it('limits sign-in attempts per account name, whatever the password', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { answer } = await signIn('nobody', 'wrong password');
      codes.push((JSON.parse(answer.text) as { error: { code: string } }).error.code);
    }
    expect(codes.slice(0, 4)).not.toContain('CENTRE_RATE_LIMITED');
    expect(codes[4]).toBe('CENTRE_RATE_LIMITED');
  });
});

describe('centre server refusals', () => {
  it('runs backups, restore, encryption and returns packages only on the server PC', async () => {
    const { cookie } = await signIn('admin');
    for (const name of ['backup.now', 'backup.restore', 'security.setPassphrase', 'returns.export', 'returns.consolidated.export', 'app.unlock']) {
      const answer = await callApi(name, {}, { Cookie: cookie });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text)).toEqual({ ok: false, error: { code: 'CENTRE_SERVER_ONLY', params: { name } } });
    }
    // The same administrator may still read over the network.
    expect(JSON.parse((await callApi('accounts.list', {}, { Cookie: cookie })).text).ok).toBe(true);
  });

  it('refuses a body over the size limit with 413 and keeps serving', async () => {
    const answer = await callApi('people.search', { q: 'x'.repeat(70 * 1024) });
    expect(answer.status).toBe(413);
    expect((await request('/')).status).toBe(200);
  });

  it('refuses calls from another web origin and bodies that are not JSON', async () => {
    expect((await callApi('app.info', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await callApi('app.info', {}, { Origin: `https://127.0.0.1:${centre.port}` })).status).toBe(200);
    const form = await request('/api/call', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"name":"app.info"}' });
    expect(form.status).toBe(415);
  });

  it('refuses requests for a host name it is not reached by (DNS rebinding)', async () => {
    expect((await request('/', { headers: { Host: `evil.example:${centre.port}` } })).status).toBe(421);
    expect((await request('/', { headers: { Host: '127.0.0.1:1' } })).status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    fs.writeFileSync(path.join(path.dirname(renderer.dir), 'secret.txt'), 'secret');
    for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00']) {
      const answer = await request(target);
      expect(answer.status, target).toBeGreaterThanOrEqual(400);
      expect(answer.text).not.toContain('secret');
    }
    const data = await request(`/${path.basename(t.file)}`);
    expect(data.status).toBe(404);
  });

  it('serves nothing to plain HTTP on its port', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: centre.port, path: '/' }, (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', () => resolve('refused'));
      req.end();
    });
    expect(outcome).toBe('refused');
    expect((await request('/')).status).toBe(200);
  });

  it('keeps serving after garbage on the socket', async () => {
    // A TLS record header promising more than comes, then silence: the server must not wait on it to serve others.
    const socket = net.connect(centre.port, '127.0.0.1', () => socket.write('\x16\x03\x01garbage'.repeat(100)));
    socket.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await request('/')).status).toBe(200);
    socket.destroy();
  });

  it('limits requests per client address', async () => {
    const limited = await startCentre({ service: inProcess(t.service), rendererDir: renderer.dir, dataFile: t.file, address: '127.0.0.1', limits: { perAddress: 3 } });
    try {
      const get = () =>
        new Promise<number>((resolve, reject) => {
          https.get({ host: '127.0.0.1', port: limited.port, path: '/', ca: limited.cert }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          }).on('error', reject);
        });
      expect([await get(), await get(), await get(), await get()]).toEqual([200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('turning the mode off signs every network session out at once', async () => {
    const other = await startCentre({ service: inProcess(t.service), rendererDir: renderer.dir, dataFile: t.file, address: '127.0.0.1' });
    const client = connectCentre({ url: other.url, pin: other.fingerprint });
    const signed = await client.invoke('auth.signIn', { username: 'li', password: ADMIN_PASSWORD });
    expect(signed.ok).toBe(true);
    const session = (signed as { value: { sessionId: string } }).value.sessionId;
    expect((await client.invoke('people.search', {}, session)).ok).toBe(true);
    await other.close();
    expect(await client.invoke('people.search', {}, session)).toEqual({ ok: false, error: { code: 'HOST_UNREACHABLE' } });
    // Turned on again (same certificate), the old session is gone.
    const again = await startCentre({ service: inProcess(t.service), rendererDir: renderer.dir, dataFile: t.file, address: '127.0.0.1', port: other.port });
    try {
      expect(await client.invoke('people.search', {}, session)).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    } finally {
      await again.close();
    }
  });
});

describe('a client pinned to the centre', () => {
  it('works with the pinned fingerprint or the pairing code, the session cookie staying inside the client', async () => {
    for (const pin of [centre.fingerprint, centre.pairingCode]) {
      const client = connectCentre({ url: centre.url, pin });
      const signed = await client.invoke('auth.signIn', { username: 'li', password: ADMIN_PASSWORD });
      expect(signed.ok).toBe(true);
      const session = (signed as { value: { sessionId: string } }).value.sessionId;
      expect(session).not.toBe('cookie');
      const search = await client.invoke('people.search', {}, session);
      expect(search.ok).toBe(true);
    }
  });

  it('refuses a wrong pin with a clear code naming both pairing codes', async () => {
    const client = connectCentre({ url: centre.url, pin: 'AB'.repeat(32) });
    const answer = await client.invoke('app.info', {});
    expect(answer).toEqual({ ok: false, error: { code: 'CENTRE_CERT_CHANGED', params: { expected: 'ABAB-ABAB-ABAB-ABAB', actual: centre.pairingCode } } });
  });

  it('sends nothing, not even the password, to a server with a changed certificate', async () => {
    const elsewhere = tempDir();
    const impostor = await centreCertificate(path.join(elsewhere.dir, 'other.sqlite'), ['127.0.0.1']);
    expect(impostor.fingerprint).not.toBe(centre.fingerprint);
    const received: Buffer[] = [];
    const server = tls.createServer({ key: impostor.key, cert: impostor.cert }, (socket) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const client = connectCentre({ url: `https://127.0.0.1:${port}`, pin: centre.fingerprint });
      const answer = await client.invoke('auth.signIn', { username: 'li', password: ADMIN_PASSWORD });
      expect(answer).toEqual({ ok: false, error: { code: 'CENTRE_CERT_CHANGED', params: { expected: centre.pairingCode, actual: impostor.pairingCode } } });
      expect(Buffer.concat(received).toString('latin1')).not.toContain(ADMIN_PASSWORD);
      expect(received).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      elsewhere.cleanup();
    }
  });
});
