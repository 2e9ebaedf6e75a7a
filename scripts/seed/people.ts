// The people register (残疾人档案) of a synthetic centre: adults of every category and the children
// the rehab plan enrols, with valid IDs and certificates, households, support statuses and guardians.
import { SUPPORT_STATUSES, needsGuardian, type SupportStatus } from '../../db/people/rules';
import type { Db } from '../../db/open';
import { dayNumber, isoOf, yearsBefore } from './calendar';
import { IdMaker, makeCert } from './ids';
import { address, adultGuardian, guardianFor, mobilePhone, personName, type HomeArea } from './names';
import { Random, weightedPicker } from './random';
import type { SeedContext } from './context';

export interface PersonPlan {
  /** Row id, assigned in registration order. */
  id: number;
  name: string;
  idNumber: string;
  birthDate: string;
  sex: 'M' | 'F';
  certNumber: string | null;
  category: number | null;
  level: number | null;
  certExpiry: string | null;
  household: 'urban' | 'rural';
  phone: string;
  address: string;
  guardianName: string;
  guardianPhone: string;
  guardianRelation: string;
  archived: boolean;
  support: SupportStatus[];
  /** Registration day (day number); created_at is that day in office hours. */
  registered: number;
}

/** What the rehab plan asks of the register for each child it enrols. */
export interface ChildSpec {
  birth: number;
  sex: 'M' | 'F';
  /** 残疾类别 digit matching the rehab category (孤独症 holds a 精神 certificate). */
  category: number;
  /** The day the child joins the register (on or before the enrolment's start). */
  registered: number;
}

/** Adult categories with rough shares: physical disability dominates, as in the national figures. */
const ADULT_CATEGORY = weightedPicker([[4, 48], [1, 12], [2, 12], [3, 1], [5, 8], [6, 10], [7, 9]] as const);
const ADULT_LEVEL = weightedPicker([[1, 14], [2, 24], [3, 30], [4, 32]] as const);
const CHILD_LEVEL = weightedPicker([[1, 25], [2, 35], [3, 25], [4, 15]] as const);

/** Support statuses a household holds; rural and severe households hold more. */
function supportFor(random: Random, household: 'urban' | 'rural', level: number | null, adult: boolean): SupportStatus[] {
  const held = new Set<SupportStatus>();
  const rural = household === 'rural';
  if (random.chance(rural ? 0.2 : 0.04)) held.add('registered_poor');
  if (random.chance(0.035)) held.add(random.pick(['monitor_unstable', 'monitor_marginal', 'monitor_sudden'] as const));
  if (random.chance(rural ? 0.13 : 0.08)) held.add('dibao');
  else if (random.chance(0.03)) held.add('dibao_marginal');
  if (adult && random.chance(0.02)) held.add('tekun');
  // 困难残疾人生活补贴 follows 低保; 重度残疾人护理补贴 follows levels 1–2.
  if (held.has('dibao') || held.has('tekun') || (held.has('dibao_marginal') && random.chance(0.5))) held.add('living_allowance');
  if ((level === 1 || level === 2) && random.chance(0.7)) held.add('care_allowance');
  return SUPPORT_STATUSES.filter((s) => held.has(s));
}

/** Certificates are valid 5 years for minors and 10 for adults; some have lapsed, some are due. */
function certificateExpiry(random: Random, birth: number, today: number): string {
  const earliest = Math.max(birth + 365, today - 11 * 365);
  const issued = random.int(earliest, Math.max(earliest, today - 20));
  const minor = issued - birth < 18 * 365;
  return isoOf(yearsBefore(issued, minor ? -5 : -10));
}

