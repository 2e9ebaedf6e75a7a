// Consolidated returns state: the centre's identity and office key (as typed), the long jobs
// (export, import, workbook, upward export) watched until they finish, the packages and periods
// an office holds, the statistics and the cross-centre check.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { call } from '../api';
import { cancelJob, watchJob } from './jobs';
import { outcome, type Outcome } from './outcome';
import type { AppError, JobView, Result } from '../../db/contract';
import type {
  CentreSettings,
  ExportResult,
  ExportRow,
  ImportHistory,
  ImportResult,
  LeftOutList,
  Overlaps,
  PackageRow,
  PeriodSummary,
  ReturnStats,
  WorkbookResult,
} from '../../db/returns/contract';
import type { CentreType } from '../../db/returns/rules';

export interface IdentityDraft {
  name: string;
  type: CentreType;
  creditCode: string;
  regionCode: string;
}

/** One long job as the screen sees it: its latest view, why it could not start, and cancelling. */
export interface JobSlot<R> {
  view: JobView<R> | null;
  error: AppError | null;
  cancelling: boolean;
  /** The job ended and was read at least once since (so a finished result stays on screen). */
  running: boolean;
}

function jobSlot<R>(): JobSlot<R> {
  return reactive({ view: null, error: null, cancelling: false, running: false }) as JobSlot<R>;
}

/** Lines of a text box as paths, blank lines dropped. */
export function pathsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^"(.*)"$/, '$1'))
    .filter((line) => line !== '');
}

