// Child rehabilitation (残疾儿童康复救助) of a synthetic centre: enrolments over the years until the
// session budget is met, therapists hired as the caseload grows, plans, assessments, home visits,
// and the sessions themselves, written day by day (row ids in logging order, as in a real file).
// Everything obeys the area's rules: children under 7 at the start, one open enrolment each, no
// session outside the enrolment's window, no therapist or child in two sessions at once.
import type { Db } from '../../db/open';
import { DEFAULT_TYPE, type Domain, type RehabCategory, type SessionType } from '../../db/rehab/rules';
import { dayNumber, isOpenDay, isoOf, weekday, yearsBefore } from './calendar';
import type { SeedContext } from './context';
import { personName, SESSION_NOTES } from './names';
import type { ChildSpec, PersonPlan } from './people';
import { stamp } from './people';
import { weightedPicker } from './random';
import { areaProblem } from './schema';


/** 残疾类别 digit of the certificate a child in each programme category holds (孤独症: 精神). */
const CERT_CATEGORY: Record<RehabCategory, number> = { visual: 1, hearing: 2, speech: 3, physical: 4, intellectual: 5, autism: 6 };
const CATEGORY = weightedPicker<RehabCategory>([['autism', 30], ['intellectual', 22], ['physical', 22], ['hearing', 16], ['speech', 7], ['visual', 3]]);

/** The day's session types, in slot order: the main training (the enrolment's default type) first. */
const TYPES: Record<RehabCategory, readonly SessionType[]> = {
  autism: ['aba', 'st', 'sensory', 'ot'],
  intellectual: ['cognitive', 'st', 'ot', 'sensory'],
  physical: ['pt', 'ot', 'pt', 'st'],
  hearing: ['auditory_verbal', 'st', 'auditory_verbal', 'cognitive'],
  speech: ['st', 'cognitive', 'st', 'other'],
  visual: ['low_vision', 'ot', 'cognitive', 'pt'],
};

const DOMAINS: Record<RehabCategory, readonly Domain[]> = {
  autism: ['social', 'language', 'behaviour', 'cognition', 'self_care', 'sensory'],
  intellectual: ['cognition', 'language', 'self_care', 'fine_motor', 'social'],
  physical: ['gross_motor', 'fine_motor', 'self_care', 'language'],
  hearing: ['hearing', 'language', 'cognition', 'social'],
  speech: ['language', 'cognition', 'social'],
  visual: ['vision', 'gross_motor', 'fine_motor', 'self_care'],
};

const GOALS: Record<Domain, readonly string[]> = {
  gross_motor: ['独立行走10米', '扶栏上下楼梯', '独站30秒', '双脚跳跃', '独坐保持平衡'],
  fine_motor: ['三指捏取小物品', '独立串珠10颗', '握笔画直线', '用剪刀剪直线'],
  language: ['说出10个常见物品名称', '用两词句表达需求', '回答简单的“谁、什么”问题', '模仿5个单音节'],
  cognition: ['配对5种颜色', '认识形状：圆、方、三角', '按指令拿取物品', '点数1至10'],
  social: ['与同伴轮流游戏', '主动打招呼', '保持目光对视3秒', '参与集体活动10分钟'],
  self_care: ['独立用勺进食', '自己穿脱鞋子', '如厕前主动表达', '饭前洗手'],
  sensory: ['接受不同质地触觉刺激', '在秋千上保持5分钟', '减少对声音的过度反应'],
  behaviour: ['哭闹行为每周减少一半', '等待时间延长至2分钟', '减少自伤行为'],
  hearing: ['辨别环境声音', '对名字有反应', '完成林氏六音察觉'],
  vision: ['追视移动物体', '辨认常用物品', '独立使用助视器阅读'],
};

const TOOLS: Record<RehabCategory, readonly string[]> = {
  autism: ['PEP-3 心理教育评估', 'ABLLS-R 基本语言与学习技能评估'],
  intellectual: ['Gesell 发育诊断量表', 'S-S 语言发育迟缓评价'],
  physical: ['GMFM-88 粗大运动功能测评', 'Peabody 运动发育量表'],
  hearing: ['听觉能力评估', '语言能力评估'],
  speech: ['构音障碍评估', 'S-S 语言发育迟缓评价'],
  visual: ['功能性视力评估', 'Gesell 发育诊断量表'],
};

