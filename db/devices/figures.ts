// Figures for a year (统计): fittings by class and month, money, and the follow-up done rate.
import type { DeviceFigures } from './contract';
import { DEVICE_CLASSES, FOLLOWUP_OUTCOMES, doneRate, type DeviceClass, type FollowupOutcome } from './rules';
import type { DevicesStore } from './store';

function perClass<T>(make: () => T): Record<DeviceClass, T> {
  return Object.fromEntries(DEVICE_CLASSES.map((c) => [c, make()])) as Record<DeviceClass, T>;
}
const months = () => Array.from({ length: 12 }, () => 0);

export function createFigures(store: DevicesStore) {
  const { ctx, prepared } = store;

  function figures(year: number): DeviceFigures {
    const today = ctx.clock.today();
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const result: DeviceFigures = {
      year,
      today,
      byClassMonth: perClass(months),
      fittings: 0,
      costFen: 0,
      subsidyFen: 0,
      selfPaidFen: 0,
      subsidyByMonthFen: months(),
      subsidyByClassFen: perClass(() => 0),
      followupDue: 0,
      followupDone: 0,
      followupRate: null,
      followupDueByMonth: months(),
      followupDoneByMonth: months(),
      outcomes: Object.fromEntries(FOLLOWUP_OUTCOMES.map((o) => [o, 0])) as Record<FollowupOutcome, number>,
    };

    const fitted = prepared(
      `SELECT device_class, CAST(substr(fitted_on, 6, 2) AS INTEGER) AS month, count(*) AS n, sum(cost_fen) AS cost,
        sum(subsidy_fen) AS subsidy, sum(self_paid_fen) AS self_paid
       FROM device_fitting WHERE fitted_on BETWEEN ? AND ? GROUP BY device_class, month`,
    ).all(from, to) as { device_class: DeviceClass; month: number; n: number; cost: number; subsidy: number; self_paid: number }[];
    for (const r of fitted) {
      result.byClassMonth[r.device_class][r.month - 1] = r.n;
      result.fittings += r.n;
      result.costFen += r.cost;
      result.subsidyFen += r.subsidy;
      result.selfPaidFen += r.self_paid;
      result.subsidyByMonthFen[r.month - 1]! += r.subsidy;
      result.subsidyByClassFen[r.device_class] += r.subsidy;
    }

    // A first visit counts as due once its date has come; done when any visit was recorded.
    const dueUntil = today < to ? today : to;
    const due = prepared(
      `SELECT CAST(substr(f.followup_due, 6, 2) AS INTEGER) AS month, count(*) AS due,
        sum(EXISTS (SELECT 1 FROM device_followup u WHERE u.fitting_id = f.id)) AS done
       FROM device_fitting f WHERE f.followup_due BETWEEN ? AND ? GROUP BY month`,
    ).all(from, dueUntil) as { month: number; due: number; done: number }[];
    for (const r of due) {
      result.followupDueByMonth[r.month - 1] = r.due;
      result.followupDoneByMonth[r.month - 1] = r.done;
      result.followupDue += r.due;
      result.followupDone += r.done;
    }
    result.followupRate = doneRate(result.followupDone, result.followupDue);

    const outcomes = prepared(
      'SELECT outcome, count(*) AS n FROM device_followup WHERE visited_on BETWEEN ? AND ? GROUP BY outcome',
    ).all(from, to) as { outcome: FollowupOutcome; n: number }[];
    for (const r of outcomes) result.outcomes[r.outcome] = r.n;
    return result;
  }

  return { figures };
}