export const useReturnsStore = defineStore('returns', () => {
  // ---- identity and key ----
  const centre = ref<CentreSettings | null>(null);
  const loadError = ref<AppError | null>(null);
  const identityDraft = ref<IdentityDraft>({ name: '', type: 'rehab_institution', creditCode: '', regionCode: '' });
  const identityError = ref<AppError | null>(null);
  const keyDraft = ref('');
  const keyError = ref<AppError | null>(null);
  const saving = ref(false);

  function takeCentre(value: CentreSettings) {
    centre.value = value;
    const id = value.identity;
    if (id) identityDraft.value = { name: id.name, type: id.type, creditCode: id.creditCode, regionCode: id.regionCode };
  }

  async function loadCentre() {
    const result = await call('returns.centre.get', {});
    if (result.ok) {
      takeCentre(result.value);
      loadError.value = null;
    } else loadError.value = result.error;
  }

  // Both saves answer with the centre as saved or the error, which also stays in the form's error.
  async function saveIdentity(): Promise<Outcome<CentreSettings>> {
    saving.value = true;
    try {
      const result = outcome(await call('returns.centre.save', { ...identityDraft.value }));
      identityError.value = result.error;
      if (!result.error) takeCentre(result.value);
      return result;
    } finally {
      saving.value = false;
    }
  }

  async function saveKey(): Promise<Outcome<CentreSettings>> {
    saving.value = true;
    try {
      const result = outcome(await call('returns.officeKey.save', { key: keyDraft.value }));
      keyError.value = result.error;
      if (result.error) return result;
      keyDraft.value = '';
      takeCentre(result.value);
      return result;
    } finally {
      saving.value = false;
    }
  }

  // ---- jobs ----
  async function follow<R>(slot: JobSlot<R>, started: Result<JobView<R>>, whenDone?: () => Promise<void> | void) {
    slot.cancelling = false;
    if (!started.ok) {
      slot.error = started.error;
      slot.view = null;
      return;
    }
    slot.error = null;
    slot.running = true;
    const error = await watchJob(started.value, (view) => {
      slot.view = view;
    });
    if (error) slot.error = error;
    slot.running = false;
    if (slot.view?.state === 'done') await whenDone?.();
  }

  async function cancel(slot: JobSlot<unknown>) {
    if (!slot.view || slot.view.state !== 'running') return;
    slot.cancelling = true;
    await cancelJob(slot.view.id);
  }

  // ---- a centre's export ----
  const exportJob = jobSlot<ExportResult>();
  const exports = ref<ExportRow[]>([]);

  async function loadExports() {
    const result = await call('returns.exports.list', { limit: 20 });
    if (result.ok) exports.value = result.value;
  }

  async function startExport(period: string, deidentified: boolean) {
    await follow(exportJob, await call('returns.export', { period, deidentified }), loadExports);
  }

  // ---- consolidation ----
  const pathsText = ref('');
  const importJob = jobSlot<ImportResult>();
  const history = ref<ImportHistory | null>(null);
  const periods = ref<PeriodSummary[] | null>(null);
  const packages = ref<PackageRow[]>([]);
  const upwardJob = jobSlot<ExportResult>();

  async function loadPeriods() {
    const result = await call('returns.periods.list', {});
    if (result.ok) periods.value = result.value;
  }

  async function loadPackages(period: string, includeReplaced: boolean) {
    const result = await call('returns.packages.list', { period, includeReplaced });
    if (result.ok) packages.value = result.value;
  }

  async function loadHistory() {
    const result = await call('returns.imports.list', {});
    if (result.ok) history.value = result.value;
  }

  async function startImport(afterwards: () => Promise<void>) {
    await follow(importJob, await call('returns.import', { paths: pathsOf(pathsText.value) }), async () => {
      await Promise.all([loadPeriods(), loadHistory(), afterwards()]);
    });
  }

  async function startUpward(period: string, deidentified: boolean) {
    await follow(upwardJob, await call('returns.consolidated.export', { period, deidentified }), loadExports);
  }

  // ---- statistics and the cross-centre check ----
  const stats = ref<ReturnStats | null>(null);
  const statsError = ref<AppError | null>(null);
  const workbookJob = jobSlot<WorkbookResult>();
  const overlaps = ref<Overlaps | null>(null);
  const overlapsError = ref<AppError | null>(null);

  async function loadStats(period: string) {
    const result = await call('returns.stats.get', { period });
    if (result.ok) {
      stats.value = result.value;
      statsError.value = null;
    } else statsError.value = result.error;
  }

  async function exportWorkbook(period: string, labels: Record<string, string>) {
    await follow(workbookJob, await call('returns.stats.export', { period, labels }));
  }

  async function loadOverlaps(period: string) {
    const result = await call('returns.overlaps.list', { period, limit: 500 });
    if (result.ok) {
      overlaps.value = result.value;
      overlapsError.value = null;
    } else overlapsError.value = result.error;
  }

  // ---- the left-out people (不漏一人) the office holds ----
  const leftOut = ref<LeftOutList | null>(null);
  const leftOutError = ref<AppError | null>(null);
  /** The filters the shown page was asked with (a reply to an older request is dropped). */
  let leftOutAsked = '';

  async function loadLeftOut(filter: { period: string; check: string; centre: string; offset: number; limit: number }) {
    const asked = JSON.stringify(filter);
    leftOutAsked = asked;
    const result = await call('returns.leftOut.list', filter as never);
    if (asked !== leftOutAsked) return;
    if (result.ok) {
      leftOut.value = result.value;
      leftOutError.value = null;
    } else leftOutError.value = result.error;
  }

  return {
    leftOut,
    leftOutError,
    loadLeftOut,
    centre,
    loadError,
    identityDraft,
    identityError,
    keyDraft,
    keyError,
    saving,
    loadCentre,
    saveIdentity,
    saveKey,
    cancel,
    exportJob,
    exports,
    loadExports,
    startExport,
    pathsText,
    importJob,
    history,
    periods,
    packages,
    upwardJob,
    loadPeriods,
    loadPackages,
    loadHistory,
    startImport,
    startUpward,
    stats,
    statsError,
    workbookJob,
    overlaps,
    overlapsError,
    loadStats,
    exportWorkbook,
    loadOverlaps,
  };
});
