// The one download helper: files the app exported (claims workbooks, return packages…) through a
// one-time link from the service, and text made on screen (CSV lists) through a Blob URL; both
// hand the browser (or Electron's save dialog) a link to take.
import { ref } from 'vue';
import { call } from '../api';
import type { AppError } from '../../db/contract';
import { outcome, type Outcome } from './outcome';

function offer(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Downloads a file the service exported, by its id: the link offered, or why it cannot be had. */
export async function downloadExport(fileId: string): Promise<Outcome<{ url: string; name: string }>> {
  const result = outcome(await call('files.link', { fileId }));
  if (!result.error) offer(result.value.url, result.value.name);
  return result;
}

/** Offers text as a file download through a Blob URL (no data: URLs under the strict CSP). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  offer(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A screen's download button: downloads an exported file and keeps why it failed, for an alert. */
export function useDownload() {
  const downloadError = ref<AppError | null>(null);
  async function download(fileId: string) {
    downloadError.value = (await downloadExport(fileId)).error;
  }
  return { downloadError, download };
}
