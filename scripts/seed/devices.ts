// Assistive devices (辅助器具适配) of a synthetic centre: need assessments, fittings from the file's
// own catalogue with the subsidy split the app's rule computes, replacements only once the interval
// has passed, follow-up visits and the visit each fitting still waits for.
import { addMonths } from '../../db/common/dates';
import type { Db } from '../../db/open';
import type { SupportStatus } from '../../db/people/rules';
import {
  DEFAULT_FOLLOWUP_RULES,
  DEFAULT_SUBSIDY_RULES,
  computeSubsidy,
  deviceKind,
  nextFollowupDue,
  replaceableFrom,
  type AbandonReason,
  type DeviceClass,
  type FollowupOutcome,
} from '../../db/devices/rules';
import { dayNumber, isoOf } from './calendar';
import type { SeedContext } from './context';
import { personName } from './names';
import type { PersonPlan } from './people';
import { stamp } from './people';
import { areaProblem } from './schema';

/** The catalogue the migration seeds is read, not written. */
const READS = {
  device_item: ['id', 'code', 'device_class', 'iso_code', 'name', 'list_price_fen', 'replace_months', 'subsidy_cap_fen', 'basic', 'active'],
} as const;
const WRITES = {
  device_assessment: ['id', 'person_id', 'assessed_on', 'assessor', 'needs', 'prescription', 'created_at', 'created_by'],
  device_assessment_class: ['assessment_id', 'device_class'],
  device_fitting: ['id', 'person_id', 'assessment_id', 'item_id', 'device_class', 'kind', 'item_basic', 'item_cap_fen', 'replace_months',
    'supplier', 'serial_number', 'fitted_on', 'cost_fen', 'subsidy_fen', 'self_paid_fen', 'rule_applied', 'rule_status', 'rule_percent',
    'rule_cap_fen', 'statuses', 'training_given', 'training_notes', 'replace_from', 'early_replacement_of', 'replacement_reason',
    'followup_due', 'created_at', 'created_by', 'updated_at', 'updated_by'],
  device_followup: ['id', 'fitting_id', 'visited_on', 'outcome', 'abandon_reason', 'notes', 'visitor', 'created_at', 'created_by'],
  device_followup_pending: ['fitting_id', 'due_on'],
  device_change: ['entity', 'entity_id', 'at', 'actor', 'action', 'changes'],
} as const;

export function devicesProblem(db: Db): string | null {
  return areaProblem(db, WRITES, READS);
}

/** Which device classes a person of each certificate category needs, and how likely they get any. */
const NEEDS: Record<number, { classes: readonly DeviceClass[]; share: number }> = {
  1: { classes: ['vision'], share: 0.4 },
  2: { classes: ['hearing', 'communication'], share: 0.4 },
  3: { classes: ['communication'], share: 0.1 },
  4: { classes: ['mobility', 'prosthetic_orthotic', 'daily_living'], share: 0.45 },
  5: { classes: ['daily_living', 'communication'], share: 0.08 },
  6: { classes: ['daily_living'], share: 0.05 },
  7: { classes: ['mobility', 'daily_living', 'communication'], share: 0.4 },
};

const NEED_TEXT: Record<DeviceClass, string> = {
  mobility: '行走困难，室外活动需借助移动辅具',
  prosthetic_orthotic: '肢体缺失或畸形，需要假肢矫形器',
  hearing: '双耳听力损失，需要助听设备',
  vision: '低视力，阅读和出行困难',
  daily_living: '如厕、洗浴等日常生活需要辅助',
  communication: '言语表达困难，需要沟通辅具',
};

const SUPPLIERS = ['省康复辅具中心', '市假肢矫形康复中心', '康达辅具有限公司', '博声听力', '明视康复器材有限公司', '福康医疗器械有限公司'] as const;
const ABANDON: readonly AbandonReason[] = ['discomfort', 'unsuitable', 'broken', 'not_needed'];

interface Item {
  id: number;
  code: string;
  device_class: DeviceClass;
  iso_code: string;
  name: string;
  list_price_fen: number;
  replace_months: number;
  subsidy_cap_fen: number;
  basic: 0 | 1;
}

