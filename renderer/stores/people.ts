// People register state: the searchable list (loaded in pages as the virtual list scrolls) and the
// record being created or edited (kept intact whatever the save returns).
import { defineStore } from 'pinia';
import { reactive, ref, shallowReactive } from 'vue';
import { call } from '../api';
import { failed, outcome, type Outcome } from './outcome';
import type { AppError, ExpiringCertificates, PersonDetail, PersonFields, PersonRow, PersonSortKey } from '../../db/contract';
import type { PersonOverview } from '../../db/people/contract';
import type { SupportStatus } from '../../db/people/rules';

export const PAGE_SIZE = 100;

export interface PeopleQuery {
  q: string;
  archived: boolean;
  category: number | null;
  level: number | null;
  support: SupportStatus | null;
  sort: PersonSortKey;
  dir: 'asc' | 'desc';
}

export function emptyPerson(): PersonFields {
  return {
    name: '',
    idNumber: '',
    certNumber: '',
    category: null,
    level: null,
    certExpiry: '',
    household: 'urban',
    supportStatuses: [],
    phone: '',
    address: '',
    guardianName: '',
    guardianPhone: '',
    guardianRelation: '',
  };
}

function fieldsOf(detail: PersonDetail): PersonFields {
  return {
    name: detail.name,
    idNumber: detail.idNumber,
    certNumber: detail.certNumber,
    category: detail.category,
    level: detail.level,
    certExpiry: detail.certExpiry,
    household: detail.household,
    supportStatuses: [...detail.supportStatuses],
    phone: detail.phone,
    address: detail.address,
    guardianName: detail.guardianName,
    guardianPhone: detail.guardianPhone,
    guardianRelation: detail.guardianRelation,
  };
}

