// Files the app wrote for the user (exports): written under a fixed partial name beside their
// target until complete, registered under a random id when finished, then handed out through
// one-time download tickets, so a plain link can fetch them in the browser host and in Electron
// alike without exposing any other file on disk.
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

const PARTIAL_SUFFIX = '.partial';

/** The folder beside the data file where exports go. */
export function exportsFolder(dataFile: string): string {
  return path.join(path.dirname(dataFile), 'exports');
}

/**
 * Where an export is written until it is complete (then renamed to `target`): beside it, under a
 * fixed name, so a run that was killed leaves a file the next start can find and remove.
 */
export function partialPath(target: string): string {
  return `${target}${PARTIAL_SUFFIX}`;
}

/**
 * Removes what killed exports left in the exports folder: partial files hold names and full ID
 * numbers in plain text, even when the data file is encrypted. Also the random `.name.hex.part`
 * names older versions used. Returns the names removed.
 */
export function removeLeftoverPartials(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const leftovers = names.filter((name) => name.endsWith(PARTIAL_SUFFIX) || /^\..+\.[0-9a-f]{8}\.part$/.test(name));
  for (const name of leftovers) fs.rmSync(path.join(folder, name), { force: true, recursive: true });
  return leftovers;
}

export const DOWNLOAD_PREFIX = '/download/';

export function createFiles() {
  const files = new Map<string, ExportedFile>();
  /** `session`: the session that asked for the link; a download over the network must come with it. */
  const tickets = new Map<string, { fileId: string; expires: number; session: string | undefined }>();

  /** Makes a finished file downloadable; the id is a capability known to who exported it. */
  function register(file: string): ExportedFile {
    const entry = { fileId: crypto.randomBytes(16).toString('base64url'), name: path.basename(file), file, size: fs.statSync(file).size };
    files.set(entry.fileId, entry);
    return entry;
  }

  function link(fileId: string, session?: string): { url: string; name: string } | null {
    const entry = files.get(fileId);
    if (!entry || !fs.existsSync(entry.file)) return null;
    const ticket = crypto.randomBytes(24).toString('base64url');
    tickets.set(ticket, { fileId, expires: Date.now() + TICKET_LIFETIME_MS, session });
    return { url: `${DOWNLOAD_PREFIX}${ticket}`, name: entry.name };
  }

  /**
   * The file behind a ticket, once; null for an unknown, used or expired ticket. `keep` looks
   * without using the ticket up (a HEAD request asks what a GET would get). `session`, where the
   * host knows who is downloading (the centre server reads its session cookie), must be the session
   * that asked for the link: a ticket alone is not enough there, and a wrong one does not use it up.
   * This PC's own window passes none: its host listens on 127.0.0.1 only, where the ticket stays the capability.
   */
  function redeem(ticket: string, keep = false, session?: string): ExportedFile | null {
    const found = tickets.get(ticket);
    if (!found) return null;
    if (session !== undefined && found.session !== session) return null;
    if (!keep) tickets.delete(ticket);
    if (found.expires < Date.now()) return null;
    const entry = files.get(found.fileId);
    return entry && fs.existsSync(entry.file) ? entry : null;
  }

  return { register, link, redeem };
}

export type Files = ReturnType<typeof createFiles>;