export function writeDevices(ctx: SeedContext, db: Db, people: readonly PersonPlan[]): void {
  const random = ctx.random.fork('devices');
  const today = dayNumber(ctx.today);
  const since = dayNumber(`${Number(ctx.today.slice(0, 4)) - 6}-01-01`);
  const items = db.prepare('SELECT * FROM device_item WHERE active = 1 ORDER BY id').all() as Item[];
  const byClass = new Map<DeviceClass, Item[]>();
  for (const item of items) byClass.set(item.device_class, [...(byClass.get(item.device_class) ?? []), item]);
  const assessors = Array.from({ length: 4 }, () => personName(random, random.chance(0.5) ? 'M' : 'F', random.int(1970, 1995)));
  const counts = { assessments: 0, classes: 0, fittings: 0, followups: 0, pending: 0, changes: 0 };

  const insertAssessment = db.prepare(
    'INSERT INTO device_assessment (id, person_id, assessed_on, assessor, needs, prescription, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertClass = db.prepare('INSERT INTO device_assessment_class (assessment_id, device_class) VALUES (?, ?)');
  const insertFitting = db.prepare(
    `INSERT INTO device_fitting (id, person_id, assessment_id, item_id, device_class, kind, item_basic, item_cap_fen, replace_months, supplier,
      serial_number, fitted_on, cost_fen, subsidy_fen, self_paid_fen, rule_applied, rule_status, rule_percent, rule_cap_fen, statuses,
      training_given, training_notes, replace_from, early_replacement_of, replacement_reason, followup_due, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', ?, ?, ?, ?, ?)`,
  );
  const insertFollowup = db.prepare(
    `INSERT INTO device_followup (id, fitting_id, visited_on, outcome, abandon_reason, notes, visitor, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPending = db.prepare('INSERT INTO device_followup_pending (fitting_id, due_on) VALUES (?, ?)');
  const insertChange = db.prepare('INSERT INTO device_change (entity, entity_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?, ?)');
  const change = (entity: string, id: number, at: string, changes: { field: string; before: null; after: unknown }[]) => {
    insertChange.run(entity, id, at, ctx.operator, 'create', JSON.stringify(changes));
    counts.changes += 1;
  };

  // Work in date order so row ids follow the calendar, as they would in a real file.
  const plans: { person: PersonPlan; assessed: number; classes: DeviceClass[] }[] = [];
  for (const person of people) {
    if (person.archived || person.category === null) continue;
    const need = NEEDS[person.category];
    if (!need || !random.chance(need.share)) continue;
    const from = Math.max(person.registered, since);
    if (from > today - 7) continue;
    const classes = random.sample(need.classes, random.chance(0.2) ? 2 : 1);
    plans.push({ person, assessed: random.int(from, today - 7), classes });
  }
  plans.sort((a, b) => a.assessed - b.assessed);

  const fittings: { person: PersonPlan; fitted: number; item: Item; assessmentId: number | null; replaces: boolean }[] = [];
  db.transaction(() => {
    plans.forEach((plan, index) => {
      const id = index + 1;
      const at = stamp(random, plan.assessed);
      const assessor = random.pick(assessors);
      const needs = plan.classes.map((c) => NEED_TEXT[c]).join('；');
      const chosen = plan.classes.map((c) => {
        const options = byClass.get(c) ?? [];
        const basic = options.filter((i) => i.basic === 1);
        return random.chance(0.8) && basic.length > 0 ? random.pick(basic) : options.length > 0 ? random.pick(options) : null;
      });
      const prescription = chosen.filter((i) => i !== null).map((i) => i.name).join('、');
      insertAssessment.run(id, plan.person.id, isoOf(plan.assessed), assessor, needs, prescription, at, ctx.operator);
      const classes = [...new Set(plan.classes)].sort();
      for (const c of classes) insertClass.run(id, c);
      counts.assessments += 1;
      counts.classes += classes.length;
      change('assessment', id, at, [
        { field: 'assessedOn', before: null, after: isoOf(plan.assessed) },
        { field: 'assessor', before: null, after: assessor },
        { field: 'needs', before: null, after: needs },
        { field: 'recommendedClasses', before: null, after: classes },
        ...(prescription ? [{ field: 'prescription', before: null, after: prescription }] : []),
      ]);
      for (const item of chosen) {
        if (!item) continue;
        const fitted = plan.assessed + random.int(7, 60);
        if (fitted > today) continue;
        fittings.push({ person: plan.person, fitted, item, assessmentId: id, replaces: false });
        // A replacement once the interval has passed (never early: that needs a reason on record).
        const again = dayNumber(replaceableFrom(isoOf(fitted), item.replace_months)) + random.int(0, 200);
        if (item.replace_months > 0 && again <= today && random.chance(0.5)) {
          fittings.push({ person: plan.person, fitted: again, item, assessmentId: null, replaces: true });
        }
      }
    });
  })();

  fittings.sort((a, b) => a.fitted - b.fitted);
  db.transaction(() => {
    let followupId = 0;
    fittings.forEach((f, index) => {
      const id = index + 1;
      const item = f.item;
      const fittedOn = isoOf(f.fitted);
      const costFen = Math.round((item.list_price_fen * random.int(90, 110)) / 100 / 100) * 100;
      // The app stores the statuses as read back from the register: sorted, comma-joined.
      const statuses = [...f.person.support].sort() as SupportStatus[];
      const split = computeSubsidy(costFen, { deviceClass: item.device_class, basic: item.basic === 1, subsidyCapFen: item.subsidy_cap_fen },
        statuses, DEFAULT_SUBSIDY_RULES);
      const replaceFrom = replaceableFrom(fittedOn, item.replace_months);
      const followupDue = addMonths(fittedOn, DEFAULT_FOLLOWUP_RULES.afterFittingMonths);
      const serial = random.chance(0.6) ? `SN${random.int(10_000_000, 99_999_999)}` : '';
      const trainingGiven = random.chance(0.85);
      const trainingNotes = trainingGiven ? random.pick(['已指导使用与保养', '已培训家属协助使用', '已进行适应性训练']) : '';
      const supplier = random.pick(SUPPLIERS);
      const at = stamp(random, f.fitted);
      insertFitting.run(id, f.person.id, f.assessmentId, item.id, item.device_class, deviceKind(item.iso_code), item.basic, item.subsidy_cap_fen,
        item.replace_months, supplier, serial, fittedOn, costFen, split.subsidyFen, split.selfPaidFen, split.ruleApplied, split.status,
        split.percent, split.capFen, statuses.join(','), trainingGiven ? 1 : 0, trainingNotes, replaceFrom, followupDue, at, ctx.operator, at,
        ctx.operator);
      counts.fittings += 1;
      const stored: Record<string, unknown> = {
        assessmentId: f.assessmentId, itemId: item.id, supplier, serialNumber: serial, costFen, fittedOn, trainingGiven, trainingNotes,
        replacementReason: '', subsidyFen: split.subsidyFen, selfPaidFen: split.selfPaidFen,
      };
      change('fitting', id, at, Object.entries(stored).filter(([, v]) => v !== '' && v !== null).map(([field, after]) => ({ field, before: null, after })));

      // Visits: most happen around the due date; an adjustment brings another a month later.
      let due: string | null = followupDue;
      while (due !== null) {
        const dueDay = dayNumber(due);
        if (dueDay > today - 3 || !random.chance(0.85)) break;
        const visited = Math.min(today, Math.max(f.fitted, dueDay + random.int(-10, 25)));
        const outcome: FollowupOutcome = random.weighted([['in_use', 76], ['needs_adjustment', 14], ['abandoned', 10]] as const);
        const reason = outcome === 'abandoned' ? random.pick(ABANDON) : null;
        const visitor = random.pick(assessors);
        const visitAt = stamp(random, visited);
        const notes = outcome === 'needs_adjustment' ? '需调整尺寸' : '';
        insertFollowup.run(++followupId, id, isoOf(visited), outcome, reason, notes, visitor, visitAt, ctx.operator);
        counts.followups += 1;
        const values: Record<string, unknown> = { visitedOn: isoOf(visited), outcome, abandonReason: reason, notes, visitor };
        change('followup', followupId, visitAt, Object.entries(values).filter(([, v]) => v !== '' && v !== null).map(([field, after]) => ({ field, before: null, after })));
        due = nextFollowupDue(isoOf(visited), outcome, DEFAULT_FOLLOWUP_RULES);
      }
      if (due !== null) {
        insertPending.run(id, due);
        counts.pending += 1;
      }
    });
  })();

  ctx.count('device_assessment', counts.assessments);
  ctx.count('device_assessment_class', counts.classes);
  ctx.count('device_fitting', counts.fittings);
  ctx.count('device_followup', counts.followups);
  ctx.count('device_followup_pending', counts.pending);
  ctx.count('device_change', counts.changes);
}
