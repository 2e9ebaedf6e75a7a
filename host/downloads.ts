// The download route both hosts share: headers for an exported file (its type, and its name in
// UTF-8 for Chinese file names). The files themselves and their one-time tickets live in db/files.ts.
import path from 'node:path';
import type { ExportedFile } from '../db/files';

const MIME: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.sqlite': 'application/vnd.sqlite3',
};

/** Headers for a download: the right type, and the name (UTF-8, for Chinese file names). */
export function downloadHeaders(entry: ExportedFile): Record<string, string> {
  const ascii = entry.name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return {
    'Content-Type': MIME[path.extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(entry.name)}`,
    'Content-Length': String(entry.size),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}
