// The download route all hosts share: headers for an exported file (its type, and its name in
// UTF-8 for Chinese file names), and the file's bytes as a stream, read from this PC's disk or,
// for a client of a centre, fetched from the server (ServiceClient.streamDownload). The files
// themselves and their one-time tickets live in db/files.ts.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { ExportedFile } from '../db/files';
import type { DownloadStream, ServiceClient } from './service-thread';

const MIME: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.sqlite': 'application/vnd.sqlite3',
};

/** Headers for a download: the right type, and the name (UTF-8, for Chinese file names). */
export function downloadHeaders(entry: Pick<ExportedFile, 'name' | 'size'>): Record<string, string> {
  const ascii = entry.name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return {
    'Content-Type': MIME[path.extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(entry.name)}`,
    'Content-Length': String(entry.size),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}

/** The file name a download's Content-Disposition gives (the UTF-8 form first), without any folder. */
export function dispositionName(header: string | undefined): string | null {
  if (!header) return null;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  let name: string | null = null;
  if (utf8) {
    try {
      name = decodeURIComponent(utf8[1]!.trim());
    } catch {
      name = null;
    }
  }
  name ??= /filename="([^"]*)"/i.exec(header)?.[1] ?? null;
  const base = name === null ? '' : path.basename(name.replace(/\\/g, '/'));
  return base && base !== '.' && base !== '..' ? base : null;
}

/**
 * The download behind a ticket as a stream; null for an unknown, used or expired ticket. `head`
 * asks what a GET would get without using the ticket up. A file on this PC is opened before the
 * answer is made, so one that cannot be read is a clean error, not a cut-off download. `session`:
 * the downloader's session where the host knows it (the centre server's cookie); see db/files.ts.
 */
export async function openDownload(service: ServiceClient, ticket: string, head: boolean, session?: string): Promise<DownloadStream | null> {
  if (service.streamDownload) return service.streamDownload(ticket, head, session);
  const entry = await service.redeemDownload(ticket, head, session);
  if (!entry) return null;
  if (head) return { name: entry.name, size: entry.size, body: null };
  const body = fs.createReadStream(entry.file);
  await once(body, 'open');
  return { name: entry.name, size: entry.size, body };
}
