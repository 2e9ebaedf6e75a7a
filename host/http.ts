// The browser host: when Electron is absent, a local HTTP server on 127.0.0.1 serves the same
// renderer and forwards the same contract to the service thread. Every API call needs the
// per-launch token; requests for other host names are refused (DNS rebinding). A malformed request
// gets 400 and an unexpected error a logged 500: nothing a client sends stops the host.
import crypto from 'node:crypto';
import http from 'node:http';
import { pipeline } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { DOWNLOAD_PREFIX } from '../db/files';
import { downloadHeaders, openDownload } from './downloads';
import { SECURITY_HEADERS, serveStatic } from './static';
import type { ServiceClient } from './service-thread';

export const TOKEN_HEADER = 'x-rehabdesk-token';
export const SESSION_HEADER = 'x-rehabdesk-session';
export const API_PATH = '/api/call';
const MAX_BODY = 4 * 1024 * 1024;

export interface HostOptions {
  service: ServiceClient;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Where unexpected errors go (default: stderr). */
  log?: (message: string, error: unknown) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...extra });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });
}

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The path of an origin-form target (`/a/b?c`), still encoded; null for any other form. */
function originFormPath(target: string | undefined): string | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}

export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const log = options.log ?? ((message, error) => console.error(message, error));
  let port = 0;

  const readBody = (req: http.IncomingMessage) =>
    new Promise<Buffer | 'too-large'>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      req.on('end', () => resolve(size > MAX_BODY ? 'too-large' : Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const serveApi = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!sameToken(req.headers[TOKEN_HEADER], token)) {
      return sendJson(res, 401, { ok: false, error: { code: 'HOST_TOKEN' } });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}`) {
      return sendJson(res, 403, { ok: false, error: { code: 'HOST_ORIGIN' } });
    }
    const raw = await readBody(req);
    if (raw === 'too-large') return sendJson(res, 413, { ok: false, error: { code: 'INPUT_TOO_LARGE' } });
    let body: { name?: unknown; input?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT' } });
    }
    if (body === null || typeof body !== 'object') return sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT' } });
    const session = req.headers[SESSION_HEADER];
    sendJson(res, 200, await options.service.invoke(body.name, body.input, typeof session === 'string' ? session : undefined));
  };

  const serveDownload = async (req: http.IncomingMessage, res: http.ServerResponse, ticket: string) => {
    // HEAD asks what a GET would get: it must not use the one-time ticket up.
    const head = req.method === 'HEAD';
    // Opened before the headers go out, so a file that cannot be read is still a clean 500.
    const entry = await openDownload(options.service, ticket, head);
    if (!entry) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    res.writeHead(200, downloadHeaders(entry));
    if (!entry.body) return res.end();
    pipeline(entry.body, res, (error) => {
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') log(`download of ${entry.name} failed`, error);
    });
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = req.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'Misdirected request', 'text/plain; charset=utf-8');
    const pathname = originFormPath(req.url);
    if (pathname === null) return send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
    if (pathname === API_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'INVALID_INPUT' } });
      return serveApi(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
    if (pathname.startsWith(DOWNLOAD_PREFIX)) return serveDownload(req, res, pathname.slice(DOWNLOAD_PREFIX.length));
    const answer = await serveStatic(options.rendererDir, pathname);
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  };

  const server = http.createServer((req, res) => {
    req.on('error', () => undefined);
    handle(req, res).catch((error: unknown) => {
      log(`${req.method} request failed`, error);
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain; charset=utf-8');
      else res.destroy();
    });
  });
  // Requests Node cannot parse (a header too large, a broken request line) get 400 and a closed
  // connection; they never reach the handler or stop the server.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (error) => log('browser host error', error));
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
