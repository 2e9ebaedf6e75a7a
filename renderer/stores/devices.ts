// Assistive devices state: the catalogue and the year's rules, one person's device file with the
// forms being filled in (kept as typed whatever a save returns), follow-ups due and figures.
// Yuan typed by people become fen here, before anything is sent.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { failed, outcome, type Outcome } from './outcome';
import type { AppError } from '../../db/contract';
import type {
  Assessment,
  CatalogueItem,
  DeviceFigures,
  DevicePersonFile,
  DeviceRules,
  Fitting,
  FittingRow,
  FollowupsDue,
  Quote,
} from '../../db/devices/contract';
import { DEVICE_CLASSES, type AbandonReason, type DeviceClass, type FollowupOutcome } from '../../db/devices/rules';
import { SUPPORT_STATUSES, type SupportStatus } from '../../db/people/rules';
import { formatFen, parseYuan } from '../../db/common/money';

/** Fen as the yuan text a form shows ("800.00", no separators, so it parses back). */
export function fenToYuanText(fen: number): string {
  return formatFen(fen).replace(/,/g, '');
}

function amountError(field: string): AppError {
  return { code: 'AMOUNT_INVALID', field };
}

/** Several field errors as one value, as the service reports them. */
function combine(errors: AppError[]): AppError | null {
  if (errors.length === 0) return null;
  if (errors.length === 1) return errors[0]!;
  return { code: 'VALIDATION', field: errors[0]!.field, details: errors };
}

// ---- form shapes (what the user types) ----

export interface ItemDraft {
  code: string;
  deviceClass: DeviceClass;
  isoCode: string;
  name: string;
  listPrice: string;
  replaceMonths: string;
  subsidyCap: string;
  basic: boolean;
  active: boolean;
}

export interface RulesDraft {
  freeBasicStatuses: SupportStatus[];
  statusPercents: Record<SupportStatus, string>;
  defaultPercent: string;
  classCaps: Record<DeviceClass, string>;
  /** Per class, the share of the subsidy that pays the fitting service (%), e.g. hearing aids 20. */
  serviceShares: Record<DeviceClass, string>;
  afterFittingMonths: string;
  afterAdjustmentMonths: string;
}

export interface AssessmentDraft {
  assessedOn: string;
  assessor: string;
  needs: string;
  recommendedClasses: DeviceClass[];
  prescription: string;
}

export interface FittingDraft {
  assessmentId: number | null;
  itemId: number | null;
  supplier: string;
  serialNumber: string;
  cost: string;
  fittedOn: string;
  trainingGiven: boolean;
  trainingNotes: string;
  replacementReason: string;
}

export interface FollowupDraft {
  visitedOn: string;
  outcome: FollowupOutcome | null;
  abandonReason: AbandonReason | null;
  notes: string;
  visitor: string;
}

export function emptyItem(): ItemDraft {
  return { code: '', deviceClass: 'mobility', isoCode: '', name: '', listPrice: '', replaceMonths: '', subsidyCap: '', basic: true, active: true };
}

export function itemDraftOf(item: CatalogueItem): ItemDraft {
  return {
    code: item.code,
    deviceClass: item.deviceClass,
    isoCode: item.isoCode,
    name: item.name,
    listPrice: fenToYuanText(item.listPriceFen),
    replaceMonths: String(item.replaceMonths),
    subsidyCap: fenToYuanText(item.subsidyCapFen),
    basic: item.basic,
    active: item.active,
  };
}

function rulesDraftOf(rules: DeviceRules): RulesDraft {
  const s = rules.subsidy;
  return {
    freeBasicStatuses: [...s.freeBasicStatuses],
    statusPercents: Object.fromEntries(SUPPORT_STATUSES.map((k) => [k, s.statusPercents[k] === null ? '' : String(s.statusPercents[k])])) as Record<
      SupportStatus,
      string
    >,
    defaultPercent: String(s.defaultPercent),
    classCaps: Object.fromEntries(DEVICE_CLASSES.map((c) => [c, s.classCapsFen[c] === null ? '' : fenToYuanText(s.classCapsFen[c]!)])) as Record<
      DeviceClass,
      string
    >,
    serviceShares: Object.fromEntries(DEVICE_CLASSES.map((c) => [c, s.serviceSharePercents?.[c] === undefined ? '' : String(s.serviceSharePercents[c])])) as Record<
      DeviceClass,
      string
    >,
    afterFittingMonths: String(rules.afterFittingMonths),
    afterAdjustmentMonths: String(rules.afterAdjustmentMonths),
  };
}

