// The administrator's switch for centre server mode: only an administrator may turn it on or off,
// each turn is in the audit trail, a port already in use is refused in words, and off means off.
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreControl, type CentreControl } from '../../../host/centre-control';
import { startCentre } from '../../../host/centre-server';
import { parseListen } from '../../../host/centre-rules';
import { inProcess } from '../../../host/service-thread';
import { testService, tempDir, type TestService } from '../../support/service';
import { freePort } from '../../support/ports';

let t: TestService;
let control: CentreControl;
let renderer: ReturnType<typeof tempDir>;

beforeAll(() => {
  t = testService();
  renderer = tempDir();
  fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>x</title>');
  const service = inProcess(t.service);
  control = centreControl(service, (listen) => startCentre({ service, rendererDir: renderer.dir, dataFile: t.file, ...parseListen(listen) }));
});
afterAll(async () => {
  await control.stop();
  t.close();
  renderer.cleanup();
});

const served = (port: number, cert: string) =>
  new Promise<number | string>((resolve) => {
    https
      .get({ host: '127.0.0.1', servername: 'localhost', port, path: '/', ca: cert, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
      .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });

describe('turning centre server mode on and off', () => {
  it('lets only an administrator turn it on', async () => {
    const therapist = t.signInAs('therapist');
    const answer = await control.client.invoke('centre.start', { listen: '127.0.0.1:8443' }, therapist);
    expect(answer).toEqual({ ok: false, error: { code: 'AUTH_FORBIDDEN', params: { permission: 'security.manage' } } });
    expect(control.status().on).toBe(false);
  });

  it('turns on at the address given, answers with the pairing code, and records it in the audit trail', async () => {
    const port = await freePort();
    const answer = await control.client.invoke('centre.start', { listen: `127.0.0.1:${port}` }, t.session);
    expect(answer.ok).toBe(true);
    const on = (answer as { value: { on: boolean; url: string; pairingCode: string; certificate: string } }).value;
    expect(on).toMatchObject({ available: true, on: true, listen: `127.0.0.1:${port}`, url: `https://127.0.0.1:${port}/` });
    expect(on.pairingCode).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(await served(port, on.certificate)).toBe(200);
    const trail = t.ok('audit.list', {});
    expect(JSON.stringify(trail)).toContain('centre.start');

    const off = await control.client.invoke('centre.stop', {}, t.session);
    expect(off).toMatchObject({ ok: true, value: { on: false, url: null } });
    expect(await served(port, on.certificate)).toBe('ECONNREFUSED');
  });

  it('refuses an address in the wrong form, and a port already in use, naming the field', async () => {
    expect(await control.client.invoke('centre.start', { listen: 'my pc' }, t.session)).toEqual({ ok: false, error: { code: 'CENTRE_LISTEN_FORMAT', field: 'listen' } });
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (busy.address() as net.AddressInfo).port;
      const answer = await control.client.invoke('centre.start', { listen: `127.0.0.1:${port}` }, t.session);
      expect(answer).toEqual({ ok: false, error: { code: 'CENTRE_LISTEN_FAILED', field: 'listen', params: { reason: 'EADDRINUSE' } } });
      expect(control.status().on).toBe(false);
    } finally {
      busy.close();
    }
  });
});
