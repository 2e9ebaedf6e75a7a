// A workstation's switch between its own file and a centre: the pin file is written whole or not at
// all and a bad one is a reason, not a crash; after pairing every call goes to the centre, and only
// to the certificate the user compared; who may pair and disconnect.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreSwitch, connectConfigFile, readConnectConfig, writeConnectConfig, type CentreSwitch } from '../../../host/centre-connect';
import { startCentre, type RunningCentre } from '../../../host/centre-server';
import { inProcess } from '../../../host/service-thread';
import { createService } from '../../../db/service';
import { createClock } from '../../../db/clock';
import { DOWNLOAD_PREFIX } from '../../../db/files';
import { HUNAN } from '../claims/standards';
import { ADMIN_PASSWORD, TODAY, testService, tempDir, type TestService } from '../../support/service';
import { freePort } from '../../support/ports';

const FINGERPRINT = 'AB'.repeat(32);
const tmp = tempDir();

afterAll(() => tmp.cleanup());

describe('the pin file', () => {
  it('is written readable by this user only, and read back as written', () => {
    const file = path.join(tmp.dir, 'a.sqlite.centre-connect.json');
    writeConnectConfig(file, { url: 'https://192.168.1.20:8443/', fingerprint: FINGERPRINT });
    expect(readConnectConfig(file)).toEqual({ config: { url: 'https://192.168.1.20:8443/', fingerprint: FINGERPRINT }, problem: null });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('replaces the old pin in one step and leaves no temp file behind', () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'swap-'));
    const file = path.join(dir, 'data.sqlite.centre-connect.json');
    writeConnectConfig(file, { url: 'https://a:1/', fingerprint: FINGERPRINT });
    writeConnectConfig(file, { url: 'https://b:2/', fingerprint: 'CD'.repeat(32) });
    expect(readConnectConfig(file).config).toEqual({ url: 'https://b:2/', fingerprint: 'CD'.repeat(32) });
    expect(fs.readdirSync(dir)).toEqual(['data.sqlite.centre-connect.json']);
  });

  it('keeps the old pin when the new one cannot be written', () => {
    const dir = fs.mkdtempSync(path.join(tmp.dir, 'fail-'));
    const file = path.join(dir, 'data.sqlite.centre-connect.json');
    writeConnectConfig(file, { url: 'https://a:1/', fingerprint: FINGERPRINT });
    // A folder where the file should go: the rename fails after the temp file was written.
    const blocked = path.join(dir, 'blocked.json');
    fs.mkdirSync(blocked);
    fs.writeFileSync(path.join(blocked, 'x'), '');
    expect(() => writeConnectConfig(blocked, { url: 'https://b:2/', fingerprint: FINGERPRINT })).toThrow();
    expect(readConnectConfig(file).config?.url).toBe('https://a:1/');
    expect(fs.readdirSync(dir).sort()).toEqual(['blocked.json', 'data.sqlite.centre-connect.json']);
  });

  it('is absent without a problem when the PC never paired', () => {
    expect(readConnectConfig(path.join(tmp.dir, 'none.json'))).toEqual({ config: null, problem: null });
  });

  it.each([
    ['not JSON', '{"url": "https://a:1/", ', /not JSON/],
    ['not an object', '"https://a:1/"', /wants \{"url", "fingerprint"\}/],
    ['no fingerprint', '{"url": "https://a:1/"}', /wants \{"url", "fingerprint"\}/],
    ['a plain-HTTP address', `{"url": "http://a:1/", "fingerprint": "${FINGERPRINT}"}`, /CONNECT_ADDRESS_HTTPS/],
    ['a short fingerprint', '{"url": "https://a:1/", "fingerprint": "AB:CD"}', /not SHA-256/],
    ['null', 'null', /wants/],
  ])('names what is wrong with a file holding %s', (_what, text, problem) => {
    const file = path.join(tmp.dir, 'bad.json');
    fs.writeFileSync(file, text);
    const read = readConnectConfig(file);
    expect(read.config).toBeNull();
    expect(read.problem).toMatch(problem);
    expect(read.problem).toContain(file);
  });

  it('lives beside the data file', () => {
    expect(connectConfigFile('/data/centre.sqlite')).toBe('/data/centre.sqlite.centre-connect.json');
  });
});