const DISCHARGE_REASONS = ['康复目标达成', '转入普通幼儿园', '家庭迁居外地', '家长申请结束训练', '转介至其他定点机构'] as const;
const AGE_REASON = '年满7岁，入学';

/** Session slots of a therapist's day (minutes after midnight): 40 minutes, a 5-minute change. */
const SLOTS = [480, 525, 570, 615, 660, 840, 885, 930, 975] as const;
const MINUTES = 40;
const WEEKDAYS = 5;

const PATTERN = weightedPicker([['12345', 55], ['1234', 8], ['135', 17], ['24', 8], ['1245', 6], ['2345', 6]] as const);
const PER_DAY = weightedPicker([[1, 6], [2, 26], [3, 40], [4, 28]] as const);

export interface EnrolmentPlan {
  child: ChildSpec;
  personId: number;
  category: RehabCategory;
  cochlear: boolean;
  funding: 'relief' | 'self' | 'other';
  start: number;
  status: 'active' | 'paused' | 'discharged';
  statusDate: number;
  dischargeReason: string;
  /** The last day a session may fall on. */
  lastDay: number;
  days: string;
  /** Slot index and therapist index of each of the day's sessions (first: the main therapist). */
  sessions: { slot: number; therapist: number }[];
  /** Present share of this child (illness and family leave vary). */
  presence: number;
  expected: number;
}

export interface Therapist {
  name: string;
  /** The account they sign in with (all therapists have one). */
  username: string;
  /** How the app stamps their work: display name（username）. */
  actor: string;
}

export interface RehabPlan {
  enrolments: EnrolmentPlan[];
  therapists: Therapist[];
}

/** Sessions an enrolment will have: open scheduled days × sessions per day. */
function countSessions(start: number, last: number, days: string, perDay: number): number {
  let n = 0;
  for (let d = start; d <= last; d += 1) if (isOpenDay(d) && days.includes(String(weekday(d)))) n += perDay;
  return n;
}

