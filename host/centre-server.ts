// Centre server mode: the browser host made safe for a network. One PC keeps the data file and
// serves the same renderer and contract to the centre's other PCs and tablets over HTTPS only,
// with a certificate made for the centre (kept beside the data file, reused on restart). Everyone
// signs in with their own account; the session travels in an HttpOnly, Secure, SameSite=Strict
// cookie, never in a URL, and the service checks it on every call (idle/expired sessions, revoked
// accounts and lockouts apply at once; turning the mode off signs every network session out).
// Requests are limited per client address and per account, bodies by size; calls that copy,
// replace or re-key the file run only on the server PC.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type http from 'node:http';
import os from 'node:os';
import { pipeline } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { DOWNLOAD_PREFIX } from '../db/files';
import { downloadHeaders, openDownload } from './downloads';
import { SECURITY_HEADERS, serveStatic } from './static';
import { API_PATH } from './http';
import type { ServiceClient } from './service-thread';
import { CENTRE_COOKIE, COOKIE_SESSION, createRateLimit, pairingCode, serverOnly, workstationOf, WORKSTATION_HEADER } from './centre-rules';

export { CENTRE_COOKIE, COOKIE_SESSION };

export const CERT_PATH = '/centre.crt';
export const GUIDE_PATH = '/centre';

export interface CentreLimits {
  /** Largest request body, bytes. */
  maxBody: number;
  /** Requests of any kind per client address per minute. */
  perAddress: number;
  /** Contract calls per signed-in account per minute. */
  perAccount: number;
  /** Sign-in attempts per client address, and per account name, per minute. */
  signInPerAddress: number;
  signInPerAccount: number;
}

const DEFAULT_LIMITS: CentreLimits = {
  maxBody: 1024 * 1024,
  perAddress: 1200,
  perAccount: 600,
  signInPerAddress: 20,
  signInPerAccount: 10,
};

export interface CentreCertificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, "AB:CD:…". */
  fingerprint: string;
  pairingCode: string;
}

export function certificateFiles(dataFile: string) {
  return { key: `${dataFile}.centre-key.pem`, cert: `${dataFile}.centre-cert.pem` };
}

/**
 * The centre's certificate: read from beside the data file, or made once (selfsigned, EC P-256,
 * valid for the given names) and written there readable by this user only.
 */
export async function centreCertificate(dataFile: string, names: string[]): Promise<CentreCertificate> {
  const files = certificateFiles(dataFile);
  let key: string;
  let cert: string;
  if (fs.existsSync(files.key) && fs.existsSync(files.cert)) {
    key = fs.readFileSync(files.key, 'utf8');
    cert = fs.readFileSync(files.cert, 'utf8');
  } else {
    const now = new Date();
    const until = new Date(now.getTime() + 5 * 365 * 24 * 3_600_000);
    const altNames = [...new Set(names)].map((n) => (/^[\d.]+$|:/.test(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
    const made = await generate([{ name: 'commonName', value: 'RehabDesk centre 康就台账中心' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: until,
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    });
    key = made.private;
    cert = made.cert;
    fs.writeFileSync(files.key, key, { mode: 0o600 });
    fs.writeFileSync(files.cert, cert, { mode: 0o600 });
  }
  const fingerprint = new crypto.X509Certificate(cert).fingerprint256;
  return { key, cert, fingerprint, pairingCode: pairingCode(fingerprint) };
}

export interface CentreOptions {
  service: ServiceClient;
  rendererDir: string;
  dataFile: string;
  /** Address to listen on: '0.0.0.0' for the centre's network, '127.0.0.1' in tests. */
  address: string;
  port?: number;
  /** Host names and addresses clients reach the server by (Host header); the listening address and this PC's addresses always count. */
  names?: string[];
  limits?: Partial<CentreLimits>;
  log?: (message: string, error: unknown) => void;
  now?: () => number;
}

export interface RunningCentre {
  url: string;
  port: number;
  fingerprint: string;
  pairingCode: string;
  cert: string;
  /** Turns the mode off: stops listening, drops connections and signs every network session out. */
  close(): Promise<void>;
}

/** This PC's own addresses (what a client on the network types). */
function localAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => i !== undefined)
    .map((i) => i.address);
}

function cookieOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === CENTRE_COOKIE) return v.join('=') || undefined;
  }
  return undefined;
}

