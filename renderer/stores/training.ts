// Training and employment state: course types, classes with their roster and attendance,
// employers, placements, follow-ups, figures and the roster import. Forms keep what the user
// typed whatever a save returns; errors are values the views word with i18n.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { failed, outcome, type Outcome } from './outcome';
import { createImportJob } from './import-job';
import { issuesToError, type AppError, type CallInput, type CallName, type CallResult, type PersonFields, type PersonRow } from '../../db/contract';
import { classInput } from '../../db/training/contract';
import type {
  AttendanceDay,
  CertificateInput,
  ClassDetail,
  ClassRow,
  CourseTypeInfo,
  EmployerRow,
  FollowUpsDue,
  ImportColumn,
  ImportInvalidRows,
  ImportStatus,
  PlacementDetail,
  PlacementRow,
  TrainingFigures,
  TermRow,
  JobSeekerRow,
  EmployerYearRow,
  EmploymentSettings,
  EntrepreneurRow,
  PublicWelfareFigure,
} from '../../db/training/contract';
import type { Dictionary } from '../../db/training/employment-rules';
import { FULL_TIME_BY_DEFAULT, type AttendanceStatus, type PlacementType } from '../../db/training/rules';
import { formatFen, parseYuan } from '../../db/common/money';

/** What the class form holds: numbers stay text until saved, so a half-typed value is never lost. */
export interface ClassDraft {
  courseType: string;
  title: string;
  startDate: string;
  endDate: string;
  totalHours: string;
  teacher: string;
  location: string;
  capacity: string;
  cycle: string | null;
  provider: string;
  industry: string | null;
  freeToTrainee: boolean;
  minHours: string;
}

export interface PlacementDraft {
  person: PersonRow | null;
  placementType: PlacementType;
  employerId: number | null;
  industry: string | null;
  jobRoute: string | null;
  contractType: string | null;
  insuranceType: string | null;
  startDate: string;
  endDate: string;
  wage: string;
  fullTime: boolean;
  hasContract: boolean;
  socialInsurance: boolean;
  notes: string;
}

export interface EmployerDraft {
  name: string;
  creditCode: string;
  address: string;
  contact: string;
  phone: string;
}

export function emptyClass(): ClassDraft {
  return {
    courseType: 'massage_health',
    title: '',
    startDate: '',
    endDate: '',
    totalHours: '',
    teacher: '',
    location: '',
    capacity: '',
    cycle: null,
    provider: '',
    industry: null,
    freeToTrainee: true,
    minHours: '0',
  };
}

export function emptyPlacement(today: string): PlacementDraft {
  return {
    person: null,
    placementType: 'centralised',
    employerId: null,
    industry: null,
    jobRoute: null,
    contractType: null,
    insuranceType: null,
    startDate: today,
    endDate: '',
    wage: '',
    fullTime: FULL_TIME_BY_DEFAULT.centralised,
    hasContract: false,
    socialInsurance: false,
    notes: '',
  };
}

export function emptyEmployer(): EmployerDraft {
  return { name: '', creditCode: '', address: '', contact: '', phone: '' };
}

/** Field errors found before calling (e.g. a number that is not one), in the service's shape. */
function localErrors(details: AppError[]): AppError | null {
  if (details.length === 0) return null;
  return details.length === 1 ? details[0]! : { code: 'VALIDATION', field: details[0]!.field, details };
}

function wholeNumber(text: string, field: string, errors: AppError[]): number {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed) || Number(trimmed) < 1) {
    errors.push({ code: trimmed === '' ? 'REQUIRED' : 'TRAINING_WHOLE_NUMBER', field });
    return 0;
  }
  return Number(trimmed);
}

/** Yuan as typed → fen; '' → null; anything else is a field error. */
function optionalFen(text: string, field: string, errors: AppError[]): number | null {
  if (text.trim() === '') return null;
  const fen = parseYuan(text);
  if (fen === null) errors.push({ code: 'AMOUNT_INVALID', field });
  return fen;
}

function classDraftOf(c: ClassDetail): ClassDraft {
  return {
    courseType: c.courseType,
    title: c.title,
    startDate: c.startDate,
    endDate: c.endDate,
    totalHours: String(c.totalHours),
    teacher: c.teacher,
    location: c.location,
    capacity: String(c.capacity),
    cycle: c.cycle,
    provider: c.provider,
    industry: c.industry,
    freeToTrainee: c.freeToTrainee,
    minHours: String(c.minHours),
  };
}

