// Employment in the national terms: the job-seeker register (working-age people not employed),
// employers' yearly quota figures with their standing and above-quota reward, the settings those
// rest on (effective-dated), public-welfare post totals, entrepreneurship support and awards.
import { ageOn } from '../common/dates';
import { fail, failFields, type AppError } from '../errors';
import type { Clock } from '../clock';
import type { Db } from '../open';
import { getSetting, putSetting } from '../settings';
import { statements } from '../statements';
import type {
  EmployerYearRow,
  EmploymentSettings,
  EntrepreneurRow,
  JobSeekerRow,
  PublicWelfareFigure,
  awardInput,
  employerYearInput,
  jobSeekerInput,
  supportInput,
} from './contract';
import type { z } from 'zod';
import { isWorkingAge, multipleTenthsOf, personsText, quotaStanding, rewardPerPersonFen, sharePermille } from './employment-rules';
import type { Terms } from './terms';

export const QUOTA_SHARE_KEY = 'employment.quotaSharePermyriad';
export const REWARD_MULTIPLE_KEY = 'employment.rewardMultiple';
export const MINIMUM_WAGE_KEY = 'employment.minimumWageFen';
/** 1.5%, the share most provinces set, until a centre sets its own (per year, by effective date). */
export const DEFAULT_QUOTA_SHARE_PERMYRIAD = 150;

const SETTING_KEYS = { quotaSharePermyriad: QUOTA_SHARE_KEY, rewardMultiple: REWARD_MULTIPLE_KEY, minimumWageFen: MINIMUM_WAGE_KEY } as const;

/** Placed on a day: a placement that has started and not ended. */
const PLACED_ON = `EXISTS (SELECT 1 FROM placement pl WHERE pl.person_id = p.id AND pl.start_date <= @today AND (pl.end_date IS NULL OR pl.end_date >= @today))`;

/** An employer's year as stored (employer_year). */
export interface EmployerYearDb {
  id: number;
  employer_id: number;
  year: number;
  staff_count: number;
  disabled_employees: number;
  severe_employees: number;
  months: number;
  assessed_on: string;
  version: number;
}

export type Employment = ReturnType<typeof createEmployment>;

