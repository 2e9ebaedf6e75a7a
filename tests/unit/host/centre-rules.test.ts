// The pairing code, pin comparison, server-only calls and the rate limit at their boundaries.
import { describe, expect, it } from 'vitest';
import { createRateLimit, matchesPin, pairingCode, parseListen, serverOnly, workstationOf } from '../../../host/centre-rules';
import { dispositionName } from '../../../host/downloads';

const FP = '1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:10:21:32:43:54:65:76:87:98:A9:BA:CB:DC:ED:FE:0F';

describe('pairing code', () => {
  it.each([
    [FP, '1A2B-3C4D-5E6F-7081'],
    [FP.toLowerCase(), '1A2B-3C4D-5E6F-7081'],
    [FP.replace(/:/g, ''), '1A2B-3C4D-5E6F-7081'],
    ['00'.repeat(32), '0000-0000-0000-0000'],
  ])('%s → %s (first 8 bytes, 4 groups of 4 hex digits)', (fp, code) => {
    expect(pairingCode(fp)).toBe(code);
  });

  it.each(['', 'AB:CD', '1A'.repeat(31), '1A'.repeat(33)])('refuses %j, which is not a SHA-256 fingerprint', (fp) => {
    expect(() => pairingCode(fp)).toThrow();
  });
});

describe('pin', () => {
  it.each([
    [FP, true],
    [FP.toLowerCase().replace(/:/g, ''), true],
    ['1A2B-3C4D-5E6F-7081', true],
    ['1a2b 3c4d 5e6f 7081', true],
    ['1A2B-3C4D-5E6F-7082', false],
    ['1A2B-3C4D-5E6F', false],
    [FP.slice(0, -1) + 'E', false],
    ['', false],
  ])('%s matches: %s', (pin, expected) => {
    expect(matchesPin(FP, pin)).toBe(expected);
  });
});

describe('server-only calls', () => {
  it.each(['backup.now', 'backup.restore', 'backup.list', 'security.setPassphrase', 'app.unlock', 'returns.export', 'returns.consolidated.export', 'returns.import', 'returns.officeKey.save', 'centre.start', 'centre.stop', 'centre.status'])(
    '%s runs only on the server PC',
    (name) => expect(serverOnly(name)).toBe(true),
  );
  it.each(['people.search', 'people.update', 'auth.signIn', 'returns.exports.list', 'security.settings', 42, undefined])('%s may be called over the network', (name) => {
    expect(serverOnly(name)).toBe(false);
  });
});

describe('rate limit', () => {
  it('allows max events per window per key, then refuses until the oldest leaves the window', () => {
    let now = 1_000_000;
    const limit = createRateLimit(3, 60_000, () => now);
    expect([limit.take('a'), limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([true, true, true, false]);
    expect(limit.take('b')).toBe(true);
    now += 59_999;
    expect(limit.take('a')).toBe(false);
    now += 1;
    // The first three have left the window: three more, then refused again.
    expect([limit.take('a'), limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([true, true, true, false]);
  });
});

describe('--centre-server address', () => {
  it.each([
    ['0.0.0.0:8443', { address: '0.0.0.0', port: 8443 }],
    ['192.168.1.20:443', { address: '192.168.1.20', port: 443 }],
    ['[::]:8443', { address: '::', port: 8443 }],
    ['8443', { address: '0.0.0.0', port: 8443 }],
  ])('%s → %o', (value, expected) => expect(parseListen(value)).toEqual(expected));
  it.each(['', '0.0.0.0', '0.0.0.0:0', '0.0.0.0:65536', 'host:port', ':8443'])('refuses %j', (value) => {
    expect(() => parseListen(value)).toThrow();
  });
});

describe('the workstation a network call is recorded with', () => {
  const enc = encodeURIComponent;
  it.each([
    ['192.168.1.21', enc('前台电脑'), '192.168.1.21（前台电脑）'],
    ['::ffff:192.168.1.21', enc('前台电脑'), '192.168.1.21（前台电脑）'],
    ['fe80::1', 'PC-07', 'fe80::1（PC-07）'],
    ['192.168.1.21', undefined, '192.168.1.21'],
    ['192.168.1.21', '', '192.168.1.21'],
    ['192.168.1.21', ['a', 'b'], '192.168.1.21'],
    ['192.168.1.21', enc(' \t\r\n '), '192.168.1.21'],
    [undefined, 'PC', 'unknown（PC）'],
    // A name that is not percent-encoding is taken as it came.
    ['10.0.0.5', '100%PC', '10.0.0.5（100%PC）'],
    ['10.0.0.5', enc('康复\u0000室\u202e 2'), '10.0.0.5（康复室 2）'],
    ['10.0.0.5', enc('a   b'), '10.0.0.5（a b）'],
    // 40 characters, counted as characters (not UTF-16 units): 39 + one astral character is 40.
    ['10.0.0.5', enc(`${'室'.repeat(39)}😀`), `10.0.0.5（${'室'.repeat(39)}😀）`],
    ['10.0.0.5', enc('室'.repeat(41)), `10.0.0.5（${'室'.repeat(40)}）`],
  ])('%s with %j → %s', (address, header, expected) => expect(workstationOf(address, header as string | undefined)).toBe(expected));

  it('stays within the audit column (at most 100 characters) for the longest address', () => {
    expect(workstationOf('ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', encodeURIComponent('名'.repeat(200))).length).toBeLessThanOrEqual(100);
  });
});

describe("a download's file name from its Content-Disposition", () => {
  it.each([
    [`attachment; filename="_____.csv"; filename*=UTF-8''${encodeURIComponent('康复申报.csv')}`, '康复申报.csv'],
    ['attachment; filename="rules.json"', 'rules.json'],
    [`attachment; filename*=UTF-8''${encodeURIComponent('../../x.csv')}`, 'x.csv'],
    ['attachment; filename="..\\..\\evil.bat"', 'evil.bat'],
    ["attachment; filename*=UTF-8''%E0%A4%A", null],
    ['attachment; filename=".."', null],
    ['attachment', null],
    [undefined, null],
  ])('%j → %j', (header, expected) => expect(dispositionName(header)).toBe(expected));
});
