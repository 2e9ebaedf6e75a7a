// Subsidy claims (补贴申报) of a synthetic centre, made by the claims module itself so every line,
// lock and total is what the app computes: the year's rules, then a rehab claim each month, a
// devices claim each quarter and a training claim each quarter, submitted, approved and paid a
// few weeks after the period. The last month is left unclaimed (the accountant's next job, and
// what the bench times), the one before waits for approval.
import { createBase } from '../../db/claims/base';
import { createBatches } from '../../db/claims/batches';
import { createBuild } from '../../db/claims/build';
import type { DevicesRule, RehabRule, TrainingRule } from '../../db/claims/rules';
import type { AreaContext } from '../../db/context';
import { DomainError } from '../../db/errors';
import type { Db } from '../../db/open';
import { BUILTIN_COURSE_TYPES } from '../../db/training/rules';
import { dayNumber, isoOf } from './calendar';
import type { SeedContext } from './context';
import { areaProblem } from './schema';

const TABLES = {
  claim_batch: ['id', 'number', 'programme', 'period', 'status'],
  claim_line: ['id', 'batch_id'],
  claim_lock: ['record_type', 'record_id', 'line_id'],
  claim_event: ['batch_id'],
  claim_rule: ['programme', 'effective_from', 'rule'],
} as const;

export function claimsProblem(db: Db): string | null {
  // Written by the claims module itself, not by SQL here: only the tables need to be there.
  return areaProblem(db, {}, TABLES);
}

/** The typical local standard: 3,000 yuan a month for 16 service days, pro-rated, 30,000 a year at most. */
const REHAB_RULE: RehabRule = {
  monthlyStandardFen: 300_000,
  basis: 'days',
  fullMonthMin: 16,
  proRate: 'proportional',
  partialMin: 4,
  yearlyCapFen: 3_000_000,
  ageLimit: 7,
  requireCertificate: false,
};
const TRAINING_AMOUNTS: Record<string, number> = {
  massage_health: 200_000,
  massage_medical: 300_000,
  ecommerce: 120_000,
  practical: 60_000,
  handicraft: 80_000,
  other: 80_000,
};
const TRAINING_RULE: TrainingRule = {
  amounts: BUILTIN_COURSE_TYPES.map((courseType) => ({ courseType, amountFen: TRAINING_AMOUNTS[courseType] ?? 80_000 })),
  placementRequired: false,
  placementMonths: 6,
  requireCertificate: true,
};
const DEVICES_RULE: DevicesRule = { requireCertificate: true };

export interface ClaimsWritten {
  batches: number;
  /** The month left for the accountant (YYYY-MM). */
  openMonth: string;
}

export function writeClaims(ctx: SeedContext, db: Db, accountant: string, centreName: string | null): ClaimsWritten {
  const random = ctx.random.fork('claims');
  const lastYear = Number(ctx.today.slice(0, 4));
  const firstYear = lastYear - 6;
  let today = `${firstYear}-01-01`;
  let time = '09:00:00';
  const area: AreaContext = {
    db,
    clock: { today: () => today, now: () => `${today}T${time}+08:00` },
    actor: () => accountant,
    jobs: undefined as never,
    dataFile: '',
    encrypted: () => false,
    openSnapshot: () => {
      throw new Error('the seed exports nothing');
    },
    exportFile: () => {
      throw new Error('the seed exports nothing');
    },
    audit: () => undefined,
  };
  const base = createBase(area);
  const batches = createBatches(base, createBuild(base));
  const at = (day: number) => {
    today = isoOf(Math.min(day, dayNumber(ctx.today)));
    time = `${String(random.int(9, 17)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}`;
  };

  at(dayNumber(`${firstYear}-01-01`) - 10);
  base.saveRule('rehab', `${firstYear}-01-01`, REHAB_RULE);
  base.saveRule('training', `${firstYear}-01-01`, TRAINING_RULE);
  base.saveRule('devices', `${firstYear}-01-01`, DEVICES_RULE);
  // Without a name of its own, a claim goes out under the returns identity (as the app does).
  if (centreName === null) base.saveCentreName(`${ctx.area.city}${ctx.area.districts[0]!.name}残疾人康复服务中心`);

  const end = dayNumber(ctx.today);
  const lastMonthStart = dayNumber(`${ctx.today.slice(0, 7)}-01`);
  const openMonth = isoOf(lastMonthStart - 1).slice(0, 7);
  let written = 0;

  /** Builds a batch a few days after the period and takes it as far as `until` allows. */
  const claim = (programme: 'rehab' | 'training' | 'devices', period: string, periodEnd: number, until: 'submitted' | 'paid') => {
    at(periodEnd + random.int(3, 8));
    let detail;
    try {
      detail = batches.create(programme, period);
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    if (detail.lineCount === 0) {
      batches.remove(detail.id, detail.version);
      return;
    }
    written += 1;
    detail = batches.submit(detail.id, detail.version);
    if (until === 'submitted') return;
    at(periodEnd + random.int(15, 25));
    detail = batches.approve(detail.id, detail.version, today);
    at(periodEnd + random.int(30, 45));
    batches.pay(detail.id, detail.version, today, `PZ${period.replace('-', '')}${String(random.int(1, 999)).padStart(3, '0')}`);
  };

  db.transaction(() => {
    for (let year = firstYear; year <= lastYear; year += 1) {
      for (let month = 1; month <= 12; month += 1) {
        const code = `${year}-${String(month).padStart(2, '0')}`;
        if (code >= openMonth) break;
        const periodEnd = dayNumber(`${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-01`) - 1;
        // The month before the open one waits for approval; older ones are paid.
        claim('rehab', code, periodEnd, periodEnd + 60 > end ? 'submitted' : 'paid');
        if (month % 3 === 0) {
          const quarter = `${year}-Q${month / 3}`;
          const until = periodEnd + 60 > end ? 'submitted' : 'paid';
          claim('devices', quarter, periodEnd, until);
          claim('training', quarter, periodEnd, until);
        }
      }
    }
  })();
  ctx.count('claim_batch', written);
  for (const table of ['claim_line', 'claim_lock', 'claim_left_out', 'claim_event']) {
    ctx.count(table, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
  }
  return { batches: written, openMonth };
}