export function createEmployment(db: Db, clock: Clock, actor: () => string, terms: Terms) {
  const prepared = statements(db);

  function requirePerson(personId: number, issues: AppError[]): { name: string; sex: 'M' | 'F'; birth_date: string } | undefined {
    const p = prepared('SELECT name, sex, birth_date FROM person WHERE id = ?').get(personId) as { name: string; sex: 'M' | 'F'; birth_date: string } | undefined;
    if (!p) issues.push({ code: 'PERSON_NOT_FOUND', field: 'personId', params: { id: personId } });
    return p;
  }

  // ---- job seekers ----

  interface SeekerDb {
    id: number;
    person_id: number;
    name: string;
    id_number: string;
    sex: 'M' | 'F';
    birth_date: string;
    reason: string;
    wish_to_work: number;
    training_wanted: string;
    last_contact: string | null;
    notes: string;
    version: number;
  }
  const SEEKER_SELECT = `SELECT j.*, p.name, p.id_number, p.sex, p.birth_date FROM job_seeker j JOIN person p ON p.id = j.person_id`;
  const toSeeker = (r: SeekerDb, today: string): JobSeekerRow => ({
    id: r.id,
    personId: r.person_id,
    name: r.name,
    idNumber: r.id_number,
    sex: r.sex,
    age: ageOn(r.birth_date, today),
    reason: r.reason,
    wishToWork: r.wish_to_work === 1,
    trainingWanted: r.training_wanted,
    lastContact: r.last_contact ?? '',
    notes: r.notes,
    version: r.version,
  });

  /**
   * The register as it stands today: working age, not in work today; a placed person leaves it.
   * Those never contacted come first, then the longest since the last contact (who to call next).
   */
  function jobSeekers(params: { q: string; wishOnly: boolean }): { total: number; rows: JobSeekerRow[] } {
    const today = clock.today();
    const q = params.q.replace(/\s+/g, '');
    const byId = /^[\dXx]+$/.test(q);
    const rows = (
      prepared(
        `${SEEKER_SELECT} WHERE NOT ${PLACED_ON} AND p.archived = 0
           AND (@q = '' OR (@byId = 1 AND instr(p.id_number, @q) > 0) OR (@byId = 0 AND instr(p.name, @q) > 0))
           AND (@wishOnly = 0 OR j.wish_to_work = 1)
         ORDER BY coalesce(j.last_contact, '') , j.id`,
      ).all({ today, q: byId ? q.toUpperCase() : q, byId: byId ? 1 : 0, wishOnly: params.wishOnly ? 1 : 0 }) as SeekerDb[]
    )
      .filter((r) => isWorkingAge(r.sex, r.birth_date, today))
      .map((r) => toSeeker(r, today));
    return { total: rows.length, rows };
  }

  /** How many are on the register today (the figures screen). */
  function jobSeekerCount(): number {
    return jobSeekers({ q: '', wishOnly: false }).total;
  }

  const saveJobSeeker = db.transaction((input: z.output<ReturnType<typeof jobSeekerInput>>): JobSeekerRow => {
    const today = clock.today();
    const issues: AppError[] = [];
    const person = requirePerson(input.personId, issues);
    if (person && !isWorkingAge(person.sex, person.birth_date, today)) {
      issues.push({ code: 'JOB_SEEKER_NOT_WORKING_AGE', field: 'personId', params: { name: person.name, age: ageOn(person.birth_date, today), max: person.sex === 'M' ? 59 : 54 } });
    }
    if (person && prepared(`SELECT 1 FROM person p WHERE p.id = @id AND ${PLACED_ON}`).get({ id: input.personId, today })) {
      issues.push({ code: 'JOB_SEEKER_EMPLOYED', field: 'personId', params: { name: person.name } });
    }
    terms.check(issues, 'reason', 'not_employed_reason', input.reason, today);
    if (input.lastContact !== '' && input.lastContact > today) issues.push({ code: 'TRAINING_DATE_FUTURE', field: 'lastContact', params: { today } });
    if (issues.length) failFields(issues);
    const now = clock.now();
    const who = actor();
    prepared(
      `INSERT INTO job_seeker (person_id, reason, wish_to_work, training_wanted, last_contact, notes, created_at, created_by, updated_at, updated_by)
       VALUES (@personId, @reason, @wish, @training, @contact, @notes, @now, @who, @now, @who)
       ON CONFLICT (person_id) DO UPDATE SET reason = excluded.reason, wish_to_work = excluded.wish_to_work, training_wanted = excluded.training_wanted,
         last_contact = excluded.last_contact, notes = excluded.notes, version = version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run({
      personId: input.personId,
      reason: input.reason,
      wish: input.wishToWork ? 1 : 0,
      training: input.trainingWanted,
      contact: input.lastContact || null,
      notes: input.notes,
      now,
      who,
    });
    return toSeeker(prepared(`${SEEKER_SELECT} WHERE j.person_id = ?`).get(input.personId) as SeekerDb, today);
  });

  // ---- settings ----

  function versions(key: string): { effectiveFrom: string; value: number }[] {
    return (prepared('SELECT effective_from, value FROM setting WHERE key = ? ORDER BY effective_from').all(key) as { effective_from: string; value: string }[]).map((r) => ({
      effectiveFrom: r.effective_from,
      value: JSON.parse(r.value) as number,
    }));
  }

  function settings(): EmploymentSettings {
    return {
      today: clock.today(),
      quotaSharePermyriad: versions(QUOTA_SHARE_KEY),
      rewardMultiple: versions(REWARD_MULTIPLE_KEY),
      minimumWageFen: versions(MINIMUM_WAGE_KEY),
    };
  }

  const setSetting = db.transaction((key: keyof typeof SETTING_KEYS, value: number, effectiveFrom: string): EmploymentSettings => {
    // Shares are whole ten-thousandths, wages whole fen, multiples in tenths (5, 2.5).
    const whole = key === 'rewardMultiple' ? Number.isInteger(value * 10) : Number.isInteger(value);
    if (!whole || (key === 'quotaSharePermyriad' && value > 10000)) fail('TRAINING_SETTING_VALUE', 'value');
    putSetting(db, SETTING_KEYS[key], value, effectiveFrom);
    return settings();
  });

  // ---- employers' years ----

  function toYear(r: EmployerYearDb): EmployerYearRow {
    const share = getSetting<number>(db, QUOTA_SHARE_KEY, `${r.year}-01-01`, DEFAULT_QUOTA_SHARE_PERMYRIAD);
    const q = quotaStanding({ staffCount: r.staff_count, disabledEmployees: r.disabled_employees, severeEmployees: r.severe_employees }, share);
    const multiple = getSetting<number | null>(db, REWARD_MULTIPLE_KEY, r.assessed_on, null);
    const wage = getSetting<number | null>(db, MINIMUM_WAGE_KEY, r.assessed_on, null);
    const perPerson = multiple !== null && wage !== null ? rewardPerPersonFen(wage, multipleTenthsOf(multiple), r.months) : null;
    return {
      id: r.id,
      employerId: r.employer_id,
      year: r.year,
      staffCount: r.staff_count,
      disabledEmployees: r.disabled_employees,
      severeEmployees: r.severe_employees,
      months: r.months,
      assessedOn: r.assessed_on,
      version: r.version,
      sharePermyriad: share,
      required: personsText(q.requiredE4),
      counted: q.counted,
      standing: q.standing,
      extraPersons: q.extraPersons,
      rewardPerPersonFen: q.extraPersons > 0 ? perPerson : null,
      rewardFen: q.extraPersons > 0 && perPerson !== null ? perPerson * q.extraPersons : null,
      multiple,
      minimumWageFen: wage,
    };
  }

  function employerYears(employerId: number): EmployerYearRow[] {
    if (!prepared('SELECT 1 FROM employer WHERE id = ?').get(employerId)) fail('EMPLOYER_NOT_FOUND', 'employerId', { id: employerId });
    return (prepared('SELECT * FROM employer_year WHERE employer_id = ? ORDER BY year DESC').all(employerId) as EmployerYearDb[]).map(toYear);
  }

  function employerYear(id: number): EmployerYearRow | null {
    const r = prepared('SELECT * FROM employer_year WHERE id = ?').get(id) as EmployerYearDb | undefined;
    return r ? toYear(r) : null;
  }

  const saveEmployerYear = db.transaction((input: z.output<ReturnType<typeof employerYearInput>>): EmployerYearRow[] => {
    const issues: AppError[] = [];
    if (!prepared('SELECT 1 FROM employer WHERE id = ?').get(input.employerId)) issues.push({ code: 'EMPLOYER_NOT_FOUND', field: 'employerId', params: { id: input.employerId } });
    if (input.disabledEmployees > input.staffCount) issues.push({ code: 'EMPLOYER_DISABLED_ABOVE_STAFF', field: 'disabledEmployees', params: { staff: input.staffCount } });
    if (input.severeEmployees > input.disabledEmployees) issues.push({ code: 'EMPLOYER_SEVERE_ABOVE_DISABLED', field: 'severeEmployees', params: { disabled: input.disabledEmployees } });
    if (input.assessedOn < `${input.year}-01-01`) issues.push({ code: 'EMPLOYER_ASSESSED_BEFORE_YEAR', field: 'assessedOn', params: { year: input.year } });
    if (input.assessedOn > clock.today()) issues.push({ code: 'TRAINING_DATE_FUTURE', field: 'assessedOn', params: { today: clock.today() } });
    if (issues.length) failFields(issues);
    const now = clock.now();
    const who = actor();
    prepared(
      `INSERT INTO employer_year (employer_id, year, staff_count, disabled_employees, severe_employees, months, assessed_on, created_at, created_by, updated_at, updated_by)
       VALUES (@employerId, @year, @staffCount, @disabledEmployees, @severeEmployees, @months, @assessedOn, @now, @who, @now, @who)
       ON CONFLICT (employer_id, year) DO UPDATE SET staff_count = excluded.staff_count, disabled_employees = excluded.disabled_employees,
         severe_employees = excluded.severe_employees, months = excluded.months, assessed_on = excluded.assessed_on, version = version + 1,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run({ ...input, now, who });
    return employerYears(input.employerId);
  });

  // ---- public-welfare posts ----

  function publicWelfare(year: number): PublicWelfareFigure {
    const held = (
      prepared(
        `SELECT count(DISTINCT person_id) AS n FROM placement INDEXED BY placement_type_start
         WHERE placement_type = 'public_welfare' AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)`,
      ).get(`${year}-12-31`, `${year}-01-01`) as { n: number }
    ).n;
    const total = prepared('SELECT area_total, source FROM public_welfare_total WHERE year = ?').get(year) as { area_total: number; source: string } | undefined;
    return { year, held, areaTotal: total?.area_total ?? null, source: total?.source ?? '', permille: total ? sharePermille(held, total.area_total) : null };
  }

  const setPublicWelfareTotal = db.transaction((year: number, areaTotal: number, source: string): PublicWelfareFigure => {
    prepared(
      `INSERT INTO public_welfare_total (year, area_total, source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (year) DO UPDATE SET area_total = excluded.area_total, source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(year, areaTotal, source, clock.now(), actor());
    return publicWelfare(year);
  });

  // ---- entrepreneurship ----

  function entrepreneurs(personId: number | null): EntrepreneurRow[] {
    return (
      prepared(
        `SELECT 'support' AS kind, s.id AS id, s.person_id, p.name, p.id_number, s.kind AS type, s.given_on AS date, s.amount_fen, s.description AS text
           FROM entrepreneur_support s JOIN person p ON p.id = s.person_id WHERE @personId IS NULL OR s.person_id = @personId
         UNION ALL
         SELECT 'award', a.id, a.person_id, p.name, p.id_number, a.level, a.awarded_on, a.amount_fen, a.title
           FROM entrepreneur_award a JOIN person p ON p.id = a.person_id WHERE @personId IS NULL OR a.person_id = @personId
         ORDER BY 7 DESC, 1, 2 DESC LIMIT 1000`,
      ).all({ personId }) as { kind: 'support' | 'award'; id: number; person_id: number; name: string; id_number: string; type: string; date: string; amount_fen: number | null; text: string }[]
    ).map((r) => ({ kind: r.kind, id: r.id, personId: r.person_id, name: r.name, idNumber: r.id_number, type: r.type, date: r.date, amountFen: r.amount_fen, text: r.text }));
  }

  const addSupport = db.transaction((input: z.output<ReturnType<typeof supportInput>>): EntrepreneurRow[] => {
    const issues: AppError[] = [];
    requirePerson(input.personId, issues);
    if (input.givenOn > clock.today()) issues.push({ code: 'TRAINING_DATE_FUTURE', field: 'givenOn', params: { today: clock.today() } });
    if (issues.length) failFields(issues);
    prepared('INSERT INTO entrepreneur_support (person_id, kind, given_on, amount_fen, description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      input.personId,
      input.kind,
      input.givenOn,
      input.amountFen,
      input.description,
      clock.now(),
      actor(),
    );
    return entrepreneurs(null);
  });

  const addAward = db.transaction((input: z.output<ReturnType<typeof awardInput>>): EntrepreneurRow[] => {
    const issues: AppError[] = [];
    requirePerson(input.personId, issues);
    terms.check(issues, 'level', 'award_level', input.level, input.awardedOn);
    if (input.awardedOn > clock.today()) issues.push({ code: 'TRAINING_DATE_FUTURE', field: 'awardedOn', params: { today: clock.today() } });
    if (issues.length) failFields(issues);
    prepared('INSERT INTO entrepreneur_award (person_id, level, awarded_on, amount_fen, title, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      input.personId,
      input.level,
      input.awardedOn,
      input.amountFen,
      input.title,
      clock.now(),
      actor(),
    );
    return entrepreneurs(null);
  });

  return {
    jobSeekers,
    jobSeekerCount,
    saveJobSeeker,
    settings,
    setSetting,
    employerYears,
    employerYear,
    saveEmployerYear,
    publicWelfare,
    setPublicWelfareTotal,
    entrepreneurs,
    addSupport,
    addAward,
  };
}
