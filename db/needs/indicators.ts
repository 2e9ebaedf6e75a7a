// The indicators screen's figures for a year: fetches needs, services, plans, certificate holders
// and placements, and lets the rules count them (persons, each once). Also visits by quarter.
import { ageOn } from '../common/dates';
import { getSetting } from '../settings';
import { statements } from '../statements';
import type { Db } from '../open';
import {
  INDICATORS,
  childNeeds,
  coverage,
  employmentRate,
  meetsTarget,
  monthEnds,
  preciseCoverage,
  visitCadence,
  visitPeriods,
  yearPeriod,
  type HolderFacts,
  type Indicator,
  type NeedSpan,
  type Period,
  type Rate,
  type ServiceDay,
} from './rules';
import type { IndicatorFigure, IndicatorPersonRow, Indicators, VisitQuarters } from './contract';
import { SATISFACTION_SERVICES, satisfactionRate } from '../compare/rules';

/** `today` bounds the current year (rates run to today) and which quarters have begun. */
export function createIndicators(db: Db, today: () => string) {
  const sql = statements(db);
  const childUnder = (date: string) => getSetting(db, 'rehab.visit.childUnder', date, 7);

  function needSpans(kind: 'rehab' | 'device', period: Period): (NeedSpan & { birthDate: string })[] {
    return (
      sql(
        `SELECT n.person_id, n.recorded_on, n.closed_on, n.status, p.birth_date FROM need n JOIN person p ON p.id = n.person_id
         WHERE n.kind = ? AND n.recorded_on <= ? AND (n.closed_on IS NULL OR n.closed_on >= ?)`,
      ).all(kind, period.to, period.from) as { person_id: number; recorded_on: string; closed_on: string | null; status: string; birth_date: string }[]
    ).map((r) => ({ personId: r.person_id, recordedOn: r.recorded_on, closedOn: r.closed_on, withdrawn: r.status === 'closed', birthDate: r.birth_date }));
  }

  /** The first day in the period each person received the service: once a person is served, later days add nothing. */
  function firstServed(kind: 'rehab' | 'device', period: Period): ServiceDay[] {
    const fittings = sql('SELECT person_id, min(fitted_on) AS d FROM device_fitting WHERE fitted_on BETWEEN ? AND ? GROUP BY person_id').all(period.from, period.to) as {
      person_id: number;
      d: string;
    }[];
    const met = sql("SELECT person_id, min(closed_on) AS d FROM need WHERE kind = ? AND status = 'met' AND closed_on BETWEEN ? AND ? GROUP BY person_id").all(
      kind,
      period.from,
      period.to,
    ) as { person_id: number; d: string }[];
    const rows = [...fittings, ...met];
    if (kind === 'rehab') {
      // Each enrolment's first session attended in the period, found through its own index (enrolment,
      // date): a few index steps per enrolment rather than every session of the period grouped.
      rows.push(
        ...(sql(
          `SELECT person_id, min(d) AS d FROM (
             SELECT e.person_id, (SELECT min(s.session_date) FROM rehab_session s
               WHERE s.enrolment_id = e.id AND s.session_date BETWEEN ? AND ? AND s.attendance = 'present') AS d
             FROM rehab_enrolment e)
           WHERE d IS NOT NULL GROUP BY person_id`,
        ).all(period.from, period.to) as { person_id: number; d: string }[]),
      );
    }
    return rows.map((r) => ({ personId: r.person_id, date: r.d }));
  }

  function holders(): HolderFacts[] {
    return (
      sql('SELECT id, sex, birth_date, cert_number IS NOT NULL AS has_cert, cert_expiry FROM person WHERE archived = 0 AND cert_number IS NOT NULL').all() as {
        id: number;
        sex: 'M' | 'F';
        birth_date: string;
        has_cert: number;
        cert_expiry: string | null;
      }[]
    ).map((r) => ({ personId: r.id, sex: r.sex, birthDate: r.birth_date, hasCert: r.has_cert === 1, certExpiry: r.cert_expiry }));
  }

  /** Each indicator's rate for the year to `asOf`, and year to date at each month's end. */
  function rates(year: number): { asOf: string; byIndicator: Record<Indicator, { total: Rate; trend: { month: string; rate: Rate }[] }> } {
    const now = today();
    const full = yearPeriod(year);
    const asOf = now < full.to && now >= full.from ? now : full.to;
    const ends = monthEnds(year, now).map((end) => (end > asOf ? asOf : end));
    return { asOf, byIndicator: ratesFor({ from: full.from, to: asOf }, ends) };
  }

  /** Each indicator over a period (a return's), with its rate at each of `ends` (from the period's start). */
  function ratesFor(period: Period, ends: readonly string[]): Record<Indicator, { total: Rate; trend: { month: string; rate: Rate }[] }> {
    const full = period;
    const asOf = period.to;
    const rehabNeeds = needSpans('rehab', period);
    const deviceNeeds = needSpans('device', period);
    const rehabServed = firstServed('rehab', period);
    const deviceServed = firstServed('device', period);
    const plans = (sql("SELECT person_id, confirmed_on FROM service_plan WHERE confirmed_on IS NOT NULL AND confirmed_on <= ?").all(asOf) as {
      person_id: number;
      confirmed_on: string;
    }[]).map((p) => ({ personId: p.person_id, confirmedOn: p.confirmed_on }));
    const people = holders();
    const placements = (sql('SELECT person_id, start_date, end_date FROM placement WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)').all(asOf, full.from) as {
      person_id: number;
      start_date: string;
      end_date: string | null;
    }[]).map((p) => ({ personId: p.person_id, startDate: p.start_date, endDate: p.end_date }));
    const under = childUnder(asOf);

    const compute: Record<Indicator, (to: string) => Rate> = {
      childRehab: (to) => coverage(childNeeds(rehabNeeds, { from: full.from, to }, under), rehabServed, { from: full.from, to }),
      basicRehab: (to) => coverage(rehabNeeds, rehabServed, { from: full.from, to }),
      preciseRehab: (to) => preciseCoverage(rehabNeeds, rehabServed, plans, { from: full.from, to }),
      deviceFitting: (to) => coverage(deviceNeeds, deviceServed, { from: full.from, to }),
      employment: (to) => employmentRate(people, placements, to),
    };
    const byIndicator = {} as Record<Indicator, { total: Rate; trend: { month: string; rate: Rate }[] }>;
    for (const indicator of INDICATORS) {
      byIndicator[indicator] = {
        total: compute[indicator](asOf),
        trend: ends.map((end) => ({ month: end.slice(0, 7), rate: compute[indicator](end) })),
      };
    }
    return byIndicator;
  }

  /** Numerator and denominator of each indicator over a period, for a return package. */
  function countsFor(period: Period): Record<Indicator, [number, number]> {
    const byIndicator = ratesFor(period, []);
    return Object.fromEntries(INDICATORS.map((i) => [i, [byIndicator[i].total.numerator, byIndicator[i].total.denominator]])) as Record<Indicator, [number, number]>;
  }

  function targets(year: number): Map<string, { permille: number; source: 'centre' | 'office' }> {
    const rows = sql('SELECT indicator, permille, source FROM indicator_target WHERE year = ?').all(year) as { indicator: string; permille: number; source: 'centre' | 'office' }[];
    return new Map(rows.map((r) => [r.indicator, { permille: r.permille, source: r.source }]));
  }

  function indicators(year: number): Indicators {
    const { asOf, byIndicator } = rates(year);
    const goals = targets(year);
    const figures: IndicatorFigure[] = INDICATORS.map((indicator) => {
      const { total, trend } = byIndicator[indicator];
      const target = goals.get(indicator) ?? null;
      return {
        indicator,
        numerator: total.numerator,
        denominator: total.denominator,
        permille: total.permille,
        target: target?.permille ?? null,
        targetSource: target?.source ?? null,
        meets: meetsTarget(total.permille, target?.permille ?? null),
        trend: trend.map((t) => ({ month: t.month, numerator: t.rate.numerator, denominator: t.rate.denominator, permille: t.rate.permille })),
      };
    });
    const training = sql(
      `SELECT count(DISTINCT e.person_id) AS persons, count(*) AS enrolments FROM training_enrolment e JOIN training_class c ON c.id = e.class_id
       WHERE c.start_date BETWEEN ? AND ?`,
    ).get(`${year}-01-01`, asOf) as { persons: number; enrolments: number };
    const answers = sql('SELECT service, rating FROM satisfaction_answer WHERE answered_on BETWEEN ? AND ?').all(`${year}-01-01`, asOf) as { service: string; rating: number }[];
    const satisfaction = [
      { service: 'all' as const, ...satisfactionRate(answers.map((a) => a.rating)) },
      ...SATISFACTION_SERVICES.map((service) => ({ service, ...satisfactionRate(answers.filter((a) => a.service === service).map((a) => a.rating)) })),
    ];
    return { year, asOf, figures, training, satisfaction };
  }

  /** The people behind one indicator's denominator (click-through), marking who is in the numerator. */
  function people(year: number, indicator: Indicator, onlyMissing: boolean): IndicatorPersonRow[] {
    const { asOf, byIndicator } = rates(year);
    const rate = byIndicator[indicator].total;
    const inNumerator = new Set(rate.numeratorIds);
    const ids = onlyMissing ? rate.denominatorIds.filter((id) => !inNumerator.has(id)) : rate.denominatorIds;
    const get = sql('SELECT id, name, sex, birth_date FROM person WHERE id = ?');
    return ids
      .map((id) => get.get(id) as { id: number; name: string; sex: 'M' | 'F'; birth_date: string })
      .map((p) => ({ personId: p.id, name: p.name, sex: p.sex, age: ageOn(p.birth_date, asOf), inNumerator: inNumerator.has(p.id) }))
      .sort((a, b) => Number(a.inNumerator) - Number(b.inNumerator) || a.name.localeCompare(b.name, 'zh-CN') || a.personId - b.personId);
  }

  /** Visits due and done per calendar quarter, and who still needs one in the current period. */
  function visitQuarters(year: number): VisitQuarters {
    const now = today();
    const under = childUnder(now);
    const people = sql(
      `SELECT p.id, p.name, p.birth_date, p.disability_level, substr(p.created_at, 1, 10) AS since,
         (SELECT group_concat(v.visited_on) FROM rehab_visit v WHERE v.person_id = p.id AND v.visited_on BETWEEN ? AND ?) AS visits,
         (SELECT max(v.visited_on) FROM rehab_visit v WHERE v.person_id = p.id) AS last_visit
       FROM person p WHERE p.archived = 0`,
    ).all(`${year}-01-01`, `${year}-12-31`) as { id: number; name: string; birth_date: string; disability_level: number | null; since: string; visits: string | null; last_visit: string | null }[];
    const counts = new Map<number, { due: number; done: number }>([0, 1, 2, 3, 4].map((q) => [q, { due: 0, done: 0 }]));
    const due: VisitQuarters['due'] = [];
    const ref = now < `${year}-12-31` ? now : `${year}-12-31`;
    for (const p of people) {
      const periods = visitPeriods({ birthDate: p.birth_date, level: p.disability_level, since: p.since }, p.visits ? p.visits.split(',') : [], year, now, under);
      for (const period of periods) {
        const c = counts.get(period.quarter)!;
        c.due += 1;
        if (period.done) c.done += 1;
      }
      const current = periods.at(-1);
      if (current && !current.done && current.period.to >= ref && current.period.from <= ref) {
        const age = ageOn(p.birth_date, ref);
        due.push({ personId: p.id, name: p.name, age, level: p.disability_level, cadence: visitCadence({ age, level: p.disability_level }, under), lastVisit: p.last_visit ?? '' });
      }
    }
    due.sort((a, b) => (a.cadence === b.cadence ? 0 : a.cadence === 'quarterly' ? -1 : 1) || a.lastVisit.localeCompare(b.lastVisit) || a.name.localeCompare(b.name, 'zh-CN'));
    return { year, today: now, periods: [...counts].map(([quarter, c]) => ({ quarter, ...c })), due };
  }

  return { indicators, people, visitQuarters, targets, countsFor };
}
