// Files the app wrote for the user (exports): registered under a random id when finished, then
// handed out through one-time download tickets, so a plain link can fetch them in the browser
// host and in Electron alike without exposing any other file on disk.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ExportedFile {
  fileId: string;
  name: string;
  /** Full path on this computer, shown to the user. */
  file: string;
  size: number;
}

const TICKET_LIFETIME_MS = 60_000;

export const DOWNLOAD_PREFIX = '/download/';

export function createFiles() {
  const files = new Map<string, ExportedFile>();
  const tickets = new Map<string, { fileId: string; expires: number }>();

  /** Makes a finished file downloadable; the id is a capability known to who exported it. */
  function register(file: string): ExportedFile {
    const entry = { fileId: crypto.randomBytes(16).toString('base64url'), name: path.basename(file), file, size: fs.statSync(file).size };
    files.set(entry.fileId, entry);
    return entry;
  }

  function link(fileId: string): { url: string; name: string } | null {
    const entry = files.get(fileId);
    if (!entry || !fs.existsSync(entry.file)) return null;
    const ticket = crypto.randomBytes(24).toString('base64url');
    tickets.set(ticket, { fileId, expires: Date.now() + TICKET_LIFETIME_MS });
    return { url: `${DOWNLOAD_PREFIX}${ticket}`, name: entry.name };
  }

  /**
   * The file behind a ticket, once; null for an unknown, used or expired ticket. `keep` looks
   * without using the ticket up (a HEAD request asks what a GET would get).
   */
  function redeem(ticket: string, keep = false): ExportedFile | null {
    const found = tickets.get(ticket);
    if (!keep) tickets.delete(ticket);
    if (!found || found.expires < Date.now()) return null;
    const entry = files.get(found.fileId);
    return entry && fs.existsSync(entry.file) ? entry : null;
  }

  return { register, link, redeem };
}

export type Files = ReturnType<typeof createFiles>;