/** A whole number ≥ 0 typed as text ('' = 0). */
function countOf(text: string, field: string, errors: AppError[]): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d{1,7}$/.test(trimmed)) {
    errors.push({ code: 'TRAINING_WHOLE_NUMBER', field });
    return 0;
  }
  return Number(trimmed);
}

/** The form's values as saved (dates normalised, wage as yuan text). */
function placementDraftOf(p: PlacementDetail, person: PersonRow | null): PlacementDraft {
  return {
    person,
    placementType: p.placementType,
    employerId: p.employerId,
    industry: p.industry || null,
    jobRoute: p.jobRoute || null,
    contractType: p.contractType || null,
    insuranceType: p.insuranceType || null,
    startDate: p.startDate,
    endDate: p.endDate,
    wage: p.monthlyWageFen === null ? '' : formatFen(p.monthlyWageFen).replace(/,/g, ''),
    fullTime: p.fullTime,
    hasContract: p.hasContract,
    socialInsurance: p.socialInsurance,
    notes: p.notes,
  };
}


export const useTrainingStore = defineStore('training', () => {
  async function run<N extends CallName>(name: N, input: CallInput<N>): Promise<Outcome<CallResult<N>>> {
    return outcome(await call(name, input));
  }

  // ---- course types ----
  const courseTypes = ref<CourseTypeInfo[]>([]);
  function showCourseTypes(result: Outcome<CourseTypeInfo[]>) {
    if (!result.error) courseTypes.value = result.value;
    return result;
  }
  const loadCourseTypes = async () => showCourseTypes(await run('training.courseTypes.list', {}));
  async function addCourseType(name: string, minText: string): Promise<Outcome<CourseTypeInfo[]>> {
    const errors: AppError[] = [];
    const min = wholeNumber(minText, 'minAttendancePct', errors);
    if (errors.length) return failed(localErrors(errors)!);
    return showCourseTypes(await run('training.courseTypes.add', { name, minAttendancePct: min }));
  }
  async function setMinimum(code: string, minText: string, effectiveFrom: string): Promise<Outcome<CourseTypeInfo[]>> {
    const errors: AppError[] = [];
    const min = wholeNumber(minText, 'minAttendancePct', errors);
    if (errors.length) return failed(localErrors(errors)!);
    return showCourseTypes(await run('training.courseTypes.setMinimum', { code, minAttendancePct: min, effectiveFrom }));
  }

  // ---- classes ----
  const classes = ref<ClassRow[]>([]);
  const classTotal = ref(0);
  const classesLoaded = ref(false);
  const listError = ref<AppError | null>(null);
  const classQuery = ref<{ q: string; courseType: string | null }>({ q: '', courseType: null });

  async function loadClasses() {
    const result = await run('training.classes.list', { ...classQuery.value });
    if (result.error) {
      listError.value = result.error;
      return;
    }
    listError.value = null;
    classes.value = result.value.rows;
    classTotal.value = result.value.total;
    classesLoaded.value = true;
  }

  const currentClass = ref<ClassDetail | null>(null);
  const classDraft = ref<ClassDraft>(emptyClass());
  const classError = ref<AppError | null>(null);
  const loadError = ref<AppError | null>(null);
  const saving = ref(false);

  function startNewClass() {
    currentClass.value = null;
    classDraft.value = emptyClass();
    classError.value = null;
    loadError.value = null;
  }

  async function openClass(id: number) {
    classError.value = null;
    const result = await run('training.classes.get', { id });
    if (result.error) {
      loadError.value = result.error;
      currentClass.value = null;
      return;
    }
    loadError.value = null;
    currentClass.value = result.value;
    classDraft.value = classDraftOf(result.value);
  }

  /** Keeps the open class in step with a change made to it (roster, attendance, completion). */
  function showClass(detail: ClassDetail) {
    currentClass.value = detail;
    classesLoaded.value = false;
  }

  /** Saves the class form; the error also stays in `classError` for the form to show. */
  async function saveClass(): Promise<Outcome<ClassDetail>> {
    const errors: AppError[] = [];
    const d = classDraft.value;
    const totalHours = wholeNumber(d.totalHours, 'totalHours', errors);
    const capacity = wholeNumber(d.capacity, 'capacity', errors);
    const minHours = countOf(d.minHours, 'minHours', errors);
    // The contract's own schema checks the other fields here, so every problem shows at once.
    const parsed = classInput().safeParse({ ...d, totalHours: totalHours || 1, capacity: capacity || 1, minHours });
    if (!parsed.success) {
      const schemaError = issuesToError(parsed.error.issues);
      errors.unshift(...(schemaError.details ?? [schemaError]));
    }
    if (errors.length) {
      classError.value = localErrors(errors);
      return failed(classError.value!);
    }
    saving.value = true;
    try {
      const fields = { ...d, totalHours, capacity, minHours };
      const result = currentClass.value
        ? await run('training.classes.update', { ...fields, id: currentClass.value.id, version: currentClass.value.version })
        : await run('training.classes.create', fields);
      classError.value = result.error;
      if (result.error) return result;
      showClass(result.value);
      classDraft.value = classDraftOf(result.value);
      return result;
    } finally {
      saving.value = false;
    }
  }

  async function classChange<N extends CallName>(name: N, input: CallInput<N>): Promise<Outcome<ClassDetail>> {
    const result = (await run(name, input)) as Outcome<ClassDetail>;
    if (!result.error) showClass(result.value);
    return result;
  }

  const enrol = (classId: number, personId: number) => classChange('training.enrol', { classId, personId });
  const enrolNew = (classId: number, person: PersonFields) => classChange('training.enrol', { classId, person });
  const unenrol = (enrolmentId: number) => classChange('training.unenrol', { enrolmentId });
  const setCompletion = (enrolmentId: number, completedOn: string) => classChange('training.completion.set', { enrolmentId, completedOn });
  const addCertificate = (input: CertificateInput) => classChange('training.certificates.add', input);
  const removeCertificate = (id: number) => classChange('training.certificates.remove', { id });

  // ---- attendance ----
  const attendanceDay = ref<AttendanceDay | null>(null);
  /** The marks being edited, by enrolment. */
  const marks = ref<Record<number, AttendanceStatus | null>>({});
  /** The hours of the open day as typed ('' = not recorded). */
  const dayHours = ref('');

  async function openAttendance(classId: number, date: string): Promise<Outcome<AttendanceDay>> {
    const result = await run('training.attendance.get', { classId, date });
    if (result.error) return result;
    attendanceDay.value = result.value;
    marks.value = Object.fromEntries(result.value.marks.map((m) => [m.enrolmentId, m.status]));
    dayHours.value = result.value.hours === null ? '' : String(result.value.hours);
    return result;
  }

  function markAll(status: AttendanceStatus) {
    for (const key of Object.keys(marks.value)) if (marks.value[Number(key)] === null) marks.value[Number(key)] = status;
  }

  /** Saves the open day's marks; answers with the day as saved. */
  async function saveAttendance(): Promise<Outcome<AttendanceDay>> {
    const day = attendanceDay.value;
    if (!day) return failed({ code: 'TRAINING_ATTENDANCE_NOT_OPEN' });
    const entries = day.marks.map((m) => ({ enrolmentId: m.enrolmentId, status: marks.value[m.enrolmentId] ?? null }));
    const missing = entries.filter((e) => e.status === null);
    if (missing.length) return failed({ code: 'TRAINING_ATTENDANCE_INCOMPLETE', params: { n: missing.length } });
    const hoursText = dayHours.value.trim();
    if (hoursText !== '' && (!/^\d{1,2}$/.test(hoursText) || Number(hoursText) < 1 || Number(hoursText) > 24)) {
      return failed({ code: 'TRAINING_HOURS', field: 'hours' });
    }
    const hours = hoursText === '' ? null : Number(hoursText);
    const result = await run('training.attendance.save', {
      classId: day.classId,
      date: day.date,
      marks: entries.map((e) => ({ enrolmentId: e.enrolmentId, status: e.status! })),
      hours,
    });
    if (result.error) return result;
    showClass(result.value);
    attendanceDay.value = { ...day, taken: true, hours: hours ?? day.hours, marks: entries };
    return { value: attendanceDay.value, error: null };
  }

  // ---- employers ----
  const employers = ref<EmployerRow[]>([]);
  async function loadEmployers(q = ''): Promise<Outcome<EmployerRow[]>> {
    const result = await run('training.employers.list', { q });
    if (!result.error) employers.value = result.value;
    return result;
  }
  async function saveEmployer(draft: EmployerDraft, existing: EmployerRow | null): Promise<Outcome<EmployerRow>> {
    const result = existing
      ? await run('training.employers.update', { ...draft, id: existing.id, version: existing.version })
      : await run('training.employers.create', draft);
    if (!result.error) await loadEmployers();
    return result;
  }

  // ---- placements ----
  const placements = ref<PlacementRow[]>([]);
  const placementTotal = ref(0);
  const placementsLoaded = ref(false);
  const placementQuery = ref<{ q: string; placementType: PlacementType | null }>({ q: '', placementType: null });

  async function loadPlacements() {
    const result = await run('training.placements.list', { ...placementQuery.value, limit: 500 });
    if (result.error) {
      listError.value = result.error;
      return;
    }
    listError.value = null;
    placements.value = result.value.rows;
    placementTotal.value = result.value.total;
    placementsLoaded.value = true;
  }

  const currentPlacement = ref<PlacementDetail | null>(null);
  const placementDraft = ref<PlacementDraft>(emptyPlacement(''));
  const placementError = ref<AppError | null>(null);

  function startNewPlacement(today: string) {
    currentPlacement.value = null;
    placementDraft.value = emptyPlacement(today);
    placementError.value = null;
    loadError.value = null;
  }

  /** A new placement for someone already known (placed from the job-seeker list). */
  async function fillPlacementPerson(personId: number) {
    const person = await run('people.get', { id: personId });
    if (!person.error) placementDraft.value.person = person.value;
  }

  async function openPlacement(id: number) {
    placementError.value = null;
    const result = await run('training.placements.get', { id });
    if (result.error) {
      loadError.value = result.error;
      currentPlacement.value = null;
      return;
    }
    const person = await run('people.get', { id: result.value.personId });
    loadError.value = null;
    currentPlacement.value = result.value;
    placementDraft.value = placementDraftOf(result.value, person.value);
  }

  /** Saves the placement form; the error also stays in `placementError` for the form to show. */
  async function savePlacement(): Promise<Outcome<PlacementDetail>> {
    const d = placementDraft.value;
    const errors: AppError[] = [];
    const monthlyWageFen = optionalFen(d.wage, 'monthlyWageFen', errors);
    if (!d.person) errors.unshift({ code: 'REQUIRED', field: 'personId' });
    if (errors.length) {
      placementError.value = localErrors(errors);
      return failed(placementError.value!);
    }
    saving.value = true;
    try {
      const fields = {
        personId: d.person!.id,
        placementType: d.placementType,
        employerId: d.employerId,
        industry: d.industry,
        jobRoute: d.jobRoute,
        contractType: d.contractType,
        insuranceType: d.insuranceType,
        startDate: d.startDate,
        endDate: d.endDate,
        monthlyWageFen,
        fullTime: d.fullTime,
        hasContract: d.hasContract,
        socialInsurance: d.socialInsurance,
        notes: d.notes,
      };
      const result = currentPlacement.value
        ? await run('training.placements.update', { ...fields, id: currentPlacement.value.id, version: currentPlacement.value.version })
        : await run('training.placements.create', fields);
      placementError.value = result.error;
      if (result.error) return result;
      currentPlacement.value = result.value;
      placementDraft.value = placementDraftOf(result.value, d.person);
      placementsLoaded.value = false;
      return result;
    } finally {
      saving.value = false;
    }
  }

  // ---- follow-ups ----
  const followUpsDue = ref<FollowUpsDue | null>(null);
  async function loadFollowUps(): Promise<Outcome<FollowUpsDue>> {
    const result = await run('training.followUps.due', {});
    if (!result.error) followUpsDue.value = result.value;
    return result;
  }

  async function recordFollowUp(input: { id: number; doneOn: string; stillEmployed: boolean | null; wage: string; notes: string }): Promise<Outcome<PlacementDetail>> {
    const errors: AppError[] = [];
    const wageFen = input.stillEmployed ? optionalFen(input.wage, 'wageFen', errors) : null;
    if (input.stillEmployed === null) errors.unshift({ code: 'REQUIRED', field: 'stillEmployed' });
    if (errors.length) return failed(localErrors(errors)!);
    const result = await run('training.followUps.record', { id: input.id, doneOn: input.doneOn, stillEmployed: input.stillEmployed!, wageFen, notes: input.notes });
    if (!result.error) {
      if (currentPlacement.value?.id === result.value.id) currentPlacement.value = result.value;
      placementsLoaded.value = false;
    }
    return result;
  }

  // ---- figures ----
  const figures = ref<TrainingFigures | null>(null);
  async function loadFigures(year: number | null): Promise<Outcome<TrainingFigures>> {
    const result = await run('training.figures', { year });
    if (!result.error) figures.value = result.value;
    return result;
  }

  // ---- the real-name dictionaries ----
  const terms = ref<TermRow[]>([]);
  async function loadTerms(): Promise<Outcome<TermRow[]>> {
    if (terms.value.length) return { value: terms.value, error: null };
    const result = await run('training.terms.list', { dict: null, onDate: '' });
    if (!result.error) terms.value = result.value;
    return result;
  }
  /** The codes of a dictionary still in force (no end date), in the dictionary's order. */
  function termsOf(dict: Dictionary): TermRow[] {
    return terms.value.filter((r) => r.dict === dict && r.validTo === '');
  }

  // ---- job seekers ----
  const jobSeekers = ref<JobSeekerRow[]>([]);
  async function loadJobSeekers(q = '', wishOnly = false): Promise<Outcome<{ total: number; rows: JobSeekerRow[] }>> {
    const result = await run('training.jobSeekers.list', { q, wishOnly });
    if (!result.error) jobSeekers.value = result.value.rows;
    return result;
  }
  async function saveJobSeeker(input: CallInput<'training.jobSeekers.save'>): Promise<Outcome<JobSeekerRow>> {
    const result = await run('training.jobSeekers.save', input);
    if (!result.error) await loadJobSeekers();
    return result;
  }

  // ---- employers' years and the reward settings ----
  const employerYears = ref<EmployerYearRow[]>([]);
  async function loadEmployerYears(employerId: number): Promise<Outcome<EmployerYearRow[]>> {
    const result = await run('training.employerYears.list', { employerId });
    if (!result.error) employerYears.value = result.value;
    return result;
  }
  async function saveEmployerYear(draft: {
    employerId: number;
    year: string;
    staffCount: string;
    disabledEmployees: string;
    severeEmployees: string;
    months: string;
    assessedOn: string;
  }): Promise<Outcome<EmployerYearRow[]>> {
    const errors: AppError[] = [];
    const year = countOf(draft.year, 'year', errors);
    const staffCount = countOf(draft.staffCount, 'staffCount', errors);
    const disabledEmployees = countOf(draft.disabledEmployees, 'disabledEmployees', errors);
    const severeEmployees = countOf(draft.severeEmployees, 'severeEmployees', errors);
    const months = draft.months.trim() === '' ? 12 : countOf(draft.months, 'months', errors);
    if (errors.length) return failed(localErrors(errors)!);
    const result = await run('training.employerYears.save', { employerId: draft.employerId, year, staffCount, disabledEmployees, severeEmployees, months, assessedOn: draft.assessedOn });
    if (!result.error) employerYears.value = result.value;
    return result;
  }
  const employmentSettings = ref<EmploymentSettings | null>(null);
  async function loadEmploymentSettings(): Promise<Outcome<EmploymentSettings>> {
    const result = await run('training.employmentSettings.get', {});
    if (!result.error) employmentSettings.value = result.value;
    return result;
  }
  /** Sets one of the reward settings: the share in percent, the multiple, the wage in yuan (as typed). */
  async function setEmploymentSetting(key: 'quotaSharePermyriad' | 'rewardMultiple' | 'minimumWageFen', text: string, effectiveFrom: string): Promise<Outcome<EmploymentSettings>> {
    const trimmed = text.trim();
    let value: number | null = null;
    if (key === 'minimumWageFen') value = parseYuan(trimmed);
    else if (/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) value = key === 'quotaSharePermyriad' ? Math.round(Number(trimmed) * 100) : Number(trimmed);
    if (value === null || value <= 0) return failed({ code: 'TRAINING_SETTING_VALUE', field: 'value' });
    const result = await run('training.employmentSettings.set', { key, value, effectiveFrom });
    if (!result.error) employmentSettings.value = result.value;
    return result;
  }

  // ---- public-welfare posts ----
  async function setPublicWelfareTotal(year: number, totalText: string, source: string): Promise<Outcome<PublicWelfareFigure>> {
    const errors: AppError[] = [];
    const areaTotal = wholeNumber(totalText, 'areaTotal', errors);
    if (errors.length) return failed(localErrors(errors)!);
    const result = await run('training.publicWelfare.setTotal', { year, areaTotal, source });
    if (!result.error && figures.value) figures.value = { ...figures.value, publicWelfare: result.value };
    return result;
  }

  // ---- entrepreneurship ----
  const entrepreneurs = ref<EntrepreneurRow[]>([]);
  async function loadEntrepreneurs(): Promise<Outcome<EntrepreneurRow[]>> {
    const result = await run('training.entrepreneurs.list', { personId: null });
    if (!result.error) entrepreneurs.value = result.value;
    return result;
  }
  async function addEntrepreneurEntry(
    kind: 'support' | 'award',
    draft: { personId: number | null; type: string; date: string; amount: string; text: string },
  ): Promise<Outcome<EntrepreneurRow[]>> {
    const errors: AppError[] = [];
    if (draft.personId === null) errors.push({ code: 'REQUIRED', field: 'personId' });
    const amountFen = optionalFen(draft.amount, 'amountFen', errors);
    if (kind === 'award' && amountFen === null && draft.amount.trim() === '') errors.push({ code: 'REQUIRED', field: 'amountFen' });
    if (errors.length) return failed(localErrors(errors)!);
    const result =
      kind === 'support'
        ? await run('training.entrepreneurs.addSupport', {
            personId: draft.personId!,
            kind: draft.type as 'equipment' | 'funds' | 'training',
            givenOn: draft.date,
            amountFen,
            description: draft.text,
          })
        : await run('training.entrepreneurs.addAward', { personId: draft.personId!, level: draft.type, awardedOn: draft.date, amountFen: amountFen ?? 0, title: draft.text });
    if (!result.error) entrepreneurs.value = result.value;
    return result;
  }

  // ---- roster import ----
  const IMPORT_PAGE = 50;
  const rosterImport = createImportJob<ImportStatus, { classId: number | null }, ImportColumn>({
    pageSize: IMPORT_PAGE,
    start: (input) => call('training.import.start', input),
    preview: (input) => call('training.import.preview', input),
    adjust: (input) => call('training.import.adjust', input),
    commit: (input) => call('training.import.commit', input),
    committed: () => {
      classesLoaded.value = false;
    },
  });
  const importStatus = rosterImport.status;
  const importFilter = rosterImport.filter;
  const importOffset = rosterImport.offset;
  const startImport = (file: File, classId: number | null) => rosterImport.start(file, { classId });
  const adjustImport = rosterImport.adjust;
  const showImportRows = rosterImport.showRows;
  const commitImport = rosterImport.commit;
  const clearImport = rosterImport.clear;

  async function invalidImportRows(): Promise<Outcome<ImportInvalidRows>> {
    if (!importStatus.value) return failed({ code: 'IMPORT_NOT_FOUND' });
    return run('training.import.exportInvalid', { jobId: importStatus.value.jobId });
  }

  return {
    courseTypes,
    loadCourseTypes,
    addCourseType,
    setMinimum,
    classes,
    classTotal,
    classesLoaded,
    classQuery,
    listError,
    loadClasses,
    currentClass,
    classDraft,
    classError,
    loadError,
    saving,
    startNewClass,
    openClass,
    saveClass,
    enrol,
    enrolNew,
    unenrol,
    setCompletion,
    addCertificate,
    removeCertificate,
    attendanceDay,
    marks,
    openAttendance,
    markAll,
    saveAttendance,
    employers,
    loadEmployers,
    saveEmployer,
    placements,
    placementTotal,
    placementsLoaded,
    placementQuery,
    loadPlacements,
    currentPlacement,
    placementDraft,
    placementError,
    startNewPlacement,
    fillPlacementPerson,
    openPlacement,
    savePlacement,
    followUpsDue,
    loadFollowUps,
    recordFollowUp,
    figures,
    loadFigures,
    terms,
    loadTerms,
    termsOf,
    jobSeekers,
    loadJobSeekers,
    saveJobSeeker,
    employerYears,
    loadEmployerYears,
    saveEmployerYear,
    employmentSettings,
    loadEmploymentSettings,
    setEmploymentSetting,
    setPublicWelfareTotal,
    entrepreneurs,
    loadEntrepreneurs,
    addEntrepreneurEntry,
    dayHours,
    importStatus,
    importFilter,
    importOffset,
    IMPORT_PAGE,
    startImport,
    adjustImport,
    showImportRows,
    commitImport,
    invalidImportRows,
    clearImport,
  };
});
