// 精准康复 state: one person's needs page (needs, screening, diagnosis, plan, referrals, reminders),
// the reminders and visits lists, and the indicators of a year. Per cent typed by people become per
// mille here, before anything is sent.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { failed, outcome, type Outcome } from './outcome';
import type { CallInput, CallName, CallResult } from '../../db/contract';
import type { IndicatorPersonRow, Indicators, PersonNeeds, RemindersDue, VisitQuarters } from '../../db/needs/contract';
import type { Indicator } from '../../db/needs/rules';
import type { CatalogueItem } from '../../db/devices/contract';

async function run<N extends CallName>(name: N, input: CallInput<N>): Promise<Outcome<CallResult<N>>> {
  return outcome(await call(name, input));
}

/** "99" or "99.5" per cent → 990 or 995 per mille; '' → null; anything else NaN (refused by the contract). */
export function percentToPermille(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d{1,3}(\.\d)?$/.test(trimmed) ? Math.round(Number(trimmed) * 10) : Number.NaN;
}

/** Per mille as per cent text (667 → "66.7"); '—' style absence is the screen's. */
export function permilleText(value: number | null): string {
  if (value === null) return '';
  return (value / 10).toFixed(1).replace(/\.0$/, '');
}

export const useNeedsStore = defineStore('needs', () => {
  const page = ref<PersonNeeds | null>(null);
  const pageError = ref<Outcome<null>['error']>(null);
  const catalogue = ref<CatalogueItem[]>([]);

  async function open(personId: number) {
    const r = await run('needs.person.get', { personId });
    pageError.value = r.error;
    page.value = r.error ? null : r.value;
    if (catalogue.value.length === 0) {
      const items = await run('devices.catalogue', {});
      if (!items.error) catalogue.value = items.value.filter((i) => i.active);
    }
    return r;
  }

  /** Saves, then reloads the person's page, only when the save went through. */
  async function saveThenReload<N extends CallName>(name: N, input: CallInput<N>): Promise<Outcome<CallResult<N>>> {
    const r = await run(name, input);
    if (!r.error && page.value) await open(page.value.person.id);
    return r;
  }

  const addNeed = (input: CallInput<'needs.create'>) => saveThenReload('needs.create', input);
  const closeNeed = (input: CallInput<'needs.close'>) => saveThenReload('needs.close', input);
  const addScreening = (input: CallInput<'needs.screening.create'>) => saveThenReload('needs.screening.create', input);
  const addDiagnosis = (input: CallInput<'needs.diagnosis.create'>) => saveThenReload('needs.diagnosis.create', input);
  const linkDiagnosis = (id: number) => saveThenReload('needs.diagnosis.link', { id });
  const savePlan = (input: CallInput<'needs.plan.save'>) => saveThenReload('needs.plan.save', input);
  const addReferral = (input: CallInput<'needs.referrals.create'>) => saveThenReload('needs.referrals.create', input);
  const addReminder = (input: CallInput<'needs.reminders.create'>) => saveThenReload('needs.reminders.create', input);
  const exportTransfer = (input: CallInput<'needs.transfer.export'>) => saveThenReload('needs.transfer.export', input);
  const importTransfer = (path: string) => run('needs.transfer.import', { path });
  const downloadLink = (fileId: string) => run('files.link', { fileId });

  // ---- lists ----
  const remindersDue = ref<RemindersDue | null>(null);
  async function loadReminders() {
    const r = await run('needs.reminders.due', {});
    remindersDue.value = r.error ? null : r.value;
    return r;
  }
  async function remind(input: CallInput<'needs.reminders.create'>) {
    const r = await run('needs.reminders.create', input);
    if (!r.error) await loadReminders();
    return r;
  }

  const visits = ref<VisitQuarters | null>(null);
  async function loadVisits(year: number) {
    const r = await run('needs.visits.quarters', { year });
    visits.value = r.error ? null : r.value;
    return r;
  }

  // ---- indicators ----
  const indicators = ref<Indicators | null>(null);
  const people = ref<{ indicator: Indicator; onlyMissing: boolean; rows: IndicatorPersonRow[] } | null>(null);
  async function loadIndicators(year: number) {
    const r = await run('needs.indicators', { year });
    indicators.value = r.error ? null : r.value;
    people.value = null;
    return r;
  }
  async function loadPeople(year: number, indicator: Indicator, onlyMissing: boolean) {
    const r = await run('needs.indicators.people', { year, indicator, onlyMissing });
    people.value = r.error ? null : { indicator, onlyMissing, rows: r.value };
    return r;
  }
  /** Targets typed as per cent; a text that is not one fails on its own field before anything is sent. */
  async function saveTargets(year: number, typed: Record<Indicator, string>): Promise<Outcome<Indicators>> {
    const targets = (Object.entries(typed) as [Indicator, string][]).map(([indicator, text]) => ({ indicator, permille: percentToPermille(text) }));
    const bad = targets.find((t) => t.permille !== null && Number.isNaN(t.permille));
    if (bad) return failed({ code: 'NEEDS_TARGET_RANGE', field: `target-${bad.indicator}` });
    const r = await run('needs.targets.save', { year, targets });
    if (!r.error) indicators.value = r.value;
    return r;
  }
  const exportTargets = (year: number, issuer: string) => run('needs.targets.export', { year, issuer });
  async function importTargets(path: string) {
    const r = await run('needs.targets.import', { path });
    if (!r.error) indicators.value = r.value;
    return r;
  }

  return {
    page,
    pageError,
    catalogue,
    open,
    addNeed,
    closeNeed,
    addScreening,
    addDiagnosis,
    linkDiagnosis,
    savePlan,
    addReferral,
    addReminder,
    exportTransfer,
    importTransfer,
    downloadLink,
    remindersDue,
    loadReminders,
    remind,
    visits,
    loadVisits,
    indicators,
    people,
    loadIndicators,
    loadPeople,
    saveTargets,
    importTargets,
    exportTargets,
  };
});