export function emptyAssessment(today: string): AssessmentDraft {
  return { assessedOn: today, assessor: '', needs: '', recommendedClasses: [], prescription: '' };
}

export function emptyFitting(today: string, assessmentId: number | null = null): FittingDraft {
  return {
    assessmentId,
    itemId: null,
    supplier: '',
    serialNumber: '',
    cost: '',
    fittedOn: today,
    trainingGiven: false,
    trainingNotes: '',
    replacementReason: '',
  };
}

function fittingDraftOf(f: Fitting): FittingDraft {
  return {
    assessmentId: f.assessmentId,
    itemId: f.itemId,
    supplier: f.supplier,
    serialNumber: f.serialNumber,
    cost: fenToYuanText(f.costFen),
    fittedOn: f.fittedOn,
    trainingGiven: f.trainingGiven,
    trainingNotes: f.trainingNotes,
    replacementReason: f.replacementReason,
  };
}

export function emptyFollowup(today: string): FollowupDraft {
  return { visitedOn: today, outcome: null, abandonReason: null, notes: '', visitor: '' };
}

/** A whole number typed into a form, or null. */
function parseWhole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : null;
}

export const useDevicesStore = defineStore('devices', () => {
  // ---- catalogue ----
  const catalogue = ref<CatalogueItem[] | null>(null);
  const catalogueError = ref<AppError | null>(null);
  const itemDraft = ref<ItemDraft>(emptyItem());
  const editingItem = ref<CatalogueItem | null>(null);
  const itemError = ref<AppError | null>(null);
  const saving = ref(false);

  async function loadCatalogue() {
    const result = await call('devices.catalogue', {});
    if (result.ok) {
      catalogue.value = result.value;
      catalogueError.value = null;
    } else catalogueError.value = result.error;
  }

  function startItem(item: CatalogueItem | null) {
    editingItem.value = item;
    itemDraft.value = item ? itemDraftOf(item) : emptyItem();
    itemError.value = null;
  }

  // The saves below answer with the saved record or the error, which also stays in the form's
  // error state for the form to show.
  async function saveItem(): Promise<Outcome<CatalogueItem>> {
    const d = itemDraft.value;
    const listPriceFen = parseYuan(d.listPrice);
    const subsidyCapFen = parseYuan(d.subsidyCap);
    const replaceMonths = parseWhole(d.replaceMonths);
    const local = combine([
      ...(listPriceFen === null ? [amountError('listPriceFen')] : []),
      ...(replaceMonths === null ? [{ code: 'DEVICE_MONTHS_RANGE', field: 'replaceMonths' }] : []),
      ...(subsidyCapFen === null ? [amountError('subsidyCapFen')] : []),
    ]);
    if (local) {
      itemError.value = local;
      return failed(local);
    }
    const fields = {
      code: d.code,
      deviceClass: d.deviceClass,
      isoCode: d.isoCode,
      name: d.name,
      listPriceFen: listPriceFen!,
      replaceMonths: replaceMonths!,
      subsidyCapFen: subsidyCapFen!,
      basic: d.basic,
      active: d.active,
    };
    saving.value = true;
    try {
      const editing = editingItem.value;
      const result = outcome(editing ? await call('devices.itemUpdate', { ...fields, id: editing.id, version: editing.version }) : await call('devices.itemCreate', fields));
      itemError.value = result.error;
      if (result.error) return result;
      await loadCatalogue();
      startItem(null);
      return result;
    } finally {
      saving.value = false;
    }
  }

  // ---- the year's rules ----
  const rules = ref<DeviceRules | null>(null);
  const rulesDraft = ref<RulesDraft | null>(null);
  const rulesError = ref<AppError | null>(null);

  async function loadRules(year: number) {
    const result = await call('devices.rules', { year });
    if (!result.ok) {
      rulesError.value = result.error;
      return;
    }
    rulesError.value = null;
    rules.value = result.value;
    rulesDraft.value = rulesDraftOf(result.value);
  }

  async function saveRules(year: number): Promise<Outcome<DeviceRules>> {
    const d = rulesDraft.value;
    if (!d) return failed({ code: 'DEVICE_RULES_NOT_LOADED' });
    const errors: AppError[] = [];
    const percentOf = (text: string, field: string, optional: boolean): number | null => {
      if (optional && text.trim() === '') return null;
      const n = parseWhole(text);
      if (n === null || n > 100) errors.push({ code: 'DEVICE_PERCENT_RANGE', field });
      return n;
    };
    const statusPercents = Object.fromEntries(
      SUPPORT_STATUSES.map((s) => [s, percentOf(d.statusPercents[s], `subsidy.statusPercents.${s}`, true)]),
    ) as Record<SupportStatus, number | null>;
    const defaultPercent = percentOf(d.defaultPercent, 'subsidy.defaultPercent', false);
    const classCapsFen = Object.fromEntries(
      DEVICE_CLASSES.map((c) => {
        const text = d.classCaps[c].trim();
        if (text === '') return [c, null];
        const fen = parseYuan(text);
        if (fen === null) errors.push(amountError(`subsidy.classCapsFen.${c}`));
        return [c, fen];
      }),
    ) as Record<DeviceClass, number | null>;
    // Saved with the rest, so saving this screen never drops a share set before.
    const serviceSharePercents = Object.fromEntries(
      DEVICE_CLASSES.flatMap((c) => {
        const n = percentOf(d.serviceShares[c], `subsidy.serviceSharePercents.${c}`, true);
        return n === null ? [] : [[c, n]];
      }),
    ) as Partial<Record<DeviceClass, number>>;
    const afterFittingMonths = parseWhole(d.afterFittingMonths);
    const afterAdjustmentMonths = parseWhole(d.afterAdjustmentMonths);
    if (afterFittingMonths === null) errors.push({ code: 'DEVICE_MONTHS_RANGE', field: 'afterFittingMonths' });
    if (afterAdjustmentMonths === null) errors.push({ code: 'DEVICE_MONTHS_RANGE', field: 'afterAdjustmentMonths' });
    const local = combine(errors);
    if (local) {
      rulesError.value = local;
      return failed(local);
    }
    saving.value = true;
    try {
      const result = outcome(
        await call('devices.rulesSave', {
          year,
          subsidy: { freeBasicStatuses: [...d.freeBasicStatuses], statusPercents, defaultPercent: defaultPercent!, classCapsFen, serviceSharePercents },
          afterFittingMonths: afterFittingMonths!,
          afterAdjustmentMonths: afterAdjustmentMonths!,
        }),
      );
      rulesError.value = result.error;
      if (result.error) return result;
      rules.value = result.value;
      rulesDraft.value = rulesDraftOf(result.value);
      return result;
    } finally {
      saving.value = false;
    }
  }

  // ---- one person's device file ----
  const file = ref<DevicePersonFile | null>(null);
  const fileError = ref<AppError | null>(null);

  async function openPerson(personId: number) {
    const result = await call('devices.person', { personId });
    if (!result.ok) {
      fileError.value = result.error;
      file.value = null;
      return;
    }
    fileError.value = null;
    file.value = result.value;
  }

  async function reloadPerson() {
    if (file.value) await openPerson(file.value.person.id);
  }

  const assessmentDraft = ref<AssessmentDraft>(emptyAssessment(''));
  const assessmentError = ref<AppError | null>(null);

  function startAssessment(today: string) {
    assessmentDraft.value = emptyAssessment(today);
    assessmentError.value = null;
  }

  async function saveAssessment(): Promise<Outcome<Assessment>> {
    if (!file.value) return failed({ code: 'PERSON_NOT_FOUND' });
    saving.value = true;
    try {
      const d = assessmentDraft.value;
      const result = outcome(await call('devices.assessmentCreate', { ...d, recommendedClasses: [...d.recommendedClasses], personId: file.value.person.id }));
      assessmentError.value = result.error;
      if (result.error) return result;
      await reloadPerson();
      return result;
    } finally {
      saving.value = false;
    }
  }

  // ---- the fitting form, with its live quote ----
  const fittingDraft = ref<FittingDraft>(emptyFitting(''));
  const editingFitting = ref<Fitting | null>(null);
  const fittingError = ref<AppError | null>(null);
  const quote = ref<Quote | null>(null);
  let quoteGeneration = 0;

  function startFitting(today: string, fitting: Fitting | null = null) {
    editingFitting.value = fitting;
    const latestAssessment = file.value?.assessments[0]?.id ?? null;
    fittingDraft.value = fitting ? fittingDraftOf(fitting) : emptyFitting(today, latestAssessment);
    fittingError.value = null;
    quote.value = null;
    void requestQuote();
  }

  /** Asks for the split of what is typed so far; stays empty until item, cost and date are usable. */
  async function requestQuote() {
    const mine = ++quoteGeneration;
    const d = fittingDraft.value;
    const costFen = parseYuan(d.cost);
    if (!file.value || d.itemId === null || costFen === null || !/^\d{4}-\d{2}-\d{2}$/.test(d.fittedOn.trim())) {
      quote.value = null;
      return;
    }
    const result = await call('devices.quote', {
      personId: file.value.person.id,
      itemId: d.itemId,
      costFen,
      fittedOn: d.fittedOn,
      fittingId: editingFitting.value?.id ?? null,
    });
    if (mine !== quoteGeneration) return; // the user typed on: a newer quote is coming
    quote.value = result.ok ? result.value : null;
  }

  async function saveFitting(): Promise<Outcome<Fitting>> {
    if (!file.value) return failed({ code: 'PERSON_NOT_FOUND' });
    const d = fittingDraft.value;
    const costFen = parseYuan(d.cost);
    if (costFen === null) {
      fittingError.value = d.cost.trim() === '' ? { code: 'REQUIRED', field: 'costFen' } : amountError('costFen');
      return failed(fittingError.value);
    }
    const fields = {
      assessmentId: d.assessmentId,
      itemId: d.itemId ?? 0,
      supplier: d.supplier,
      serialNumber: d.serialNumber,
      costFen,
      fittedOn: d.fittedOn,
      trainingGiven: d.trainingGiven,
      trainingNotes: d.trainingNotes,
      replacementReason: d.replacementReason,
    };
    saving.value = true;
    try {
      const editing = editingFitting.value;
      const result = outcome(
        editing
          ? await call('devices.fittingUpdate', { ...fields, id: editing.id, version: editing.version })
          : await call('devices.fittingCreate', { ...fields, personId: file.value.person.id }),
      );
      fittingError.value = result.error;
      if (result.error) return result;
      await reloadPerson();
      return result;
    } finally {
      saving.value = false;
    }
  }

  // ---- follow-ups ----
  const due = ref<FollowupsDue | null>(null);
  const dueError = ref<AppError | null>(null);
  const followupDraft = ref<FollowupDraft>(emptyFollowup(''));
  const followupError = ref<AppError | null>(null);

  async function loadDue(withinDays: number) {
    const result = await call('devices.followupsDue', { withinDays });
    if (result.ok) {
      due.value = result.value;
      dueError.value = null;
    } else dueError.value = result.error;
  }

  function startFollowup(today: string) {
    followupDraft.value = emptyFollowup(today);
    followupError.value = null;
  }

  async function saveFollowup(fittingId: number): Promise<Outcome<Fitting>> {
    const d = followupDraft.value;
    saving.value = true;
    try {
      const result = outcome(
        await call('devices.followupRecord', {
          fittingId,
          visitedOn: d.visitedOn,
          outcome: d.outcome ?? ('' as FollowupOutcome),
          abandonReason: d.outcome === 'abandoned' ? d.abandonReason : null,
          notes: d.notes,
          visitor: d.visitor,
        }),
      );
      followupError.value = result.error;
      return result;
    } finally {
      saving.value = false;
    }
  }

  // ---- lists and figures ----
  const recent = ref<FittingRow[] | null>(null);
  const recentError = ref<AppError | null>(null);
  async function loadRecent() {
    const result = await call('devices.recent', {});
    if (result.ok) {
      recent.value = result.value;
      recentError.value = null;
    } else recentError.value = result.error;
  }

  const figures = ref<DeviceFigures | null>(null);
  const figuresError = ref<AppError | null>(null);
  async function loadFigures(year: number) {
    const result = await call('devices.figures', { year });
    if (result.ok) {
      figures.value = result.value;
      figuresError.value = null;
    } else figuresError.value = result.error;
  }

  return {
    saving,
    catalogue,
    catalogueError,
    itemDraft,
    editingItem,
    itemError,
    loadCatalogue,
    startItem,
    saveItem,
    rules,
    rulesDraft,
    rulesError,
    loadRules,
    saveRules,
    file,
    fileError,
    openPerson,
    assessmentDraft,
    assessmentError,
    startAssessment,
    saveAssessment,
    fittingDraft,
    editingFitting,
    fittingError,
    quote,
    startFitting,
    requestQuote,
    saveFitting,
    due,
    dueError,
    followupDraft,
    followupError,
    loadDue,
    startFollowup,
    saveFollowup,
    recent,
    recentError,
    loadRecent,
    figures,
    figuresError,
    loadFigures,
  };
});