/** Enrolments until the session budget is met; their children go on the register. */
export function planRehab(ctx: SeedContext): RehabPlan {
  const random = ctx.random.fork('rehab.plan');
  const today = dayNumber(ctx.today);
  const from = dayNumber(`${Number(ctx.today.slice(0, 4)) - 6}-01-01`);
  const drafts: (Omit<EnrolmentPlan, 'sessions' | 'personId'> & { perDay: number })[] = [];
  let total = 0;
  while (total < ctx.sessionTarget) {
    const start = random.int(from, today - 3);
    const ageDays = Math.floor(random.around(3.6, 3.2, 0.8, 6.95) * 365.25);
    const birth = start - ageDays;
    // Under 7 on the start date: the 7th birthday must come after it.
    if (yearsBefore(birth, -7) <= start) continue;
    const category = CATEGORY(random);
    const months = random.around(20, 18, 2, 48);
    const planned = start + Math.floor(months * 30.44);
    const leavesAtSeven = yearsBefore(birth, -7) - 1;
    let status: EnrolmentPlan['status'] = 'discharged';
    let statusDate = Math.min(planned, leavesAtSeven);
    let dischargeReason: string = statusDate === leavesAtSeven ? AGE_REASON : random.pick(DISCHARGE_REASONS);
    let lastDay = statusDate;
    if (statusDate >= today) {
      dischargeReason = '';
      if (random.chance(0.07) && today - start > 90) {
        status = 'paused';
        statusDate = today - random.int(3, 60);
        lastDay = statusDate - 1;
      } else {
        status = 'active';
        statusDate = start;
        lastDay = today;
      }
    }
    const days = PATTERN(random);
    const perDay = PER_DAY(random);
    const expected = countSessions(start, lastDay, days, perDay);
    const sex = random.chance(category === 'autism' ? 0.8 : 0.58) ? 'M' : 'F';
    const registered = Math.max(birth + 30, start - random.int(0, 45));
    drafts.push({
      child: { birth, sex, category: CERT_CATEGORY[category], registered },
      category,
      cochlear: category === 'hearing' && random.chance(0.35),
      funding: random.weighted([['relief', 82], ['self', 14], ['other', 4]] as const),
      start,
      status,
      statusDate,
      dischargeReason,
      lastDay,
      days,
      perDay,
      presence: random.around(0.88, 0.1, 0.65, 0.98),
      expected,
    });
    total += expected;
  }
  drafts.sort((a, b) => a.start - b.start);

  // Therapists: first fit over (therapist, weekday, slot) cells, each busy until a day; a new
  // therapist is hired when nobody is free for a child's whole schedule.
  const busy: Int32Array[] = [];
  const free = (t: number, slot: number, days: string, start: number) => {
    for (const ch of days) if (busy[t]![(Number(ch) - 1) * SLOTS.length + slot]! >= start) return false;
    return true;
  };
  const enrolments: EnrolmentPlan[] = drafts.map(({ perDay, ...draft }) => {
    const first = random.int(0, SLOTS.length - perDay);
    const slots = Array.from({ length: perDay }, (_, i) => first + i);
    const sessions = slots.map((slot) => {
      let therapist = -1;
      for (let t = 0; t < busy.length && therapist < 0; t += 1) if (free(t, slot, draft.days, draft.start)) therapist = t;
      if (therapist < 0) {
        busy.push(new Int32Array(WEEKDAYS * SLOTS.length).fill(-1));
        therapist = busy.length - 1;
      }
      for (const ch of draft.days) busy[therapist]![(Number(ch) - 1) * SLOTS.length + slot] = draft.lastDay;
      return { slot, therapist };
    });
    return { ...draft, sessions, personId: 0 };
  });
  const names = new Set<string>();
  const therapists = busy.map((_, t) => {
    let name: string;
    do name = personName(random, random.chance(0.8) ? 'F' : 'M', random.int(1975, 2000));
    while (names.has(name));
    names.add(name);
    const username = `t${String(t + 1).padStart(3, '0')}`;
    return { name, username, actor: `${name}（${username}）` };
  });
  return { enrolments, therapists };
}

