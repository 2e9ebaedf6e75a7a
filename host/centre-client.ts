// A RehabDesk that works on a centre's file: the local browser host forwards the renderer's calls to
// the centre server over TLS, trusting exactly the certificate whose fingerprint the user pinned
// after comparing the pairing code. A different certificate is refused before anything (a password,
// a session cookie) is sent, with CENTRE_CERT_CHANGED naming both pairing codes. Every request names
// this PC (X-RehabDesk-Workstation) for the centre's audit trail. Exports stay on the server PC;
// their downloads are fetched from it over the same pinned connection and streamed through.
import crypto from 'node:crypto';
import https from 'node:https';
import os from 'node:os';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Result } from '../db/errors';
import type { DownloadStream, ServiceClient } from './service-thread';
import { API_PATH } from './http';
import { DOWNLOAD_PREFIX } from '../db/files';
import { dispositionName } from './downloads';
import { CENTRE_COOKIE, COOKIE_SESSION, matchesPin, normalFingerprint, pairingCode, WORKSTATION_HEADER } from './centre-rules';

export interface CentreClientOptions {
  /** The centre's address, e.g. https://192.168.1.20:8443 */
  url: string;
  /** The pinned SHA-256 fingerprint (or its pairing code). */
  pin: string;
  timeoutMs?: number;
  /** This PC's name as the centre's audit trail shows it (default: the computer's host name). */
  workstation?: string;
}

/** Download tickets this client remembers the session of (they live a minute on the server). */
const TICKETS_KEPT = 200;

class CertificateChanged extends Error {
  constructor(readonly actual: string) {
    super('CENTRE_CERT_CHANGED');
  }
}

/** The pairing code of the certificate a centre presents now (what the connect screen shows to compare). */
export function fetchPairingCode(url: string, timeoutMs = 10_000): Promise<{ fingerprint: string; pairingCode: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: target.hostname, port: Number(target.port || 443), servername: tlsName(target.hostname), rejectUnauthorized: false, timeout: timeoutMs });
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve({ fingerprint, pairingCode: pairingCode(fingerprint) });
    });
    socket.once('timeout', () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
  });
}

/** SNI takes host names only, never an IP address. */
function tlsName(host: string): string | undefined {
  return /^[\d.]+$|:/.test(host) ? undefined : host;
}