function sessionCookie(value: string, maxAgeSeconds?: number): string {
  return `${CENTRE_COOKIE}=${value}; HttpOnly; Secure; SameSite=Strict; Path=/${maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`}`;
}

/** The page a tablet user opens first: how to install the centre's certificate (zh, then en). No script. */
function guidePage(code: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>连接康就台账中心 Connect to the RehabDesk centre</title></head><body>
<main>
<h1>连接康就台账中心</h1>
<p>配对码：<strong>${code}</strong>。请与服务器电脑“中心服务器”页面上显示的配对码逐字核对，不一致请勿继续。</p>
<ol>
<li><a href="${CERT_PATH}" download="rehabdesk-centre.crt">下载中心证书</a>。</li>
<li>iPad：设置 → 已下载描述文件 → 安装；再到 设置 → 通用 → 关于本机 → 证书信任设置，打开对该证书的完全信任。</li>
<li>安卓平板：设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书，选择刚下载的文件。</li>
<li>用浏览器重新打开本地址，用自己的账号登录。</li>
</ol>
<h2 lang="en">Connect to the RehabDesk centre</h2>
<div lang="en">
<p>Pairing code: <strong>${code}</strong>. Compare it with the code on the server PC's “Centre server” screen; if it differs, stop.</p>
<ol>
<li><a href="${CERT_PATH}" download="rehabdesk-centre.crt">Download the centre certificate</a>.</li>
<li>iPad: Settings → Profile Downloaded → Install; then Settings → General → About → Certificate Trust Settings, turn on full trust for it.</li>
<li>Android tablet: Settings → Security → Encryption &amp; credentials → Install a certificate → CA certificate, pick the downloaded file.</li>
<li>Open this address again in the browser and sign in with your own account.</li>
</ol>
</div>
</main></body></html>`;
}

