// Training and employment (实名制培训与就业) of a synthetic centre: classes each year with real-name
// enrolment and daily attendance, completion only at the minimum attendance share, certificates,
// employers with valid credit codes, placements and their 3/6/12-month follow-ups.
import type { Db } from '../../db/open';
import {
  DEFAULT_FOLLOW_UP_MONTHS,
  DEFAULT_MIN_ATTENDANCE_PCT,
  EMPLOYER_OPTIONAL,
  FULL_TIME_BY_DEFAULT,
  checkCompletion,
  creditCodeCheckChar,
  CREDIT_CODE_ALPHABET,
  followUpSchedule,
  type BuiltinCourseType,
  type CertificateType,
  type PlacementType,
} from '../../db/training/rules';
import { dayNumber, isOpenDay, isoOf } from './calendar';
import type { SeedContext } from './context';
import { mobilePhone, personName } from './names';
import type { PersonPlan } from './people';
import { stamp } from './people';
import type { Random } from './random';
import { areaProblem } from './schema';

const WRITES = {
  training_class: ['id', 'course_type', 'title', 'start_date', 'end_date', 'total_hours', 'teacher', 'location', 'capacity', 'created_at',
    'created_by', 'updated_at', 'updated_by'],
  training_enrolment: ['id', 'class_id', 'person_id', 'enrolled_on', 'completed_on', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  training_session: ['id', 'class_id', 'date', 'created_at', 'created_by'],
  training_attendance: ['session_id', 'enrolment_id', 'status', 'updated_at', 'updated_by'],
  training_certificate: ['enrolment_id', 'cert_type', 'number', 'issued_on', 'issuer', 'created_at', 'created_by'],
  employer: ['id', 'name', 'credit_code', 'address', 'contact', 'phone', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  placement: ['id', 'person_id', 'placement_type', 'employer_id', 'start_date', 'end_date', 'monthly_wage_fen', 'full_time', 'has_contract',
    'social_insurance', 'notes', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  placement_followup: ['placement_id', 'months', 'due_on', 'done_on', 'still_employed', 'wage_fen', 'notes', 'created_at', 'updated_at', 'updated_by'],
} as const;

export function trainingProblem(db: Db): string | null {
  return areaProblem(db, WRITES);
}

interface Course {
  type: BuiltinCourseType;
  title: string;
  /** Class days and hours per day. */
  days: readonly [number, number];
  hoursPerDay: number;
  /** Who takes the course: certificate categories it suits. */
  categories: readonly number[];
  weight: number;
  certificate: CertificateType;
  certificateShare: number;
}

const COURSES: readonly Course[] = [
  { type: 'massage_health', title: '盲人保健按摩培训班', days: [30, 60], hoursPerDay: 6, categories: [1], weight: 3, certificate: 'massage_health', certificateShare: 0.7 },
  { type: 'massage_medical', title: '盲人医疗按摩培训班', days: [40, 80], hoursPerDay: 6, categories: [1], weight: 1, certificate: 'massage_medical', certificateShare: 0.5 },
  { type: 'ecommerce', title: '电子商务（网店运营）培训班', days: [10, 20], hoursPerDay: 6, categories: [2, 3, 4, 7], weight: 3, certificate: 'special_skill', certificateShare: 0.4 },
  { type: 'practical', title: '农村实用技术（种养殖）培训班', days: [5, 10], hoursPerDay: 6, categories: [2, 4, 5, 6, 7], weight: 3, certificate: 'training', certificateShare: 0.6 },
  { type: 'handicraft', title: '手工编织培训班', days: [10, 20], hoursPerDay: 4, categories: [2, 3, 4, 5, 6], weight: 2, certificate: 'training', certificateShare: 0.6 },
  { type: 'other', title: '面点制作培训班', days: [10, 15], hoursPerDay: 6, categories: [2, 3, 4, 5, 6, 7], weight: 1, certificate: 'skill_level', certificateShare: 0.3 },
];

const LOCATIONS = ['区残联职业培训中心', '阳光家园', '市盲人按摩指导中心', '职业技能培训学校', '街道残疾人之家'] as const;
const ISSUERS: Partial<Record<CertificateType, string>> = {
  massage_health: '中国残疾人联合会',
  massage_medical: '人力资源和社会保障局',
  special_skill: '人力资源和社会保障局',
  skill_level: '职业技能等级认定机构',
  training: '区残疾人联合会',
};
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'];

const EMPLOYER_WORDS = ['恒达', '宏远', '盛世', '康宁', '华联', '金桥', '博雅', '顺通', '鑫源', '德诚', '润泽', '百川', '新禾', '安和', '嘉利', '同心'] as const;
const INDUSTRIES = ['保健按摩有限公司', '电子商务有限公司', '食品有限公司', '物业管理有限公司', '服装厂', '酒店管理有限公司', '农业专业合作社',
  '超市有限公司', '包装制品有限公司', '家政服务有限公司', '印务有限公司', '中医推拿诊所'] as const;

function creditCode(random: Random, region: string): string {
  let body = '';
  for (let i = 0; i < 9; i += 1) body += CREDIT_CODE_ALPHABET[random.int(0, CREDIT_CODE_ALPHABET.length - 1)];
  const first17 = `91${region}${body}`;
  return first17 + creditCodeCheckChar(first17)!;
}

function placementTypeFor(random: Random, course: Course | null, level: number | null): PlacementType {
  if (course?.type === 'massage_health' || course?.type === 'massage_medical') {
    return random.weighted([['centralised', 45], ['individual', 35], ['flexible', 20]] as const);
  }
  if (course?.type === 'ecommerce') return random.weighted([['flexible', 70], ['quota', 30]] as const);
  if (course?.type === 'practical') return random.weighted([['rural', 70], ['individual', 30]] as const);
  if (level === 1 || level === 2) return random.weighted([['assisted', 50], ['flexible', 30], ['public_welfare', 20]] as const);
  return random.weighted([['quota', 40], ['centralised', 15], ['public_welfare', 15], ['flexible', 10], ['rural', 10], ['individual', 5], ['assisted', 5]] as const);
}

export function writeTraining(ctx: SeedContext, db: Db, people: readonly PersonPlan[]): void {
  const random = ctx.random.fork('training');
  const today = dayNumber(ctx.today);
  const firstYear = Number(ctx.today.slice(0, 4)) - 6;
  const classesPerYear = Math.max(1, Math.round(ctx.scale * 0.12));
  const adults = people.filter((p) => !p.archived && p.certNumber !== null);
  const counts = { classes: 0, enrolments: 0, sessions: 0, attendance: 0, certificates: 0, employers: 0, placements: 0, followups: 0 };

  const insertClass = db.prepare(
    `INSERT INTO training_class (id, course_type, title, start_date, end_date, total_hours, teacher, location, capacity, created_at, created_by,
      updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEnrolment = db.prepare(
    `INSERT INTO training_enrolment (id, class_id, person_id, enrolled_on, completed_on, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSession = db.prepare('INSERT INTO training_session (id, class_id, date, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
  const insertAttendance = db.prepare(
    'INSERT INTO training_attendance (session_id, enrolment_id, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)',
  );
  const insertCertificate = db.prepare(
    `INSERT INTO training_certificate (enrolment_id, cert_type, number, issued_on, issuer, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEmployer = db.prepare(
    `INSERT INTO employer (id, name, credit_code, address, contact, phone, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPlacement = db.prepare(
    `INSERT INTO placement (id, person_id, placement_type, employer_id, start_date, end_date, monthly_wage_fen, full_time, has_contract,
      social_insurance, notes, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFollowup = db.prepare(
    `INSERT INTO placement_followup (placement_id, months, due_on, done_on, still_employed, wage_fen, notes, created_at, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  /** Completers waiting for a job: person, course, completion day. */
  const completers: { person: PersonPlan; course: Course; completed: number }[] = [];
  const certificateSeq = new Map<CertificateType, number>();
  const teachers = Array.from({ length: 8 }, () => personName(random, random.chance(0.5) ? 'M' : 'F', random.int(1965, 1990)));

  db.transaction(() => {
    let enrolmentId = 0;
    let sessionId = 0;
    for (let year = firstYear; year <= Number(ctx.today.slice(0, 4)); year += 1) {
      const perType = new Map<string, number>();
      for (let c = 0; c < classesPerYear; c += 1) {
        const course = random.weighted(COURSES.map((k) => [k, k.weight] as const));
        const start = dayNumber(`${year}-01-01`) + random.int(20, 330);
        if (start > today - 2) continue;
        const classDays: number[] = [];
        let day = start;
        const wanted = random.int(course.days[0], course.days[1]);
        while (classDays.length < wanted) {
          if (isOpenDay(day)) classDays.push(day);
          day += 1;
        }
        const end = classDays[classDays.length - 1]!;
        const held = classDays.filter((d) => d <= today);
        const minAge = dayNumber(`${year - 60}-01-01`);
        const pool = adults.filter((p) => course.categories.includes(p.category ?? 0) && p.registered <= start && dayNumber(p.birthDate) > minAge
          && start - dayNumber(p.birthDate) >= 16 * 365);
        const size = Math.min(pool.length, random.int(12, 30));
        if (size < 3) continue;
        const trainees = random.sample(pool, size);
        const classId = ++counts.classes;
        const n = (perType.get(course.type) ?? 0) + 1;
        perType.set(course.type, n);
        const created = stamp(random, start - random.int(15, 40));
        insertClass.run(classId, course.type, `${year}年第${NUMERALS[n - 1] ?? n}期${course.title}`, isoOf(start), isoOf(end),
          classDays.length * course.hoursPerDay, random.pick(teachers), random.pick(LOCATIONS), size + random.int(0, 5), created, ctx.trainingOperator,
          created, ctx.trainingOperator);

        const enrolments = trainees.map((person) => {
          const id = ++enrolmentId;
          return { id, person, presence: random.around(0.9, 0.15, 0.5, 1), present: 0, enrolled: Math.min(start - random.int(1, 14), today) };
        });
        const sessionIds = held.map((d) => {
          const id = ++sessionId;
          insertSession.run(id, classId, isoOf(d), stamp(random, d, 16, 18), ctx.trainingOperator);
          return { id, d };
        });
        counts.sessions += sessionIds.length;
        // Enrolment rows go in before their attendance (foreign keys); completion is known after.
        const finished = end <= today;
        const outcomes = enrolments.map((e) => {
          const marks = sessionIds.map(() => {
            const roll = random.float();
            return roll < e.presence ? 'present' : roll < e.presence + (1 - e.presence) / 2 ? 'leave' : 'absent';
          });
          e.present = marks.filter((m) => m === 'present').length;
          const completed = finished && checkCompletion({ present: e.present, sessions: held.length }, DEFAULT_MIN_ATTENDANCE_PCT) === null
            ? Math.min(end + random.int(0, 7), today) : null;
          return { e, marks, completed };
        });
        for (const { e, completed } of outcomes) {
          const at = stamp(random, e.enrolled);
          insertEnrolment.run(e.id, classId, e.person.id, isoOf(e.enrolled), completed === null ? null : isoOf(completed), at, ctx.trainingOperator,
            completed === null ? at : stamp(random, completed), ctx.trainingOperator);
        }
        counts.enrolments += enrolments.length;
        sessionIds.forEach((s, i) => {
          const at = stamp(random, s.d, 16, 18);
          for (const { e, marks } of outcomes) insertAttendance.run(s.id, e.id, marks[i], at, ctx.trainingOperator);
          counts.attendance += outcomes.length;
        });
        for (const { e, completed } of outcomes) {
          if (completed === null) continue;
          completers.push({ person: e.person, course, completed });
          if (!random.chance(course.certificateShare)) continue;
          const issued = completed + random.int(10, 60);
          if (issued > today) continue;
          const seq = (certificateSeq.get(course.certificate) ?? 0) + 1;
          certificateSeq.set(course.certificate, seq);
          insertCertificate.run(e.id, course.certificate, `${course.certificate === 'massage_health' ? 'BJAM' : 'ZS'}${isoOf(issued).slice(0, 4)}${String(seq).padStart(5, '0')}`,
            isoOf(issued), ISSUERS[course.certificate] ?? '', stamp(random, issued), ctx.trainingOperator);
          counts.certificates += 1;
        }
      }
    }
  })();

  // Employers and placements: most completers find work within months; others are placed too.
  const employerCount = Math.max(3, Math.round(ctx.scale * 0.8));
  db.transaction(() => {
    const codes = new Set<string>();
    for (let id = 1; id <= employerCount; id += 1) {
      const district = random.pick(ctx.area.districts);
      let code: string;
      do code = creditCode(random, district.code);
      while (codes.has(code));
      codes.add(code);
      const at = stamp(random, today - random.int(30, 7 * 365));
      insertEmployer.run(id, `${ctx.area.city.replace('市', '')}${random.pick(EMPLOYER_WORDS)}${random.pick(INDUSTRIES)}`, code,
        `${ctx.area.city}${district.name}${random.pick(district.streets)}`, personName(random, random.chance(0.5) ? 'M' : 'F', random.int(1965, 1995)),
        mobilePhone(random), at, ctx.trainingOperator, at, ctx.trainingOperator);
    }
    counts.employers = employerCount;

    const candidates: { person: PersonPlan; course: Course | null; from: number }[] = completers
      .filter(() => random.chance(0.6))
      .map((c) => ({ person: c.person, course: c.course, from: c.completed + random.int(10, 180) }));
    const others = adults.filter((p) => {
      const age = (today - dayNumber(p.birthDate)) / 365.25;
      return age >= 18 && age < 60 && random.chance(0.1);
    });
    for (const p of others) candidates.push({ person: p, course: null, from: Math.max(p.registered, today - 6 * 365) + random.int(0, 700) });
    const busyUntil = new Map<number, number>();
    let placementId = 0;
    for (const c of candidates.sort((a, b) => a.from - b.from)) {
      const start = Math.max(c.from, (busyUntil.get(c.person.id) ?? -Infinity) + 15);
      if (start > today) continue;
      const type = placementTypeFor(random, c.course, c.person.level);
      const ends = random.chance(0.3) ? start + random.int(90, 900) : null;
      const end = ends !== null && ends <= today ? ends : null;
      busyUntil.set(c.person.id, end ?? Infinity);
      const employer = EMPLOYER_OPTIONAL.includes(type) ? null : random.int(1, employerCount);
      const formal = ['centralised', 'quota', 'public_welfare'].includes(type);
      const wage = type === 'individual' && random.chance(0.3) ? null : random.int(type === 'assisted' ? 80 : 180, type === 'assisted' ? 200 : 650) * 1000;
      const id = ++placementId;
      const at = stamp(random, Math.min(start + random.int(0, 10), today));
      insertPlacement.run(id, c.person.id, type, employer, isoOf(start), end === null ? null : isoOf(end), wage, FULL_TIME_BY_DEFAULT[type] ? 1 : 0,
        formal && random.chance(0.9) ? 1 : 0, formal && random.chance(0.85) ? 1 : 0, '', at, ctx.trainingOperator, at, ctx.trainingOperator);
      counts.placements += 1;
      for (const f of followUpSchedule(isoOf(start), DEFAULT_FOLLOW_UP_MONTHS)) {
        const due = dayNumber(f.dueOn);
        const done = due <= today - 5 && random.chance(0.85) ? Math.min(today, Math.max(start, due + random.int(-5, 20))) : null;
        const employed = done !== null && (end === null || end >= done);
        insertFollowup.run(id, f.months, f.dueOn, done === null ? null : isoOf(done), done === null ? null : employed ? 1 : 0,
          employed && wage !== null ? wage + random.int(-2, 5) * 10_000 : null, '', at, done === null ? at : stamp(random, done), ctx.trainingOperator);
        counts.followups += 1;
      }
    }
  })();

  ctx.count('training_class', counts.classes);
  ctx.count('training_enrolment', counts.enrolments);
  ctx.count('training_session', counts.sessions);
  ctx.count('training_attendance', counts.attendance);
  ctx.count('training_certificate', counts.certificates);
  ctx.count('employer', counts.employers);
  ctx.count('placement', counts.placements);
  ctx.count('placement_followup', counts.followups);
}