export function connectCentre(options: CentreClientOptions): ServiceClient {
  const target = new URL(options.url);
  if (target.protocol !== 'https:') throw new Error('a centre is reached over https only');
  if (normalFingerprint(options.pin).length !== 64 && normalFingerprint(options.pin).length !== 16) throw new Error('the pin is a SHA-256 fingerprint or a pairing code');
  const timeoutMs = options.timeoutMs ?? 15_000;
  /** Local session ids (what the renderer holds) → the centre's session cookie (kept here, never in the page). */
  const cookies = new Map<string, string>();
  /** Download tickets handed to a session → that session's cookie, sent with the download. */
  const ticketCookies = new Map<string, string>();
  // Percent-encoded: a header carries bytes, a PC's name may be Chinese.
  const workstation = encodeURIComponent(options.workstation ?? os.hostname()).slice(0, 400);

  // The TLS connection is made and its certificate compared with the pin before the request is
  // written (no agent: with createConnection and no agent, Node waits for the callback).
  const createConnection = (_opts: unknown, done: (error: Error | null, socket?: Duplex) => void) => {
    const socket = tls.connect({ host: target.hostname, port: Number(target.port || 443), servername: tlsName(target.hostname), rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      if (!fingerprint || !matchesPin(fingerprint, options.pin)) {
        socket.destroy();
        return done(new CertificateChanged(fingerprint ?? ''));
      }
      done(null, socket);
    });
    socket.once('error', (error) => done(error));
    return undefined;
  };

  const post = (body: string, cookie: string | undefined) =>
    new Promise<{ status: number; setCookie: string[]; text: string }>((resolve, reject) => {
      const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Host: target.host, [WORKSTATION_HEADER]: workstation };
      if (cookie) headers.Cookie = `${CENTRE_COOKIE}=${cookie}`;
      const req = https.request(
        { method: 'POST', path: API_PATH, headers, createConnection: createConnection as never, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', reject);
      req.end(body);
    });

  /**
   * The server's download behind a ticket, over the pinned connection (a changed certificate gets
   * nothing), with the cookie of the session that asked for the link; null when the server has none.
   */
  const download = (ticket: string, keep: boolean) =>
    new Promise<DownloadStream | null>((resolve) => {
      if (!/^[A-Za-z0-9_-]{1,100}$/.test(ticket)) return resolve(null);
      const cookie = ticketCookies.get(ticket);
      if (!keep) ticketCookies.delete(ticket);
      const headers: Record<string, string> = { Host: target.host, [WORKSTATION_HEADER]: workstation };
      if (cookie) headers.Cookie = `${CENTRE_COOKIE}=${cookie}`;
      const req = https.request(
        { method: keep ? 'HEAD' : 'GET', path: `${DOWNLOAD_PREFIX}${ticket}`, headers, createConnection: createConnection as never, timeout: timeoutMs },
        (res) => {
          const name = dispositionName(res.headers['content-disposition']);
          const size = Number(res.headers['content-length']);
          if (res.statusCode !== 200 || !name || !Number.isSafeInteger(size) || size < 0) {
            res.resume();
            return resolve(null);
          }
          if (keep) res.resume();
          resolve({ name, size, body: keep ? null : res });
        },
      );
      // Idle for the timeout (nothing arrives): given up; a download that keeps arriving goes on.
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', () => resolve(null));
      req.end();
    });

  return {
    async invoke(name, input, session) {
      const cookie = session ? cookies.get(session) : undefined;
      let answer: Awaited<ReturnType<typeof post>>;
      try {
        answer = await post(JSON.stringify({ name, input }), cookie);
      } catch (error) {
        if (error instanceof CertificateChanged) {
          return { ok: false, error: { code: 'CENTRE_CERT_CHANGED', params: { expected: pinnedCode(options.pin), actual: error.actual ? pairingCode(error.actual) : '' } } };
        }
        return { ok: false, error: { code: 'HOST_UNREACHABLE' } };
      }
      let result: Result<unknown>;
      try {
        result = JSON.parse(answer.text) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'HOST_UNREACHABLE' } };
      }
      if (name === 'auth.signIn' && result.ok) {
        const value = result.value as { sessionId: string };
        const set = answer.setCookie.map((c) => new RegExp(`^${CENTRE_COOKIE}=([^;]+)`).exec(c)?.[1]).find(Boolean);
        if (value.sessionId !== COOKIE_SESSION || !set) return { ok: false, error: { code: 'HOST_UNREACHABLE' } };
        const local = crypto.randomBytes(24).toString('base64url');
        cookies.set(local, set);
        return { ok: true, value: { ...value, sessionId: local } };
      }
      if (session && (name === 'auth.signOut' || (!result.ok && result.error.code === 'AUTH_REQUIRED'))) cookies.delete(session);
      if (name === 'files.link' && result.ok && cookie) {
        const url = String((result.value as { url?: unknown }).url ?? '');
        if (url.startsWith(DOWNLOAD_PREFIX)) {
          ticketCookies.set(url.slice(DOWNLOAD_PREFIX.length), cookie);
          while (ticketCookies.size > TICKETS_KEPT) ticketCookies.delete(ticketCookies.keys().next().value!);
        }
      }
      return result;
    },
    // Files written by exports stay on the server PC: there is no file here, only its stream.
    redeemDownload: async () => null,
    streamDownload: (ticket, keep = false) => download(ticket, keep),
    autoBackup: async () => undefined,
    close: async () => undefined,
  };
}

function pinnedCode(pin: string): string {
  const hex = normalFingerprint(pin);
  return hex.length === 64 ? pairingCode(hex) : hex.match(/.{4}/g)!.join('-');
}