export async function startCentre(options: CentreOptions): Promise<RunningCentre> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? ((message, error) => console.error(message, error));
  const now = options.now ?? Date.now;
  const names = new Set(['localhost', '127.0.0.1', os.hostname(), ...(options.names ?? [])]);
  if (options.address !== '0.0.0.0' && options.address !== '::') names.add(options.address);
  else for (const a of localAddresses()) names.add(a);
  const certificate = await centreCertificate(options.dataFile, [...names]);
  const guide = guidePage(certificate.pairingCode);
  const headers = { ...SECURITY_HEADERS, 'Strict-Transport-Security': 'max-age=31536000' };

  const byAddress = createRateLimit(limits.perAddress, 60_000, now);
  const byAccount = createRateLimit(limits.perAccount, 60_000, now);
  const signInByAddress = createRateLimit(limits.signInPerAddress, 60_000, now);
  const signInByAccount = createRateLimit(limits.signInPerAccount, 60_000, now);
  /** Sessions handed out over the network → their account name (per-account limits; signed out when the mode is turned off). */
  const issued = new Map<string, string>();
  let port = 0;

  const send = (res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: http.OutgoingHttpHeaders = {}) => {
    res.writeHead(status, { ...headers, 'Content-Type': type, ...extra });
    res.end(body);
  };
  const sendJson = (res: http.ServerResponse, status: number, value: unknown, extra: http.OutgoingHttpHeaders = {}) =>
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store', ...extra });
  const refuse = (res: http.ServerResponse, status: number, code: string, params?: Record<string, unknown>) =>
    sendJson(res, status, { ok: false, error: params ? { code, params } : { code } });

  const readBody = (req: http.IncomingMessage) =>
    new Promise<Buffer | 'too-large'>((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limits.maxBody) return resolve('too-large');
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limits.maxBody) chunks.push(chunk);
        else {
          resolve('too-large');
          req.pause();
        }
      });
      req.on('end', () => resolve(size > limits.maxBody ? 'too-large' : Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const serveApi = async (req: http.IncomingMessage, res: http.ServerResponse, client: string) => {
    // A page on another site cannot call in: its Origin differs, and a JSON body needs a preflight we never grant.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `https://${req.headers.host}`) return refuse(res, 403, 'HOST_ORIGIN');
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'INVALID_INPUT');
    const raw = await readBody(req);
    if (raw === 'too-large') {
      res.setHeader('Connection', 'close');
      return refuse(res, 413, 'INPUT_TOO_LARGE');
    }
    let body: { name?: unknown; input?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      return refuse(res, 400, 'INVALID_INPUT');
    }
    if (body === null || typeof body !== 'object') return refuse(res, 400, 'INVALID_INPUT');
    const { name, input } = body;
    if (serverOnly(name)) return refuse(res, 403, 'CENTRE_SERVER_ONLY', { name });
    const session = cookieOf(req.headers.cookie);
    // Every audit entry the call writes names the workstation it came from (and so tells the service the caller is remote).
    const from = { workstation: workstationOf(req.socket.remoteAddress, req.headers[WORKSTATION_HEADER]) };

    if (name === 'auth.signIn') {
      const username = String((input as { username?: unknown } | null)?.username ?? '').trim().toLowerCase();
      if (!signInByAddress.take(client) || !signInByAccount.take(username)) return refuse(res, 429, 'CENTRE_RATE_LIMITED', { minutes: 1 });
      const result = await options.service.invoke(name, input, undefined, from);
      if (!result.ok) return sendJson(res, 200, result);
      const signedIn = result.value as { sessionId: string; account: { username: string } };
      issued.set(signedIn.sessionId, signedIn.account.username);
      return sendJson(res, 200, { ok: true, value: { ...signedIn, sessionId: COOKIE_SESSION } }, { 'Set-Cookie': sessionCookie(signedIn.sessionId) });
    }

    if (session && !byAccount.take(issued.get(session) ?? session)) return refuse(res, 429, 'CENTRE_RATE_LIMITED', { minutes: 1 });
    // Only the cookie names the session: a session id in a header or the body counts for nothing here.
    const result = await options.service.invoke(name, input, session, from);
    const ended = name === 'auth.signOut' || (!result.ok && result.error.code === 'AUTH_REQUIRED');
    if (ended && session) issued.delete(session);
    return sendJson(res, 200, result, ended && session ? { 'Set-Cookie': sessionCookie('', 0) } : {});
  };

  const serveDownload = async (req: http.IncomingMessage, res: http.ServerResponse, ticket: string) => {
    const head = req.method === 'HEAD';
    // The ticket is good only with the session cookie of who asked for it (none: '' matches no ticket).
    const entry = await openDownload(options.service, ticket, head, cookieOf(req.headers.cookie) ?? '');
    if (!entry) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    res.writeHead(200, { ...downloadHeaders(entry), 'Strict-Transport-Security': headers['Strict-Transport-Security'] });
    if (!entry.body) return res.end();
    pipeline(entry.body, res, (error) => {
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') log(`download of ${entry.name} failed`, error);
    });
  };

  const knownHost = (host: string | undefined): boolean => {
    if (!host) return false;
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(host);
    if (!m || Number(m[3]) !== port) return false;
    return names.has((m[1] ?? m[2])!.toLowerCase());
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const client = req.socket.remoteAddress ?? 'unknown';
    if (!byAddress.take(client)) return refuse(res, 429, 'CENTRE_RATE_LIMITED', { minutes: 1 });
    // DNS rebinding and misdirected requests: only the names this PC is reached by.
    if (!knownHost(req.headers.host)) return send(res, 421, 'Misdirected request', 'text/plain; charset=utf-8');
    const target = req.url ?? '';
    if (!target.startsWith('/') || target.startsWith('//')) return send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
    const end = target.search(/[?#]/);
    const pathname = end < 0 ? target : target.slice(0, end);
    if (pathname === API_PATH) {
      if (req.method !== 'POST') return refuse(res, 405, 'INVALID_INPUT');
      return serveApi(req, res, client);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
    const head = req.method === 'HEAD';
    if (pathname === CERT_PATH) {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/x-x509-ca-cert', 'Content-Disposition': 'attachment; filename="rehabdesk-centre.crt"' });
      return res.end(head ? undefined : certificate.cert);
    }
    if (pathname === GUIDE_PATH) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(head ? undefined : guide);
    }
    if (pathname.startsWith(DOWNLOAD_PREFIX)) return serveDownload(req, res, pathname.slice(DOWNLOAD_PREFIX.length));
    const answer = await serveStatic(options.rendererDir, pathname);
    res.writeHead(answer.status, { ...answer.headers, 'Strict-Transport-Security': headers['Strict-Transport-Security'] });
    res.end(head ? undefined : answer.body);
  };

  const server = https.createServer({ key: certificate.key, cert: certificate.cert, minVersion: 'TLSv1.2', handshakeTimeout: 10_000 }, (req, res) => {
    req.on('error', () => undefined);
    handle(req, res).catch((error: unknown) => {
      log(`${req.method} request failed`, error);
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain; charset=utf-8');
      else res.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  // Plain HTTP, or a client that refuses our certificate: the handshake fails and the socket closes; nothing is served.
  server.on('tlsClientError', (_error, socket) => socket.destroy());

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.address, () => {
      server.off('error', reject);
      server.on('error', (error) => log('centre server error', error));
      port = (server.address() as AddressInfo).port;
      const shown = options.address === '0.0.0.0' || options.address === '::' ? (options.names?.[0] ?? os.hostname()) : options.address;
      resolve({
        url: `https://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`,
        port,
        fingerprint: certificate.fingerprint,
        pairingCode: certificate.pairingCode,
        cert: certificate.cert,
        close: async () => {
          server.closeAllConnections();
          await new Promise<void>((done) => server.close(() => done()));
          // Turning the mode off ends every network session at once, not at its idle timeout.
          const sessions = [...issued.keys()];
          issued.clear();
          await Promise.all(sessions.map((s) => options.service.invoke('auth.signOut', {}, s).catch(() => undefined)));
        },
      });
    });
  });
}
