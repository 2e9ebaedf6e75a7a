// The browser host: when Electron is absent, a local HTTP server on 127.0.0.1 serves the same
// renderer and answers the same contract as the IPC bridge. Every API call needs the per-launch
// token; requests for other host names are refused (DNS rebinding).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from './csp';
import type { Service } from './service';
import { DOWNLOAD_PREFIX, downloadHeaders } from './files';

export const TOKEN_HEADER = 'x-rehabdesk-token';
export const SESSION_HEADER = 'x-rehabdesk-session';
export const API_PATH = '/api/call';
const MAX_BODY = 4 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export interface HostOptions {
  service: Service;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...extra,
  });
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

export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  let port = 0;

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep)) return send(res, 404, 'Not found', 'text/plain');
    fs.readFile(file, (error, data) => {
      if (error) return send(res, 404, 'Not found', 'text/plain');
      const cache = relative === 'index.html' ? 'no-store' : 'max-age=31536000, immutable';
      send(res, 200, data, MIME[path.extname(file)] ?? 'application/octet-stream', { 'Cache-Control': cache });
    });
  };

  const serveApi = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!sameToken(req.headers[TOKEN_HEADER], token)) {
      return sendJson(res, 401, { ok: false, error: { code: 'HOST_TOKEN' } });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}`) {
      return sendJson(res, 403, { ok: false, error: { code: 'HOST_ORIGIN' } });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return sendJson(res, 413, { ok: false, error: { code: 'INPUT_TOO_LARGE' } });
      let body: { name?: unknown; input?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT' } });
      }
      if (body === null || typeof body !== 'object') return sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT' } });
      const session = req.headers[SESSION_HEADER];
      sendJson(res, 200, options.service.dispatch(body.name, body.input, typeof session === 'string' ? session : undefined));
    });
  };

  const server = http.createServer((req, res) => {
    const host = req.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'Misdirected request', 'text/plain');
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === API_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'INVALID_INPUT' } });
      return serveApi(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain');
    if (pathname.startsWith(DOWNLOAD_PREFIX)) {
      const entry = options.service.redeemDownload(pathname.slice(DOWNLOAD_PREFIX.length));
      if (!entry) return send(res, 404, 'Not found', 'text/plain');
      res.writeHead(200, { ...downloadHeaders(entry), 'X-Content-Type-Options': 'nosniff' });
      fs.createReadStream(entry.file).pipe(res);
      return;
    }
    serveStatic(req, res);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
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
