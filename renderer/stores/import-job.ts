// The one way a store follows an import the service previews (the roster, the departments' lists):
// send the file, ask for the status until the workbook is read (the one poll loop), keep the page
// of rows the screen shows and its filter, read another sheet or the user's mapping, and commit.
// Each store names its calls; the screen's own steps live in components/import-preview.ts.
import { ref, type Ref } from 'vue';
import type { AppError, Result } from '../../db/contract';
import { failed, outcome, type Outcome } from './outcome';
import { pollWhile } from './jobs';

/** The browser host takes request bodies up to 4 MB; base64 makes files a third bigger. */
export const MAX_IMPORT_BYTES = 3 * 1024 * 1024;

export type ImportRowsFilter = 'all' | 'valid' | 'invalid';

/** Reads a chosen file as base64 for the contract (in chunks: big files overflow String.fromCharCode). */
export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** What the import's status holds that this helper reads. */
export interface ImportJobStatus {
  jobId: string;
  state: 'reading' | 'ready' | 'failed' | 'done';
  error: AppError | null;
  valid: number;
}

export interface ImportJobCalls<S extends ImportJobStatus, Meta, Col> {
  pageSize: number;
  start(input: Meta & { fileName: string; contentBase64: string }): Promise<Result<S>>;
  preview(input: { jobId: string; filter: ImportRowsFilter; offset: number; limit: number }): Promise<Result<S>>;
  adjust(input: { jobId: string; sheet: number; columns: (Col | null)[] | null }): Promise<Result<S>>;
  commit(input: { jobId: string; expectedValid: number }): Promise<Result<S>>;
  /** After a commit that wrote (e.g. the lists or classes it changed are read again). */
  committed?(): Promise<unknown> | void;
}

export function createImportJob<S extends ImportJobStatus, Meta, Col>(calls: ImportJobCalls<S, Meta, Col>) {
  const status = ref(null) as Ref<S | null>;
  const filter = ref<ImportRowsFilter>('all');
  const offset = ref(0);

  /** Asks for the open import's status and the page of rows the screen shows. */
  async function refresh(): Promise<Outcome<S>> {
    if (!status.value) return failed({ code: 'IMPORT_NOT_FOUND' });
    const result = outcome(await calls.preview({ jobId: status.value.jobId, filter: filter.value, offset: offset.value, limit: calls.pageSize }));
    if (!result.error) status.value = result.value;
    return result;
  }

  /** A read that failed (unreadable file, no header row) is the import's outcome; otherwise its preview. */
  async function afterReading(read: S): Promise<Outcome<S>> {
    if (read.state !== 'failed') return refresh();
    return read.error ? failed(read.error) : { value: read, error: null };
  }

  /** Sends the file, then asks for the status until the preview is ready (xlsx is read in the background). */
  async function start(file: File, meta: Meta): Promise<Outcome<S>> {
    status.value = null;
    filter.value = 'all';
    offset.value = 0;
    if (file.size > MAX_IMPORT_BYTES) return failed({ code: 'IMPORT_FILE_TOO_LARGE' });
    const result = outcome(await calls.start({ ...meta, fileName: file.name, contentBase64: await base64Of(file) }));
    if (result.error) return result;
    const started = result.value;
    status.value = started;
    const error = await pollWhile(
      started,
      (view) => view.state === 'reading',
      async () => {
        const refreshed = await refresh();
        return refreshed.error ? { ok: false, error: refreshed.error } : { ok: true, value: refreshed.value };
      },
      (view) => (status.value = view),
      // Another file chosen meanwhile replaces this import on the screen.
      () => status.value?.jobId === started.jobId,
    );
    if (error) return failed(error);
    if (status.value?.jobId !== started.jobId) return { value: started, error: null };
    return afterReading(status.value);
  }

  /** Reads another sheet, or checks again with the columns the user mapped (the service remembers them). */
  async function adjust(sheet: number, columns: (Col | null)[] | null): Promise<Outcome<S>> {
    const current = status.value;
    if (!current) return failed({ code: 'IMPORT_NOT_FOUND' });
    const result = outcome(await calls.adjust({ jobId: current.jobId, sheet, columns }));
    if (result.error) return result;
    status.value = result.value;
    filter.value = 'all';
    offset.value = 0;
    return afterReading(result.value);
  }

  async function showRows(rows: ImportRowsFilter, from: number): Promise<Outcome<S>> {
    filter.value = rows;
    offset.value = from;
    return refresh();
  }

  async function commit(): Promise<Outcome<S>> {
    const current = status.value;
    if (!current) return failed({ code: 'IMPORT_NOT_FOUND' });
    const result = outcome(await calls.commit({ jobId: current.jobId, expectedValid: current.valid }));
    if (result.error) {
      // The register changed since the preview: show the preview as it is now.
      if (result.error.code === 'IMPORT_CHANGED') await refresh();
      return result;
    }
    status.value = result.value;
    await calls.committed?.();
    // The import is done whether or not the page of rows reloads: its outcome is the commit's.
    await refresh();
    return { value: status.value ?? result.value, error: null };
  }

  function clear() {
    status.value = null;
  }

  return { status, filter, offset, refresh, start, adjust, showRows, commit, clear };
}