export const usePeopleStore = defineStore('people', () => {
  // ---- the list ----
  const query = reactive<PeopleQuery>({ q: '', archived: false, category: null, level: null, support: null, sort: 'name', dir: 'asc' });
  const total = ref(0);
  const loaded = ref(false);
  const listError = ref<AppError | null>(null);
  const rows = shallowReactive(new Map<number, PersonRow>());
  const pagesRequested = new Set<number>();
  let generation = 0;

  async function loadPage(page: number, forGeneration: number) {
    pagesRequested.add(page);
    const result = await call('people.search', { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    if (forGeneration !== generation) return; // a newer search replaced this one
    if (!result.ok) {
      listError.value = result.error;
      pagesRequested.delete(page);
      return;
    }
    listError.value = null;
    total.value = result.value.total;
    result.value.rows.forEach((row, i) => rows.set(page * PAGE_SIZE + i, row));
    loaded.value = true;
  }

  /** Starts over with the current query (search text, filters, sort). */
  async function refresh() {
    generation += 1;
    const mine = generation;
    pagesRequested.clear();
    await loadPage(0, mine);
    if (mine !== generation) return;
    // Rows of the old result beyond the new first page go only now, so the list never flashes
    // empty while the user types.
    const kept = Math.min(total.value, PAGE_SIZE);
    for (const key of [...rows.keys()]) if (key >= kept) rows.delete(key);
  }

  /**
   * Loads again the pages already shown, with the same query (others changed the register): the
   * rows stay in place until their fresh copies come, so the scroll position holds.
   */
  async function reload() {
    if (!loaded.value) return;
    generation += 1;
    const mine = generation;
    const pages = [...pagesRequested];
    pagesRequested.clear();
    await Promise.all(pages.map((page) => loadPage(page, mine)));
    if (mine !== generation) return;
    for (const key of [...rows.keys()]) if (key >= total.value) rows.delete(key);
  }

  /** Makes sure rows start..end (inclusive) are loaded or on their way. */
  function ensureRange(start: number, end: number) {
    for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page += 1) {
      if (!pagesRequested.has(page) && page * PAGE_SIZE < total.value) void loadPage(page, generation);
    }
  }

  function sortBy(key: PersonSortKey) {
    if (query.sort === key) query.dir = query.dir === 'asc' ? 'desc' : 'asc';
    else {
      query.sort = key;
      query.dir = 'asc';
    }
    return refresh();
  }

  // ---- one person's page ----
  const overview = ref<PersonOverview | null>(null);
  /** The record and what every area holds about the person, for the person page. */
  async function openOverview(id: number): Promise<Outcome<PersonOverview>> {
    overview.value = null;
    const [, areas] = await Promise.all([open(id), call('people.overview', { id })]);
    const result = outcome(areas);
    if (!result.error) overview.value = result.value;
    return result;
  }

  // ---- one record ----
  const current = ref<PersonDetail | null>(null);
  const draft = ref<PersonFields>(emptyPerson());
  const saveError = ref<AppError | null>(null);
  const loadError = ref<AppError | null>(null);
  const saving = ref(false);

  function startNew() {
    current.value = null;
    draft.value = emptyPerson();
    saveError.value = null;
    loadError.value = null;
  }

  async function open(id: number) {
    saveError.value = null;
    const result = await call('people.get', { id });
    if (!result.ok) {
      loadError.value = result.error;
      current.value = null;
      return;
    }
    loadError.value = null;
    current.value = result.value;
    draft.value = fieldsOf(result.value);
  }

  /** Saves the draft. On any failure the draft stays exactly as the user typed it, and the error
   * also stays in `saveError` for the form to show. */
  async function save(): Promise<Outcome<PersonDetail>> {
    saving.value = true;
    try {
      const fields = { ...draft.value, supportStatuses: [...draft.value.supportStatuses] };
      const result = outcome(
        current.value
          ? await call('people.update', { ...fields, id: current.value.id, version: current.value.version })
          : await call('people.create', fields),
      );
      saveError.value = result.error;
      if (result.error) return result;
      current.value = result.value;
      draft.value = fieldsOf(result.value);
      // The list may show this person: reload it next time it is shown.
      loaded.value = false;
      return result;
    } finally {
      saving.value = false;
    }
  }

  /** Full ID numbers for a role that sees them masked; the service audits every reveal. */
  async function reveal(id: number) {
    return outcome(await call('people.revealId', { id }));
  }

  /** Archives or restores the open record. */
  async function archive(archived: boolean): Promise<Outcome<PersonDetail>> {
    if (!current.value) return failed({ code: 'PERSON_NOT_FOUND' });
    const result = outcome(await call('people.archive', { id: current.value.id, archived }));
    if (result.error) return result;
    current.value = result.value;
    draft.value = fieldsOf(result.value);
    loaded.value = false;
    return result;
  }

  /** Deletes the open record (refused when anything depends on it). */
  async function remove(): Promise<Outcome<{ deleted: true }>> {
    if (!current.value) return failed({ code: 'PERSON_NOT_FOUND' });
    const result = outcome(await call('people.delete', { id: current.value.id }));
    if (result.error) return result;
    current.value = null;
    draft.value = emptyPerson();
    loaded.value = false;
    return result;
  }

  // ---- looking someone up (pickers in other areas) ----
  /** The first matches for a name, ID fragment or certificate number; [] on any failure. */
  async function lookup(q: string, limit = 8): Promise<PersonRow[]> {
    if (q.trim() === '') return [];
    const result = await call('people.search', { q, limit });
    return result.ok ? result.value.rows : [];
  }

  // ---- certificates expiring ----
  const expiring = ref<ExpiringCertificates | null>(null);
  async function loadExpiring() {
    const result = await call('people.expiring', {});
    if (result.ok) expiring.value = result.value;
    else listError.value = result.error;
  }

  return {
    overview,
    openOverview,
    query,
    total,
    loaded,
    listError,
    rows,
    refresh,
    reload,
    ensureRange,
    sortBy,
    current,
    draft,
    saveError,
    loadError,
    saving,
    startNew,
    open,
    save,
    lookup,
    reveal,
    archive,
    remove,
    expiring,
    loadExpiring,
  };
});
