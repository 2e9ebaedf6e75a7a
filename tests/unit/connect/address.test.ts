// What a user may type as the centre's address on the connect screen: https://HOST:PORT or
// HOST:PORT, nothing that could be a web page, a plain-HTTP address or an address without a port.
import { describe, expect, it } from 'vitest';
import { parseCentreAddress } from '../../../db/connect/rules';

describe('the centre address typed on the connect screen', () => {
  it.each([
    ['https://192.168.1.20:8443', 'https://192.168.1.20:8443/'],
    ['192.168.1.20:8443', 'https://192.168.1.20:8443/'],
    ['  192.168.1.20:8443  ', 'https://192.168.1.20:8443/'],
    ['HTTPS://Centre-PC.local:8443/', 'https://centre-pc.local:8443/'],
    ['[fe80::1]:8443', 'https://[fe80::1]:8443/'],
    ['10.0.0.1:1', 'https://10.0.0.1:1/'],
    ['10.0.0.1:65535', 'https://10.0.0.1:65535/'],
    ['centre:08443', 'https://centre:8443/'],
  ])('takes %j as %s', (typed, url) => {
    expect(parseCentreAddress(typed)).toEqual({ ok: true, url });
  });

  it.each([
    ['', 'CONNECT_ADDRESS_REQUIRED'],
    ['   ', 'CONNECT_ADDRESS_REQUIRED'],
    ['http://192.168.1.20:8443', 'CONNECT_ADDRESS_HTTPS'],
    ['192.168.1.20', 'CONNECT_ADDRESS_PORT'],
    ['192.168.1.20:', 'CONNECT_ADDRESS_PORT'],
    ['192.168.1.20:0', 'CONNECT_ADDRESS_PORT'],
    ['192.168.1.20:65536', 'CONNECT_ADDRESS_PORT'],
    ['192.168.1.20:123456', 'CONNECT_ADDRESS_PORT'],
    ['https://192.168.1.20:8443/centre', 'CONNECT_ADDRESS_FORMAT'],
    ['https://admin@192.168.1.20:8443', 'CONNECT_ADDRESS_FORMAT'],
    ['ftp://192.168.1.20:8443', 'CONNECT_ADDRESS_FORMAT'],
    ['my pc:8443', 'CONNECT_ADDRESS_FORMAT'],
    ['192.168.1.256:8443', 'CONNECT_ADDRESS_FORMAT'],
    ['192.168.1:8443', 'CONNECT_ADDRESS_FORMAT'],
    ['0.0.0.0:8443', 'CONNECT_ADDRESS_FORMAT'],
    ['-centre:8443', 'CONNECT_ADDRESS_FORMAT'],
    ['中心:8443', 'CONNECT_ADDRESS_FORMAT'],
  ])('refuses %j with %s', (typed, code) => {
    expect(parseCentreAddress(typed)).toEqual({ ok: false, code });
  });
});