/** The tables and columns written here; the area is skipped when the schema differs. */
const WRITES = {
  rehab_therapist: ['id', 'name', 'active', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  rehab_enrolment: ['id', 'person_id', 'category', 'cochlear_implant', 'start_date', 'funding', 'therapist_id', 'status', 'status_date',
    'discharge_reason', 'schedule_days', 'schedule_start', 'schedule_minutes', 'default_type', 'note', 'version', 'created_at', 'created_by',
    'updated_at', 'updated_by'],
  rehab_goal: ['id', 'enrolment_id', 'domain', 'goal', 'target_date', 'status', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  rehab_assessment: ['id', 'enrolment_id', 'kind', 'assessed_on', 'assessor', 'tool', 'note', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  rehab_assessment_score: ['assessment_id', 'domain', 'score', 'level'],
  rehab_session: ['enrolment_id', 'therapist_id', 'session_date', 'start_minute', 'minutes', 'type', 'attendance', 'group_id', 'note',
    'created_at', 'created_by', 'updated_at', 'updated_by'],
  rehab_session_goal: ['session_id', 'goal_id'],
  rehab_visit: ['person_id', 'visited_on', 'visitor', 'note', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  rehab_change: ['entity', 'entity_id', 'enrolment_id', 'at', 'actor', 'action', 'changes'],
} as const;

export function rehabProblem(db: Db): string | null {
  return areaProblem(db, WRITES);
}

interface GoalPlan {
  id: number;
  created: number;
  /** The day it stopped being worked on (achieved, partly, dropped), or Infinity while open. */
  closed: number;
}

const VISIT_NOTES = ['家庭训练落实较好', '指导家长居家训练方法', '了解家庭困难情况，已登记', '儿童状态良好', '建议复查听力', ''] as const;

export function writeRehab(ctx: SeedContext, db: Db, plan: RehabPlan, people: readonly PersonPlan[]): void {
  const random = ctx.random.fork('rehab.write');
  const today = dayNumber(ctx.today);
  const sql = (text: string) => db.prepare(text);
  const insertTherapist = sql(
    'INSERT INTO rehab_therapist (id, name, active, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertEnrolment = sql(
    `INSERT INTO rehab_enrolment (id, person_id, category, cochlear_implant, start_date, funding, therapist_id, status, status_date,
      discharge_reason, schedule_days, schedule_start, schedule_minutes, default_type, note, version, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertGoal = sql(
    `INSERT INTO rehab_goal (id, enrolment_id, domain, goal, target_date, status, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAssessment = sql(
    `INSERT INTO rehab_assessment (id, enrolment_id, kind, assessed_on, assessor, tool, note, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertScore = sql('INSERT INTO rehab_assessment_score (assessment_id, domain, score, level) VALUES (?, ?, ?, ?)');
  const insertSession = sql(
    `INSERT INTO rehab_session (enrolment_id, therapist_id, session_date, start_minute, minutes, type, attendance, group_id, note,
      created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
  );
  const insertSessionGoal = sql('INSERT INTO rehab_session_goal (session_id, goal_id) VALUES (?, ?)');
  const insertVisit = sql(
    'INSERT INTO rehab_visit (person_id, visited_on, visitor, note, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertChange = sql('INSERT INTO rehab_change (entity, entity_id, enrolment_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const counts = { goals: 0, assessments: 0, scores: 0, sessions: 0, sessionGoals: 0, visits: 0, changes: 0 };
  const change = (entity: string, id: number, enrolmentId: number | null, at: string, actor: string, action: string, changes: unknown[]) => {
    insertChange.run(entity, id, enrolmentId, at, actor, action, JSON.stringify(changes));
    counts.changes += 1;
  };

  // Therapists: hired before their first child; those with no open caseload and no session in the
  // last year have left (inactive), as the app allows.
  const therapistCount = plan.therapists.length;
  const hired = new Array<number>(therapistCount).fill(today);
  const lastWork = new Array<number>(therapistCount).fill(0);
  const openCaseload = new Array<number>(therapistCount).fill(0);
  for (const e of plan.enrolments) {
    for (const s of e.sessions) {
      hired[s.therapist] = Math.min(hired[s.therapist]!, e.start - 30);
      lastWork[s.therapist] = Math.max(lastWork[s.therapist]!, e.lastDay);
    }
    if (e.status !== 'discharged') openCaseload[e.sessions[0]!.therapist]! += 1;
  }

  db.transaction(() => {
    for (let t = 0; t < therapistCount; t += 1) {
      const left = openCaseload[t] === 0 && lastWork[t]! < today - 365;
      const created = stamp(random, hired[t]!);
      insertTherapist.run(t + 1, plan.therapists[t]!.name, left ? 0 : 1, created, ctx.operator, left ? stamp(random, lastWork[t]! + 20) : created, ctx.operator);
    }
  })();
  ctx.count('rehab_therapist', therapistCount);

  // Enrolments with their plans, assessments and the change log entries the app writes.
  const goalsOf: GoalPlan[][] = [];
  let goalId = 0;
  let assessmentId = 0;
  db.transaction(() => {
    plan.enrolments.forEach((e, index) => {
      const id = index + 1;
      const main = e.sessions[0]!;
      const therapist = plan.therapists[main.therapist]!.actor;
      const created = stamp(random, e.start);
      const discharged = e.status === 'discharged';
      const changed = e.status !== 'active';
      insertEnrolment.run(id, e.personId, e.category, e.cochlear ? 1 : 0, isoOf(e.start), e.funding, main.therapist + 1, e.status,
        isoOf(e.statusDate), e.dischargeReason, e.days, SLOTS[main.slot], MINUTES, DEFAULT_TYPE[e.category], '', changed ? 2 : 1, created, ctx.operator,
        changed ? stamp(random, e.statusDate) : created, ctx.operator);
      change('enrolment', id, id, created, ctx.operator, 'create', []);
      if (changed) {
        change('enrolment', id, id, stamp(random, e.statusDate), ctx.operator, 'update', [
          { field: 'status', before: 'active', after: e.status },
          { field: 'statusDate', before: isoOf(e.start), after: isoOf(e.statusDate) },
          ...(discharged ? [{ field: 'dischargeReason', before: '', after: e.dischargeReason }] : []),
        ]);
      }

      // A plan at the start and new goals at each six-monthly review; earlier goals close then.
      const end = Math.min(e.lastDay, today);
      const reviews: number[] = [e.start];
      for (let d = e.start + 182; d < end; d += 182) reviews.push(d);
      const goals: GoalPlan[] = [];
      const domains = DOMAINS[e.category];
      reviews.forEach((review, r) => {
        const add = r === 0 ? random.int(3, 4) : random.int(1, 2);
        for (let g = 0; g < add; g += 1) {
          goalId += 1;
          const domain = random.pick(domains);
          const nextReview = reviews[r + 1];
          const closedAt = nextReview !== undefined && random.chance(0.7) ? nextReview : discharged ? e.statusDate : Infinity;
          const status = closedAt === Infinity ? 'open' : random.weighted([['achieved', 55], ['partly', 33], ['dropped', 12]] as const);
          const at = stamp(random, Math.min(review, today));
          const text = random.pick(GOALS[domain]);
          insertGoal.run(goalId, id, domain, text, isoOf(review + random.int(90, 180)), status, at, therapist,
            closedAt === Infinity ? at : stamp(random, Math.min(closedAt, today)), therapist);
          change('goal', goalId, id, at, therapist, 'create', [{ field: 'goal', before: null, after: text }]);
          goals.push({ id: goalId, created: review, closed: closedAt });
          counts.goals += 1;
        }
      });
      goalsOf.push(goals);

      // Intake, six-monthly reviews and a discharge assessment, scores rising with training.
      const tool = random.pick(TOOLS[e.category]);
      const assessed = [...reviews.map((d, i) => ({ d: Math.min(d + random.int(0, 6), end), kind: i === 0 ? 'intake' : 'periodic' }))];
      if (discharged && e.statusDate - reviews[reviews.length - 1]! > 30) assessed.push({ d: e.statusDate, kind: 'discharge' });
      const scored = random.sample(domains, Math.min(domains.length, random.int(3, 4)));
      const baseScores = scored.map(() => random.int(15, 55));
      assessed.forEach((a, i) => {
        assessmentId += 1;
        const at = stamp(random, a.d);
        insertAssessment.run(assessmentId, id, a.kind, isoOf(a.d), therapist, tool, '', at, therapist, at, therapist);
        change('assessment', assessmentId, id, at, therapist, 'create', [{ field: 'tool', before: null, after: tool }]);
        scored.forEach((domain, k) => {
          const score = Math.min(100, baseScores[k]! + i * random.int(2, 9) + random.int(0, 3));
          insertScore.run(assessmentId, domain, score, '');
          counts.scores += 1;
        });
        counts.assessments += 1;
      });
    });
  })();

  // Quarterly home visits to children in the programme; severe adults quarterly, others now and then.
  const visitors: Therapist[] = plan.therapists.length > 0 ? plan.therapists : [{ name: '管理员', username: 'admin', actor: ctx.operator }];
  db.transaction(() => {
    const visit = (personId: number, day: number, visitor: Therapist, enrolmentId: number | null) => {
      const at = stamp(random, day, 16, 19);
      const id = Number(
        insertVisit.run(personId, isoOf(day), visitor.name, random.pick(VISIT_NOTES), at, visitor.actor, at, visitor.actor).lastInsertRowid,
      );
      change('visit', id, enrolmentId, at, visitor.actor, 'create', [{ field: 'date', before: null, after: isoOf(day) }]);
      counts.visits += 1;
    };
    plan.enrolments.forEach((e, index) => {
      const visitor = plan.therapists[e.sessions[0]!.therapist]!;
      const last = Math.min(e.status === 'discharged' ? e.statusDate : today, today);
      for (let d = e.start + random.int(20, 80); d <= last; d += random.int(75, 100)) visit(e.personId, d, visitor, index + 1);
    });
    for (const p of people) {
      if (p.archived || p.level === null) continue;
      const birth = dayNumber(p.birthDate);
      if (today - birth < 18 * 365) continue;
      const severe = p.level <= 2;
      if (!random.chance(severe ? 0.6 : 0.35)) continue;
      const every = severe ? [80, 100] : [330, 400];
      for (let d = Math.max(p.registered, today - 730) + random.int(10, every[0]!); d <= today; d += random.int(every[0]!, every[1]!)) {
        visit(p.id, d, random.pick(visitors), null);
      }
    }
  })();

  // Sessions, day by day over the centre's history, each day's rows in slot order.
  type Active = { e: EnrolmentPlan; id: number; goals: GoalPlan[]; types: readonly SessionType[] };
  const byStart = plan.enrolments.map((e, i) => ({ e, id: i + 1, goals: goalsOf[i]!, types: TYPES[e.category] }));
  let next = 0;
  let active: Active[] = [];
  const first = byStart[0]?.e.start ?? today;
  const perDay: { a: Active; slot: number; therapist: number; j: number; attendance: string }[] = [];
  const flushEvery = 60;
  let inTransaction = 0;
  db.exec('BEGIN');
  try {
    for (let day = first; day <= today; day += 1) {
      while (next < byStart.length && byStart[next]!.e.start <= day) active.push(byStart[next++]!);
      if (active.some((a) => a.e.lastDay < day)) active = active.filter((a) => a.e.lastDay >= day);
      if (!isOpenDay(day)) continue;
      const wd = String(weekday(day));
      const iso = isoOf(day);
      perDay.length = 0;
      for (const a of active) {
        if (!a.e.days.includes(wd)) continue;
        const roll = random.float();
        const attendance = roll < a.e.presence ? 'present' : roll < a.e.presence + (1 - a.e.presence) * 0.6 ? 'leave' : 'absent';
        a.e.sessions.forEach((s, j) => perDay.push({ a, slot: s.slot, therapist: s.therapist, j, attendance }));
      }
      perDay.sort((x, y) => x.slot - y.slot || x.therapist - y.therapist);
      for (const s of perDay) {
        const therapist = plan.therapists[s.therapist]!.actor;
        const end = SLOTS[s.slot]! + MINUTES + random.int(2, 240);
        const at = `${iso}T${String(Math.min(23, Math.floor(end / 60))).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}+08:00`;
        const note = s.attendance === 'present' && random.chance(0.12) ? random.pick(SESSION_NOTES) : '';
        const sessionId = insertSession.run(s.a.id, s.therapist + 1, iso, SLOTS[s.slot], MINUTES, s.a.types[s.j % s.a.types.length], s.attendance,
          note, at, therapist, at, therapist).lastInsertRowid;
        counts.sessions += 1;
        if (s.attendance === 'present') {
          const open = s.a.goals.filter((g) => g.created <= day && g.closed >= day);
          if (open.length > 0) {
            insertSessionGoal.run(sessionId, open[(s.j + day) % open.length]!.id);
            counts.sessionGoals += 1;
          }
        }
      }
      if (++inTransaction >= flushEvery) {
        db.exec('COMMIT');
        db.exec('BEGIN');
        inTransaction = 0;
      }
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }

  ctx.count('rehab_enrolment', plan.enrolments.length);
  ctx.count('rehab_goal', counts.goals);
  ctx.count('rehab_assessment', counts.assessments);
  ctx.count('rehab_assessment_score', counts.scores);
  ctx.count('rehab_session', counts.sessions);
  ctx.count('rehab_session_goal', counts.sessionGoals);
  ctx.count('rehab_visit', counts.visits);
  ctx.count('rehab_change', counts.changes);
}

