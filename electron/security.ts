// Electron hardening applied to every web contents (no navigation away, no new windows, no
// webviews) and to the session (no permissions). The window's own options are in main.ts, written
// out literally so security scanners can read them; a test checks both.
import fs from 'node:fs';
import path from 'node:path';
import type { Session, WebContents } from 'electron';
import { DOWNLOAD_PREFIX } from '../db/files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://rehabdesk`;
export const IPC_CHANNEL = 'rehabdesk:invoke';

/** True when a URL belongs to our renderer (the only page allowed to call the API). */
export function isAppUrl(url: string | undefined): boolean {
  return typeof url === 'string' && url.startsWith(`${APP_ORIGIN}/`);
}

export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * A file name safe on every desktop system: no folders, control characters or characters Windows
 * refuses, no leading dots, not a reserved device name, at most 150 characters.
 */
export function safeFileName(name: string): string {
  const cleaned = path
    .basename(name.replaceAll('\\', '/'))
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 150);
  if (cleaned === '' || /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(cleaned)) return `download${cleaned ? `-${cleaned}` : ''}`;
  return cleaned;
}

/** A path in `dir` for `name` that does not overwrite an existing file: name, name (2), … */
function freePath(dir: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = path.join(dir, name);
  for (let i = 2; fs.existsSync(candidate); i += 1) candidate = path.join(dir, `${stem} (${i})${ext}`);
  return candidate;
}

/**
 * Downloads: only the app's own export links (app://rehabdesk/download/…) are saved, straight to
 * the user's Downloads folder under a sanitised name; anything else is cancelled.
 */
export function handleDownloads(session: Session, downloadsDir: string): void {
  session.on('will-download', (event, item) => {
    if (!isAppUrl(item.getURL()) || !new URL(item.getURL()).pathname.startsWith(DOWNLOAD_PREFIX)) {
      event.preventDefault();
      return;
    }
    item.setSavePath(freePath(downloadsDir, safeFileName(item.getFilename())));
  });
}
