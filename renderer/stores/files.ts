// Downloading files the app exported (claims workbooks, return packages…): asks the service for a
// one-time link and lets the browser (or Electron's save dialog) take it from there.
import { call } from '../api';
import type { AppError } from '../../db/contract';

export async function downloadExport(fileId: string): Promise<AppError | null> {
  const result = await call('files.link', { fileId });
  if (!result.ok) return result.error;
  const link = document.createElement('a');
  link.href = result.value.url;
  link.download = result.value.name;
  document.body.append(link);
  link.click();
  link.remove();
  return null;
}
