// Centre server mode's pure decisions: the pairing code people compare by eye, which calls run only
// on the server PC, how a pinned fingerprint is compared, and the sliding-window rate limit.

/** The centre server's session cookie (HttpOnly, Secure, SameSite=Strict). */
export const CENTRE_COOKIE = 'rehabdesk_centre';
/** What the sign-in answer carries instead of the session id: the id lives only in the cookie. */
export const COOKIE_SESSION = 'cookie';

/** A fingerprint as hex without separators, upper case ("AB:cd:01" → "ABCD01"). */
export function normalFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

/**
 * The pairing code shown on the server and typed/compared on a client: the first 8 bytes of the
 * certificate's SHA-256 fingerprint as 4 groups of 4 hex digits ("1A2B-3C4D-5E6F-7081").
 * 64 bits: enough that nobody can make a certificate with the same code by trying.
 */
export function pairingCode(fingerprint256: string): string {
  const hex = normalFingerprint(fingerprint256);
  if (hex.length !== 64) throw new Error('a SHA-256 fingerprint has 32 bytes');
  return hex.slice(0, 16).match(/.{4}/g)!.join('-');
}

/** Whether a certificate's fingerprint is the pinned one (a whole fingerprint, or the pairing code). */
export function matchesPin(fingerprint256: string, pin: string): boolean {
  const given = normalFingerprint(pin);
  const actual = normalFingerprint(fingerprint256);
  if (given.length === 64) return given === actual;
  if (given.length === 16) return actual.startsWith(given);
  return false;
}

/**
 * Calls that only the server PC may make: they copy, replace or re-key the data file, or write
 * returns packages to its disk. Over the network they are refused with CENTRE_SERVER_ONLY.
 */
const SERVER_ONLY = new Set([
  'app.unlock',
  'backup.now',
  'backup.list',
  'backup.preview',
  'backup.restore',
  'backup.settings',
  'security.setPassphrase',
  'returns.export',
  'returns.import',
  'returns.consolidated.export',
  'returns.officeKey.save',
  // Turning the centre server on or off, and reading its state, is done at the server PC.
  'centre.status',
  'centre.start',
  'centre.stop',
]);

export function serverOnly(name: unknown): boolean {
  return typeof name === 'string' && SERVER_ONLY.has(name);
}

/** A sliding-window counter: at most `max` events per key within `windowMs`. */
export function createRateLimit(max: number, windowMs: number, now: () => number = Date.now) {
  const seen = new Map<string, number[]>();
  return {
    /** Counts one event for `key`; false when the key is over its limit (the event is not counted). */
    take(key: string): boolean {
      const since = now() - windowMs;
      const times = (seen.get(key) ?? []).filter((t) => t > since);
      if (times.length >= max) {
        seen.set(key, times);
        return false;
      }
      times.push(now());
      seen.set(key, times);
      if (seen.size > 10_000) for (const [k, v] of seen) if (v.every((t) => t <= since)) seen.delete(k);
      return true;
    },
  };
}

/** `0.0.0.0:8443`, `[::]:8443` or `8443` (all addresses). */
export function parseListen(value: string): { address: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value) ?? /^()()(\d+)$/.exec(value);
  const port = Number(m?.[3]);
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--centre-server wants ADDRESS:PORT, got ${value}`);
  return { address: m[1] || m[2] || '0.0.0.0', port };
}

/** The header a centre client names its PC in (percent-encoded UTF-8: header values are bytes). */
export const WORKSTATION_HEADER = 'x-rehabdesk-workstation';
const WORKSTATION_NAME_MAX = 40;

/**
 * The workstation a network call is recorded with: the client's address, and the name its header
 * gave, made printable and at most 40 characters ("192.168.1.21（前台电脑）"). The name is what the
 * client says about itself: informative, never trusted for anything.
 */
export function workstationOf(remoteAddress: string | undefined, header: string | string[] | undefined): string {
  const address = (remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '') || 'unknown';
  const raw = typeof header === 'string' ? header : '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const name = Array.from(decoded.replace(/[\p{C}\p{Zl}\p{Zp}]/gu, '').replace(/\s+/g, ' ').trim())
    .slice(0, WORKSTATION_NAME_MAX)
    .join('')
    .trim();
  return name ? `${address}（${name}）` : address;
}
