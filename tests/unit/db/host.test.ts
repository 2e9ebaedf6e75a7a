import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../db/host';
import { testService, tempDir, type TestService } from '../../support/service';

let t: TestService;
let host: RunningHost;
let renderer: ReturnType<typeof tempDir>;

beforeAll(async () => {
  t = testService();
  renderer = tempDir();
  fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>x</title>');
  host = await startHost({ service: t.service, rendererDir: renderer.dir });
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
    expect(response.status).toBe(404);
  });
});
