// The one static-file server for the renderer, used by the browser host and by Electron's app://
// protocol alike: one MIME table, one path check (decoded safely; NUL, `..`, absolute-form and
// malformed targets refused with 400), one set of security headers.
import fs from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../db/csp';

export const STATIC_MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** Headers every answer from either host carries. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface StaticAnswer {
  status: 200 | 400 | 404;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * The file a request path names inside `rendererDir`, or why not: 'bad' for a target no browser
 * of ours would send (absolute form, undecodable, NUL, a `..` segment, a backslash), 'missing'
 * for a path outside the folder. `pathname` is the path as it came over the wire (still encoded).
 */
export function resolveStaticPath(rendererDir: string, pathname: string): { file: string; relative: string } | 'bad' | 'missing' {
  if (!pathname.startsWith('/') || pathname.startsWith('//')) return 'bad';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'bad';
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 'bad';
  if (decoded.split('/').some((segment) => segment === '..')) return 'bad';
  const root = path.resolve(rendererDir);
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return 'missing';
  return { file, relative };
}

/** Reads a renderer file for a request path; never throws. */
export async function serveStatic(rendererDir: string, pathname: string): Promise<StaticAnswer> {
  const text = { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' };
  const found = resolveStaticPath(rendererDir, pathname);
  if (found === 'bad') return { status: 400, headers: text, body: 'Bad request' };
  if (found === 'missing') return { status: 404, headers: text, body: 'Not found' };
  try {
    const body = await fs.readFile(found.file);
    // Built assets carry a content hash in their names; only the page itself may change.
    const cache = found.relative === 'index.html' ? 'no-store' : 'max-age=31536000, immutable';
    return {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': STATIC_MIME[path.extname(found.file)] ?? 'application/octet-stream', 'Cache-Control': cache },
      body,
    };
  } catch {
    return { status: 404, headers: text, body: 'Not found' };
  }
}
