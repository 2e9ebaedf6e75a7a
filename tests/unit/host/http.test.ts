// The browser host over HTTP: the token, the origin, the contract, the static files, and that no
// request a client can send (malformed targets, huge headers, bad bodies) stops it serving.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHost, type RunningHost } from '../../../host/http';
import { inProcess } from '../../../host/service-thread';
import { createFiles } from '../../../db/files';
import { testService, tempDir, type TestService } from '../../support/service';

let t: TestService;
let host: RunningHost;
let renderer: ReturnType<typeof tempDir>;
const files = createFiles();
const logged: string[] = [];

beforeAll(async () => {
  t = testService();
  renderer = tempDir();
  fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>x</title>');
  // Downloads come from a registry the test controls; everything else from the real service.
  host = await startHost({
    service: { ...inProcess(t.service), redeemDownload: async (ticket, keep) => files.redeem(ticket, keep) },
    rendererDir: renderer.dir,
    log: (message) => logged.push(message),
  });
});
afterAll(async () => {
  await host.close();
  t.close();
  renderer.cleanup();
});

const base = () => `http://127.0.0.1:${host.port}`;
const callApi = (body: unknown, headers: Record<string, string> = { 'X-RehabDesk-Token': host.token, 'X-RehabDesk-Session': t.session }) =>
  fetch(`${base()}/api/call`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('browser host', () => {
  it('binds to 127.0.0.1 on a free port and prints a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers contract calls with the token', async () => {
    const response = await callApi({ name: 'app.info', input: {} });
    const body = (await response.json()) as { ok: boolean; value: { host: string } };
    expect(body.ok).toBe(true);
    expect(body.value.host).toBe('browser');
  });

  it('refuses calls without the token or with a wrong one', async () => {
    expect((await callApi({ name: 'app.info', input: {} }, {})).status).toBe(401);
    expect((await callApi({ name: 'app.info', input: {} }, { 'X-RehabDesk-Token': 'x'.repeat(host.token.length) })).status).toBe(401);
  });

  it('refuses calls from another web origin', async () => {
    const response = await callApi({ name: 'app.info', input: {} }, { 'X-RehabDesk-Token': host.token, Origin: 'http://evil.example' });
    expect(response.status).toBe(403);
  });

  it('asks for sign-in before anything but the public calls', async () => {
    const body = await (await callApi({ name: 'people.search', input: {} }, { 'X-RehabDesk-Token': host.token })).json();
    expect(body).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
  });

  it('returns typed errors for unknown calls and malformed input', async () => {
    const unknown = await (await callApi({ name: 'people.drop', input: {} })).json();
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_CALL', params: { name: 'people.drop' } } });
    const malformed = await (await callApi({ name: 'people.get', input: { id: 'one' } })).json();
    expect(malformed).toEqual({ ok: false, error: { code: 'INVALID_INPUT', field: 'id' } });
  });

  it('serves the renderer with a strict content security policy', async () => {
    const response = await fetch(`${base()}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await fetch(`${base()}/..%2f..%2fetc%2fpasswd`);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('root:');
  });
});

/** Sends bytes as they are (fetch would normalise a malformed target) and returns the status code. */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(host.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    // The host closes the connection after answering (Connection: close, or a request it refused).
    socket.on('close', () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? `no answer: ${answer}`));
    socket.write(text);
  });
}

const request = (target: string, extra = '', method = 'GET') =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n${extra}\r\n`;

async function stillServes() {
  expect((await fetch(`${base()}/`)).status).toBe(200);
  const body = await (await callApi({ name: 'app.info', input: {} })).json();
  expect(body.ok).toBe(true);
}

describe('browser host under malformed requests', () => {
  it.each([
    ['an undecodable path', '/%ff', '400'],
    ['a NUL byte', '/%00', '400'],
    ['a NUL byte after a folder', '/assets/%00.js', '400'],
    ['a broken absolute-form target', 'http://[/x', '400'],
    ['a dot-dot segment', '/assets/../index.html', '400'],
    ['a backslash', '/..%5c..%5cpackage.json', '400'],
    ['a protocol-relative target', '//evil.example/x', '400'],
  ])('answers %s with 400 and keeps serving', async (_what, target, status) => {
    expect(await rawRequest(request(target))).toBe(status);
    await stillServes();
  });

  it('refuses an absolute-form request to itself with 400 and keeps serving', async () => {
    expect(await rawRequest(request(`http://127.0.0.1:${host.port}/`))).toBe('400');
    await stillServes();
  });

  it('refuses a header too large to read and keeps serving', async () => {
    expect(await rawRequest(request('/', `X-Padding: ${'a'.repeat(64 * 1024)}\r\n`))).toMatch(/^(431|400)$/);
    await stillServes();
  });

  it('refuses a request line that is not HTTP and keeps serving', async () => {
    expect(await rawRequest('HELLO THERE\r\n\r\n')).toBe('400');
    await stillServes();
  });

  it('serves a GET that carries a body, ignoring the body', async () => {
    expect(await rawRequest(request('/', 'Content-Length: 5\r\n') + 'hello')).toBe('200');
    await stillServes();
  });

  it('answers a call whose body is not JSON with 400 and keeps serving', async () => {
    const response = await fetch(`${base()}/api/call`, { method: 'POST', headers: { 'X-RehabDesk-Token': host.token }, body: '{"name": "app.info",' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: { code: 'INVALID_INPUT' } });
    await stillServes();
  });

  it('turns an unexpected error in a handler into a logged 500, and keeps serving', async () => {
    const failing = await startHost({
      service: { ...inProcess(t.service), invoke: () => Promise.reject(new Error('boom')) },
      rendererDir: renderer.dir,
      log: (message) => logged.push(message),
    });
    try {
      const response = await fetch(`http://127.0.0.1:${failing.port}/api/call`, {
        method: 'POST',
        headers: { 'X-RehabDesk-Token': failing.token },
        body: JSON.stringify({ name: 'app.info', input: {} }),
      });
      expect(response.status).toBe(500);
      expect(logged).toContain('POST request failed');
      expect((await fetch(`http://127.0.0.1:${failing.port}/`)).status).toBe(200);
    } finally {
      await failing.close();
    }
  });
});

describe('browser host downloads', () => {
  const ticketFor = () => {
    const file = path.join(renderer.dir, '康复救助申报.csv');
    fs.writeFileSync(file, 'a,b\r\n1,2\r\n');
    return files.link(files.register(file).fileId)!.url;
  };

  it('answers HEAD without a body and without using up the one-time ticket', async () => {
    const url = ticketFor();
    const head = await fetch(`${base()}${url}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10');
    expect(await head.text()).toBe('');
    const get = await fetch(`${base()}${url}`);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('a,b\r\n1,2\r\n');
    expect((await fetch(`${base()}${url}`)).status).toBe(404);
  });

  it('answers a download it cannot read with a logged 500 and keeps serving', async () => {
    const url = ticketFor();
    const spy = vi.spyOn(fs, 'createReadStream');
    spy.mockImplementationOnce(() => {
      throw new Error('disk gone');
    });
    try {
      expect((await fetch(`${base()}${url}`)).status).toBe(500);
      expect(logged).toContain('GET request failed');
    } finally {
      spy.mockRestore();
    }
    await stillServes();
  });
});
