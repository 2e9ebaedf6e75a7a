// Comparing the register with other departments' lists (数据比对) and the checks that find people
// left out: the list import's preview, saved lists and their comparison, the changes the user
// chooses and confirms, left-out checks, households and the plans' remaining items.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { outcome, type Outcome } from './outcome';
import { createImportJob } from './import-job';
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

export const LIST_PAGE = 100;

/** A change chosen on the comparison screen, keyed so a checkbox can find it. */
export const changeKey = (personId: number, change: StatusChange) => `${personId}:${change.status}:${change.held ? 1 : 0}`;

export const useCompareStore = defineStore('compare', () => {
  async function run<N extends CallName>(name: N, input: CallInput<N>): Promise<Outcome<CallResult<N>>> {
    return outcome(await call(name, input));
  }

  // ---- import ----
  const listImport = createImportJob<ListImportStatus, { source: ListSource; sourceName: string; listDate: string; statuses: ListStatus[] }, ListColumn>({
    pageSize: LIST_PAGE,
    start: (input) => call('compare.import.start', input),
    preview: (input) => call('compare.import.preview', input),
    adjust: (input) => call('compare.import.adjust', input),
    commit: (input) => call('compare.import.commit', input),
    committed: () => loadLists(),
  });
  const importStatus = listImport.status;
  const importFilter = listImport.filter;
  const importOffset = listImport.offset;
  const startImport = listImport.start;
  const adjustImport = listImport.adjust;
  const showImportRows = listImport.showRows;
  const commitImport = listImport.commit;
  const clearImport = listImport.clear;

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