describe('switching a workstation between its own file and a centre', () => {
  let centreFile: TestService;
  let localFile: TestService;
  let centre: RunningCentre;
  let renderer: ReturnType<typeof tempDir>;
  let centreUrl: string;

  beforeAll(async () => {
    centreFile = testService();
    localFile = testService();
    renderer = tempDir();
    fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>x</title>');
    centre = await startCentre({ service: inProcess(centreFile.service), rendererDir: renderer.dir, dataFile: centreFile.file, address: '127.0.0.1', port: await freePort(), log: () => undefined });
    centreUrl = `https://127.0.0.1:${new URL(centre.url).port}/`;
    centreFile.signInAs('therapist', 'centre-marker');
  });
  afterAll(async () => {
    await centre.close();
    centreFile.close();
    localFile.close();
    renderer.cleanup();
  });

  /** Which file answers the switch's calls (a remote caller is not told the centre's file path): only the centre's has "centre-marker". */
  const answering = async (sw: CentreSwitch) => {
    const result = await sw.client.invoke('auth.signIn', { username: 'centre-marker', password: ADMIN_PASSWORD });
    return result.ok ? 'centre' : 'local';
  };
  const signIn = async (sw: CentreSwitch, username: string) => {
    const result = await sw.client.invoke('auth.signIn', { username, password: ADMIN_PASSWORD });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return (result.value as { sessionId: string }).sessionId;
  };

  it('answers with field codes for an address that is not one', async () => {
    const sw = centreSwitch({ local: inProcess(localFile.service), configFile: null });
    expect(await sw.client.invoke('connect.probe', { address: 'http://127.0.0.1:1' })).toEqual({ ok: false, error: { code: 'CONNECT_ADDRESS_HTTPS', field: 'address' } });
    expect(await sw.client.invoke('connect.probe', { address: '127.0.0.1' })).toEqual({ ok: false, error: { code: 'CONNECT_ADDRESS_PORT', field: 'address' } });
    const closed = await sw.client.invoke('connect.probe', { address: `127.0.0.1:${await freePort()}` });
    expect(closed).toMatchObject({ ok: false, error: { code: 'CONNECT_UNREACHABLE', field: 'address' } });
  });

  it('shows the pairing code of the certificate the centre presents, and pins it when an administrator confirms', async () => {
    const configFile = path.join(tmp.dir, 'admin-pairs.json');
    const sw = centreSwitch({ local: inProcess(localFile.service), configFile });
    expect(await answering(sw)).toBe('local');
    expect(await sw.client.invoke('connect.status', {})).toEqual({ ok: true, value: { available: true, connected: false, url: null, pairingCode: null, fixed: false } });

    const probe = await sw.client.invoke('connect.probe', { address: `127.0.0.1:${new URL(centre.url).port}` });
    expect(probe).toEqual({ ok: true, value: { url: centreUrl, fingerprint: centre.fingerprint.replace(/:/g, ''), pairingCode: centre.pairingCode } });

    // A therapist of this PC's file may not move it to another file.
    const therapist = localFile.signInAs('therapist', 'local-therapist');
    const refused = await sw.client.invoke('connect.pair', { address: centreUrl, fingerprint: centre.fingerprint }, therapist);
    expect(refused).toEqual({ ok: false, error: { code: 'AUTH_FORBIDDEN', params: { permission: 'security.manage' } } });
    expect(fs.existsSync(configFile)).toBe(false);

    const paired = await sw.client.invoke('connect.pair', { address: centreUrl, fingerprint: centre.fingerprint }, localFile.session);
    expect(paired).toEqual({ ok: true, value: { available: true, connected: true, url: centreUrl, pairingCode: centre.pairingCode, fixed: false } });
    expect(readConnectConfig(configFile).config).toEqual({ url: centreUrl, fingerprint: centre.fingerprint.replace(/:/g, '') });

    // From now on the calls go to the centre: its accounts, its file.
    const session = await signIn(sw, 'admin');
    expect(await answering(sw)).toBe('centre');
    // Backups of the centre's file stay on the server PC.
    expect(await sw.client.invoke('backup.now', {}, session)).toMatchObject({ ok: false, error: { code: 'CENTRE_SERVER_ONLY' } });
  });

  it('downloads an export made through the switch from the centre it is paired with, once', async () => {
    const sw = centreSwitch({ local: inProcess(localFile.service), configFile: null, initial: { url: centreUrl, fingerprint: centre.fingerprint } });
    const session = await signIn(sw, 'admin');
    centreFile.ok('claims.standard.save', { effectiveFrom: '2026-01-01', rule: HUNAN });
    const out = await sw.client.invoke('claims.ruleFile.export', { programme: 'rehab', effectiveFrom: '2026-01-01', office: '某县残联', version: 1 }, session);
    if (!out.ok) throw new Error(JSON.stringify(out.error));
    const link = await sw.client.invoke('files.link', { fileId: (out.value as { fileId: string }).fileId }, session);
    if (!link.ok) throw new Error(JSON.stringify(link.error));
    const ticket = (link.value as { url: string }).url.slice(DOWNLOAD_PREFIX.length);
    const got = await sw.client.streamDownload!(ticket);
    const chunks: Buffer[] = [];
    for await (const chunk of got!.body!) chunks.push(chunk as Buffer);
    expect(got!.size).toBeGreaterThan(100);
    expect(Buffer.concat(chunks).length).toBe(got!.size);
    // The centre's rule file, as written there for this office.
    expect(Buffer.concat(chunks).toString('utf8')).toContain('某县残联');
    // The ticket was the centre's and is used up there.
    expect(await sw.client.streamDownload!(ticket)).toBeNull();
  });

  it('lets a PC with no accounts yet (first start) pair without signing in', async () => {
    const blank = path.join(tmp.dir, 'blank.sqlite');
    const service = createService({ dataFile: blank, host: 'browser', appVersion: 'test', clock: createClock(TODAY), log: () => undefined });
    try {
      const sw = centreSwitch({ local: inProcess(service), configFile: connectConfigFile(blank) });
      const paired = await sw.client.invoke('connect.pair', { address: centreUrl, fingerprint: centre.fingerprint });
      expect(paired).toMatchObject({ ok: true, value: { connected: true } });
      expect(await answering(sw)).toBe('centre');
    } finally {
      service.close();
    }
  });

  it('never pins a certificate other than the one the user compared', async () => {
    const configFile = path.join(tmp.dir, 'moved.json');
    const sw = centreSwitch({ local: inProcess(localFile.service), configFile });
    const answer = await sw.client.invoke('connect.pair', { address: centreUrl, fingerprint: FINGERPRINT }, localFile.session);
    expect(answer).toEqual({ ok: false, error: { code: 'CONNECT_CERT_MOVED', params: { compared: 'ABAB-ABAB-ABAB-ABAB', now: centre.pairingCode } } });
    expect(fs.existsSync(configFile)).toBe(false);
    expect(await answering(sw)).toBe('local');
  });

  it('refuses every call when the centre presents another certificate than the pinned one, and then anyone may disconnect', async () => {
    const configFile = path.join(tmp.dir, 'changed.json');
    writeConnectConfig(configFile, { url: centreUrl, fingerprint: FINGERPRINT });
    const sw = centreSwitch({ local: inProcess(localFile.service), configFile, initial: readConnectConfig(configFile).config });
    const signInAnswer = await sw.client.invoke('auth.signIn', { username: 'admin', password: ADMIN_PASSWORD });
    expect(signInAnswer).toEqual({ ok: false, error: { code: 'CENTRE_CERT_CHANGED', params: { expected: 'ABAB-ABAB-ABAB-ABAB', actual: centre.pairingCode } } });
    // The warning is the way out: no account can sign in, so the PC may go back to its own file.
    expect(await sw.client.invoke('connect.disconnect', {})).toEqual({ ok: true, value: { available: true, connected: false, url: null, pairingCode: null, fixed: false } });
    expect(fs.existsSync(configFile)).toBe(false);
    expect(await answering(sw)).toBe('local');
  });

  it('lets anyone at the PC disconnect when the centre does not answer', async () => {
    const configFile = path.join(tmp.dir, 'gone.json');
    const config = { url: `https://127.0.0.1:${await freePort()}/`, fingerprint: centre.fingerprint };
    writeConnectConfig(configFile, config);
    const sw = centreSwitch({ local: inProcess(localFile.service), configFile, initial: config });
    expect(await sw.client.invoke('app.info', {})).toEqual({ ok: false, error: { code: 'HOST_UNREACHABLE' } });
    expect(await sw.client.invoke('connect.disconnect', {})).toMatchObject({ ok: true, value: { connected: false } });
    expect(fs.existsSync(configFile)).toBe(false);
  });

  it('lets only the centre administrator disconnect a PC that works on a reachable centre', async () => {
    const configFile = path.join(tmp.dir, 'working.json');
    const config = { url: centreUrl, fingerprint: centre.fingerprint };
    writeConnectConfig(configFile, config);
    const sw = centreSwitch({ local: inProcess(localFile.service), configFile, initial: config });
    centreFile.signInAs('therapist', 'centre-therapist');
    const therapist = await signIn(sw, 'centre-therapist');
    expect(await sw.client.invoke('connect.disconnect', {}, therapist)).toEqual({ ok: false, error: { code: 'AUTH_FORBIDDEN', params: { permission: 'security.manage' } } });
    expect(await sw.client.invoke('connect.disconnect', {})).toEqual({ ok: false, error: { code: 'AUTH_FORBIDDEN', params: { permission: 'security.manage' } } });
    expect(fs.existsSync(configFile)).toBe(true);
    const admin = await signIn(sw, 'admin');
    expect(await sw.client.invoke('connect.disconnect', {}, admin)).toMatchObject({ ok: true, value: { connected: false } });
    expect(fs.existsSync(configFile)).toBe(false);
  });

  it('cannot disconnect a PC started with --connect (it has no file of its own)', async () => {
    const sw = centreSwitch({ local: null, configFile: null, initial: { url: centreUrl, fingerprint: FINGERPRINT } });
    expect(await sw.client.invoke('connect.disconnect', {})).toEqual({ ok: false, error: { code: 'CONNECT_FIXED' } });
    expect(sw.status()).toMatchObject({ connected: true, fixed: true, pairingCode: 'ABAB-ABAB-ABAB-ABAB' });
  });
});
