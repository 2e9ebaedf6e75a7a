// What every import preview screen does with the job the service keeps (the roster, the
// departments' lists): the user's column mapping (one entry per column of the file, reset to the
// job's when it changes), the columns worth showing in it, the page of rows shown, and the steps
// that ask the service again — another sheet, the mapping applied, a row filter, another page.
// Each screen says where the focus goes after each step (`after`).
import { computed, ref, watch, type Ref } from 'vue';
import type { AppError } from '../../db/contract';
import type { ImportRowsFilter } from '../stores/import-job';

/** What the screen reads of an import's status. */
interface PreviewStatus<Col extends string> {
  state: 'reading' | 'ready' | 'failed' | 'done';
  sheet: number;
  headers: string[];
  columns: (Col | null)[];
  filtered: number;
  rows: unknown[];
}

export interface ImportPreviewSource<Col extends string, S extends PreviewStatus<Col>> {
  /** The job's status as the service answered it last (null before a file is read). */
  status: () => S | null;
  offset: () => number;
  filter: () => ImportRowsFilter;
  pageSize: number;
  adjust(sheet: number, columns: (Col | null)[] | null): Promise<{ error: AppError | null }>;
  showRows(filter: ImportRowsFilter, offset: number): Promise<{ error: AppError | null }>;
  /**
   * After a step: the error to show, or where the focus goes — 'summary' after the mapping is
   * applied, 'caption' after paging, null after a select's change (a keyboard user choosing with
   * the arrow keys stays on the select).
   */
  after(error: AppError | null, focus: 'summary' | 'caption' | null): Promise<void> | void;
}

export function useImportPreview<Col extends string, S extends PreviewStatus<Col>>(source: ImportPreviewSource<Col, S>) {
  const status = computed(() => source.status());
  const preview = computed(() => (status.value && (status.value.state === 'ready' || status.value.state === 'done') ? status.value : null));
  /** The user's column mapping, one entry per column of the file (null: not imported). */
  const mapping = ref([]) as Ref<(Col | null)[]>;
  watch(
    () => status.value?.columns,
    (columns) => {
      mapping.value = [...(columns ?? [])];
    },
    { immediate: true },
  );
  /** Columns worth showing in the mapping: those with a header or a mapping (blank spacer columns are left out). */
  const mappable = computed(() => (preview.value?.headers ?? []).map((header, index) => ({ header, index })).filter((c) => c.header !== '' || mapping.value[c.index] !== null));
  const mappingChanged = computed(() => mapping.value.some((c, i) => c !== (status.value?.columns[i] ?? null)));
  const pageFrom = computed(() => (preview.value && preview.value.filtered ? source.offset() + 1 : 0));
  const pageTo = computed(() => (preview.value ? source.offset() + preview.value.rows.length : 0));
  const busy = ref(false);

  async function chooseSheet(event: Event) {
    if (!status.value) return;
    await source.after((await source.adjust(Number((event.target as HTMLSelectElement).value), null)).error, null);
  }
  async function applyMapping() {
    if (!status.value || busy.value) return;
    busy.value = true;
    let error: AppError | null;
    try {
      error = (await source.adjust(status.value.sheet, mapping.value)).error;
    } finally {
      busy.value = false;
    }
    await source.after(error, 'summary');
  }
  async function filterRows(event: Event) {
    await source.after((await source.showRows((event.target as HTMLSelectElement).value as ImportRowsFilter, 0)).error, null);
  }
  async function page(delta: number) {
    await source.after((await source.showRows(source.filter(), Math.max(0, source.offset() + delta * source.pageSize))).error, 'caption');
  }

  return { status, preview, mapping, mappable, mappingChanged, pageFrom, pageTo, busy, chooseSheet, applyMapping, filterRows, page };
}
