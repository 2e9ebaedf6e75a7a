// Connecting a PC to a centre: what the user may type as the centre's address. Pure, shared by the
// connect screen (field messages as the user types) and the call's schema (the real check).

export type AddressProblem = 'CONNECT_ADDRESS_REQUIRED' | 'CONNECT_ADDRESS_HTTPS' | 'CONNECT_ADDRESS_FORMAT' | 'CONNECT_ADDRESS_PORT';

/**
 * `https://HOST:PORT`, `HOST:PORT` or `[IPv6]:PORT` (a trailing `/` is fine) → `https://HOST:PORT/`.
 * A centre is reached over HTTPS only, always on an explicit port (the server screen shows it);
 * a path, a user name or another scheme means the address was copied from somewhere else.
 */
export function parseCentreAddress(text: string): { ok: true; url: string } | { ok: false; code: AddressProblem } {
  const value = text.trim();
  if (value === '') return { ok: false, code: 'CONNECT_ADDRESS_REQUIRED' };
  if (/^http:\/\//i.test(value)) return { ok: false, code: 'CONNECT_ADDRESS_HTTPS' };
  const rest = value.replace(/^https:\/\//i, '').replace(/\/$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest) || /[/@?#\s]/.test(rest)) return { ok: false, code: 'CONNECT_ADDRESS_FORMAT' };
  const m = /^(\[[0-9a-fA-F:.]+\]|[0-9A-Za-z](?:[0-9A-Za-z.-]*[0-9A-Za-z])?)(?::(\d*))?$/.exec(rest);
  if (!m) return { ok: false, code: 'CONNECT_ADDRESS_FORMAT' };
  const host = m[1]!;
  if (/^[\d.]+$/.test(host) && !isIPv4(host)) return { ok: false, code: 'CONNECT_ADDRESS_FORMAT' };
  if (host === '0.0.0.0' || host === '[::]') return { ok: false, code: 'CONNECT_ADDRESS_FORMAT' };
  const port = m[2];
  if (port === undefined || port === '' || port.length > 5 || Number(port) < 1 || Number(port) > 65535) return { ok: false, code: 'CONNECT_ADDRESS_PORT' };
  return { ok: true, url: `https://${host.toLowerCase()}:${Number(port)}/` };
}

function isIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
