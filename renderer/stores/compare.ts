// Comparing the register with other departments' lists (数据比对) and the checks that find people
// left out: the list import's preview, saved lists and their comparison, the changes the user
// chooses and confirms, left-out checks, households and the plans' remaining items.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { failed, outcome, type Outcome } from './outcome';
import type { CallInput, CallName, CallResult } from '../../db/contract';
import type {
  CompareFigures,
  HouseholdList,
  LeftOutResult,
  ListColumn,
  ListComparison,
  ListImportStatus,
  ListSummary,
  PersonFacts,
} from '../../db/compare/contract';
import type { ListSource, ListStatus, StatusChange } from '../../db/compare/rules';

/** The browser host takes request bodies up to 4 MB; base64 makes files a third bigger. */
export const MAX_LIST_BYTES = 3 * 1024 * 1024;
export const LIST_PAGE = 100;

/** A file as base64 for the contract, read in chunks (big files overflow String.fromCharCode). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A change chosen on the comparison screen, keyed so a checkbox can find it. */
export const changeKey = (personId: number, change: StatusChange) => `${personId}:${change.status}:${change.held ? 1 : 0}`;

export const useCompareStore = defineStore('compare', () => {
  async function run<N extends CallName>(name: N, input: CallInput<N>): Promise<Outcome<CallResult<N>>> {
    return outcome(await call(name, input));
  }

  // ---- import ----
  const importStatus = ref<ListImportStatus | null>(null);
  const importFilter = ref<'all' | 'valid' | 'invalid'>('all');
  const importOffset = ref(0);

  async function refreshImport(): Promise<Outcome<ListImportStatus>> {
    if (!importStatus.value) return failed({ code: 'IMPORT_NOT_FOUND' });
    const result = await run('compare.import.preview', { jobId: importStatus.value.jobId, filter: importFilter.value, offset: importOffset.value, limit: LIST_PAGE });
    if (!result.error) importStatus.value = result.value;
    return result;
  }

  async function afterReading(status: ListImportStatus): Promise<Outcome<ListImportStatus>> {
    if (status.state !== 'failed') return refreshImport();
    return status.error ? failed(status.error) : { value: status, error: null };
  }

  async function startImport(file: File, meta: { source: ListSource; sourceName: string; listDate: string; statuses: ListStatus[] }): Promise<Outcome<ListImportStatus>> {
    importStatus.value = null;
    importFilter.value = 'all';
    importOffset.value = 0;
    if (file.size > MAX_LIST_BYTES) return failed({ code: 'IMPORT_FILE_TOO_LARGE' });
    const result = await run('compare.import.start', { ...meta, fileName: file.name, contentBase64: await base64Of(file) });
    if (result.error) return result;
    importStatus.value = result.value;
    while (importStatus.value.state === 'reading') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refreshed = await refreshImport();
      if (refreshed.error) return refreshed;
    }
    return afterReading(importStatus.value);
  }

  async function adjustImport(sheet: number, columns: (ListColumn | null)[] | null): Promise<Outcome<ListImportStatus>> {
    const status = importStatus.value;
    if (!status) return failed({ code: 'IMPORT_NOT_FOUND' });
    const result = await run('compare.import.adjust', { jobId: status.jobId, sheet, columns });
    if (result.error) return result;
    importStatus.value = result.value;
    importFilter.value = 'all';
    importOffset.value = 0;
    return afterReading(importStatus.value);
  }

  async function showImportRows(filter: 'all' | 'valid' | 'invalid', offset: number): Promise<Outcome<ListImportStatus>> {
    importFilter.value = filter;
    importOffset.value = offset;
    return refreshImport();
  }

  async function commitImport(): Promise<Outcome<ListImportStatus>> {
    const status = importStatus.value;
    if (!status) return failed({ code: 'IMPORT_NOT_FOUND' });
    const result = await run('compare.import.commit', { jobId: status.jobId, expectedValid: status.valid });
    if (result.error) return result;
    importStatus.value = result.value;
    await loadLists();
    return result;
  }

  function clearImport() {
    importStatus.value = null;
  }

  // ---- lists and comparison ----
  const lists = ref<ListSummary[]>([]);
  async function loadLists(): Promise<Outcome<ListSummary[]>> {
    const result = await run('compare.lists.list', {});
    if (!result.error) lists.value = result.value;
    return result;
  }

  const comparison = ref<ListComparison | null>(null);
  async function openComparison(id: number): Promise<Outcome<ListComparison>> {
    const result = await run('compare.lists.get', { id });
    comparison.value = result.error ? null : result.value;
    return result;
  }

  /** Applies the chosen changes in one step, then shows the comparison as it now stands. */
  async function applyChanges(listId: number, changes: { personId: number; status: ListStatus; held: boolean }[]): Promise<Outcome<{ applied: number; people: number }>> {
    const result = await run('compare.apply', { listId, changes });
    if (!result.error) await openComparison(listId);
    return result;
  }

  // ---- left-out checks ----
  const leftOut = ref<LeftOutResult | null>(null);
  async function loadLeftOut(): Promise<Outcome<LeftOutResult>> {
    const result = await run('compare.leftOut', {});
    if (!result.error) leftOut.value = result.value;
    return result;
  }
  async function clearLeftOut(input: CallInput<'compare.leftOut.clear'>): Promise<Outcome<LeftOutResult>> {
    const result = await run('compare.leftOut.clear', input);
    if (!result.error) leftOut.value = result.value;
    return result;
  }

  // ---- households ----
  const households = ref<HouseholdList | null>(null);
  function showHouseholds(result: Outcome<HouseholdList>) {
    if (!result.error) households.value = result.value;
    return result;
  }
  const loadHouseholds = async () => showHouseholds(await run('compare.households.list', {}));
  const linkHousehold = async (input: CallInput<'compare.households.link'>) => showHouseholds(await run('compare.households.link', input));
  const unlinkHousehold = async (personId: number) => showHouseholds(await run('compare.households.unlink', { personId }));

  // ---- one person's facts and the plans' figures ----
  const facts = ref<PersonFacts | null>(null);
  function showFacts(result: Outcome<PersonFacts>) {
    if (!result.error) facts.value = result.value;
    return result;
  }
  const loadFacts = async (personId: number) => showFacts(await run('compare.facts.get', { personId }));
  const recordFact = async (input: CallInput<'compare.facts.record'>) => showFacts(await run('compare.facts.record', input));
  const setDeparture = async (input: CallInput<'compare.departure.set'>) => showFacts(await run('compare.departure.set', input));
  const addInsurance = async (input: CallInput<'compare.insurance.add'>) => showFacts(await run('compare.insurance.add', input));

  const figures = ref<CompareFigures | null>(null);
  function showFigures(result: Outcome<CompareFigures>) {
    if (!result.error) figures.value = result.value;
    return result;
  }
  const loadFigures = async (year: number) => showFigures(await run('compare.figures', { year }));
  const addSatisfaction = async (input: CallInput<'compare.satisfaction.add'>) => showFigures(await run('compare.satisfaction.add', input));

  return {
    importStatus,
    importFilter,
    importOffset,
    startImport,
    adjustImport,
    showImportRows,
    commitImport,
    clearImport,
    lists,
    loadLists,
    comparison,
    openComparison,
    applyChanges,
    leftOut,
    loadLeftOut,
    clearLeftOut,
    households,
    loadHouseholds,
    linkHousehold,
    unlinkHousehold,
    facts,
    loadFacts,
    recordFact,
    setDeparture,
    addInsurance,
    figures,
    loadFigures,
    addSatisfaction,
  };
});