/** The register, in registration order, and the row id of each child the rehab plan asked for. */
export function planPeople(ctx: SeedContext, children: readonly ChildSpec[]): { people: PersonPlan[]; childIds: number[] } {
  const random = ctx.random.fork('people');
  const ids = new IdMaker();
  const today = dayNumber(ctx.today);
  const area = ctx.area;
  const adults = Math.max(0, ctx.peopleTotal - children.length);
  const drafts: (Omit<PersonPlan, 'id'> & { child: number })[] = [];

  const base = (birth: number, sex: 'M' | 'F', registered: number, household: 'urban' | 'rural') => {
    const district = pickDistrict(random, area);
    const birthDate = isoOf(birth);
    const name = personName(random, sex, Number(birthDate.slice(0, 4)));
    return {
      name,
      idNumber: ids.make(random, district.code, birthDate, sex),
      birthDate,
      sex,
      household,
      phone: random.chance(0.85) ? mobilePhone(random) : '',
      address: random.chance(0.9) ? address(random, area, district) : '',
      registered,
    };
  };

  for (let i = 0; i < adults; i += 1) {
    // Ages 18–90, more of them old: disability grows with age.
    const age = Math.floor(random.around(55, 30, 18, 90));
    const birth = yearsBefore(today, age) - random.int(0, 364);
    const sex = random.chance(0.55) ? 'M' : 'F';
    const household = random.chance(0.58) ? 'rural' : 'urban';
    const registered = Math.max(birth + 18 * 365, today - random.int(0, 12 * 365));
    const person = base(birth, sex, Math.min(registered, today), household);
    const hasCert = random.chance(0.92);
    const category = ADULT_CATEGORY(random);
    const level = ADULT_LEVEL(random);
    const minor = needsGuardian(person.birthDate, ctx.today);
    // Adults with intellectual or psychosocial disability usually have a guardian on file too.
    const guardian = minor || ((category === 5 || category === 6) && random.chance(0.7)) ? adultGuardian(random, person.name, birth, today) : null;
    drafts.push({
      ...person,
      certNumber: hasCert ? makeCert(person.idNumber, category, level) : null,
      category: hasCert || random.chance(0.5) ? category : null,
      level: hasCert ? level : null,
      certExpiry: hasCert ? certificateExpiry(random, birth, today) : null,
      guardianName: guardian?.name ?? '',
      guardianPhone: guardian ? mobilePhone(random) : '',
      guardianRelation: guardian?.relation ?? '',
      archived: random.chance(0.02),
      support: supportFor(random, household, hasCert ? level : null, true),
      child: -1,
    });
  }

  for (const [childIndex, child] of children.entries()) {
    const household = random.chance(0.45) ? 'rural' : 'urban';
    const person = base(child.birth, child.sex, child.registered, household);
    const hasCert = random.chance(0.45);
    const level = CHILD_LEVEL(random);
    const guardian = guardianFor(random, person.name, Number(person.birthDate.slice(0, 4)));
    drafts.push({
      ...person,
      certNumber: hasCert ? makeCert(person.idNumber, child.category, level) : null,
      category: child.category,
      level: hasCert ? level : null,
      certExpiry: hasCert ? certificateExpiry(random, child.birth, today) : null,
      guardianName: guardian.name,
      guardianPhone: mobilePhone(random),
      guardianRelation: guardian.relation,
      archived: false,
      support: supportFor(random, household, hasCert ? level : null, false),
      child: childIndex,
    });
  }

  // Row ids follow registration order, as they would in a real file.
  const order = drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.registered - b.d.registered || a.i - b.i);
  const childIds = new Array<number>(children.length).fill(0);
  const people = order.map(({ d: { child, ...d } }, index) => {
    if (child >= 0) childIds[child] = index + 1;
    return { ...d, id: index + 1 };
  });
  return { people, childIds };
}

function pickDistrict(random: Random, area: HomeArea) {
  // Most people live in the first few districts (the centre's own and its neighbours).
  const index = Math.min(area.districts.length - 1, Math.floor(random.float() ** 1.6 * area.districts.length));
  return area.districts[index]!;
}

/** Office-hours timestamp on a day, as the app writes them (Asia/Shanghai, with offset). */
export function stamp(random: Random, day: number, fromHour = 8, toHour = 17): string {
  const hour = random.int(fromHour, toHour);
  const minute = random.int(0, 59);
  const second = random.int(0, 59);
  return `${isoOf(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** API names of the fields the register's change log records, in the app's order. */
const TRACKED = ['name', 'idNumber', 'certNumber', 'category', 'level', 'certExpiry', 'household', 'supportStatuses', 'phone', 'address', 'guardianName', 'guardianPhone', 'guardianRelation'] as const;

export function writePeople(ctx: SeedContext, db: Db, people: readonly PersonPlan[]): void {
  const random = ctx.random.fork('people.write');
  const person = db.prepare(
    `INSERT INTO person (id, name, id_number, birth_date, sex, cert_number, disability_category, disability_level, cert_expiry,
       household, phone, address, guardian_name, guardian_phone, guardian_relation, archived, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const support = db.prepare('INSERT INTO person_support (person_id, status) VALUES (?, ?)');
  const change = db.prepare('INSERT INTO person_change (person_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const p of people) {
      const at = stamp(random, p.registered);
      person.run(p.id, p.name, p.idNumber, p.birthDate, p.sex, p.certNumber, p.category, p.level, p.certExpiry, p.household,
        p.phone, p.address, p.guardianName, p.guardianPhone, p.guardianRelation, p.archived ? 1 : 0, at, at);
      for (const s of p.support) support.run(p.id, s);
      const values: Record<(typeof TRACKED)[number], unknown> = {
        name: p.name,
        idNumber: p.idNumber,
        certNumber: p.certNumber ?? '',
        category: p.category,
        level: p.level,
        certExpiry: p.certExpiry ?? '',
        household: p.household,
        supportStatuses: p.support,
        phone: p.phone,
        address: p.address,
        guardianName: p.guardianName,
        guardianPhone: p.guardianPhone,
        guardianRelation: p.guardianRelation,
      };
      const changes = TRACKED.filter((f) => !isEmpty(values[f])).map((field) => ({ field, before: null, after: values[field] }));
      change.run(p.id, at, ctx.operator, 'create', JSON.stringify(changes));
    }
  })();
  ctx.count('person', people.length);
  ctx.count('person_support', people.reduce((n, p) => n + p.support.length, 0));
  ctx.count('person_change', people.length);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
