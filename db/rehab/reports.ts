// Attendance figures: one child's month (calendar, counts, a year's trend) and the centre's month
// summary (children served by category and age band, sessions, service days, attendance rate).
import { ageOn } from '../common/dates';
import { fail } from '../errors';
import type { ChildMonth, MonthCounts, MonthSummary } from './contract';
import type { RehabBase } from './base';
import { SESSION_COLUMNS, toSessionRow, type SessionDb } from './sessions';
import {
  REHAB_CATEGORIES,
  SESSION_TYPES,
  ageBand,
  ageBandRanges,
  attendanceRate,
  monthRange,
  serviceDays,
  shiftMonth,
  type RehabCategory,
  type SessionType,
} from './rules';

interface MonthAggregate {
  month: string;
  sessions: number;
  present: number;
  absent: number;
  leave: number;
  serviceDays: number;
  children: number;
}

/** The 12 months ending with `month`, oldest first. */
function lastTwelve(month: string): string[] {
  return Array.from({ length: 12 }, (_, i) => shiftMonth(month, i - 11));
}

function withRate<T extends Omit<MonthCounts, 'attendanceRate'>>(counts: T): T & { attendanceRate: number | null } {
  return { ...counts, attendanceRate: attendanceRate(counts) };
}

export function createReports(base: RehabBase) {
  const { sql } = base;

  /**
   * Sessions and service days per month over the 12 months ending with `month`, for one enrolment
   * or the whole centre. Service days come from the rehab_service_day view, as claims will count them.
   */
  function trend(month: string, enrolmentId: number | null): MonthAggregate[] {
    const months = lastTwelve(month);
    const only = enrolmentId === null ? '' : 'AND enrolment_id = ?';
    const args = [monthRange(months[0]!).first, monthRange(month).last, ...(enrolmentId === null ? [] : [enrolmentId])];
    const sessions = sql(
      `SELECT substr(session_date, 1, 7) AS month, count(*) AS sessions, sum(attendance = 'present') AS present,
         sum(attendance = 'absent') AS absent, sum(attendance = 'leave') AS leave,
         count(DISTINCT CASE WHEN attendance = 'present' THEN enrolment_id END) AS children
       FROM rehab_session WHERE session_date BETWEEN ? AND ? ${only} GROUP BY month`,
    ).all(...args) as Omit<MonthAggregate, 'serviceDays'>[];
    const days = sql(
      `SELECT substr(service_date, 1, 7) AS month, count(*) AS serviceDays FROM rehab_service_day
       WHERE service_date BETWEEN ? AND ? ${only} GROUP BY month`,
    ).all(...args) as { month: string; serviceDays: number }[];
    const byMonth = new Map(sessions.map((s) => [s.month, s]));
    const daysByMonth = new Map(days.map((d) => [d.month, d.serviceDays]));
    return months.map((m) => ({
      month: m,
      sessions: byMonth.get(m)?.sessions ?? 0,
      present: byMonth.get(m)?.present ?? 0,
      absent: byMonth.get(m)?.absent ?? 0,
      leave: byMonth.get(m)?.leave ?? 0,
      children: byMonth.get(m)?.children ?? 0,
      serviceDays: daysByMonth.get(m) ?? 0,
    }));
  }

  function childMonth(enrolmentId: number, month: string): ChildMonth {
    if (!sql('SELECT 1 FROM rehab_enrolment WHERE id = ?').get(enrolmentId)) fail('REHAB_NOT_FOUND', undefined, { id: enrolmentId });
    const { first, last } = monthRange(month);
    const rows = sql(
      `SELECT ${SESSION_COLUMNS}, t.name AS therapist_name FROM rehab_session s JOIN rehab_therapist t ON t.id = s.therapist_id
       WHERE s.enrolment_id = ? AND s.session_date BETWEEN ? AND ? ORDER BY s.session_date, s.start_minute, s.id`,
    ).all(enrolmentId, first, last) as (SessionDb & { therapist_name: string })[];
    const sessions = rows.map((r) => ({ ...toSessionRow(r), therapistName: r.therapist_name }));
    const count = (a: string) => sessions.filter((s) => s.attendance === a).length;
    const byType = new Map<SessionType, number>();
    for (const s of sessions) byType.set(s.type, (byType.get(s.type) ?? 0) + 1);
    return {
      enrolmentId,
      month,
      sessions,
      counts: {
        ...withRate({
          sessions: sessions.length,
          present: count('present'),
          absent: count('absent'),
          leave: count('leave'),
          serviceDays: serviceDays(sessions).length,
        }),
        minutes: sessions.filter((s) => s.attendance === 'present').reduce((sum, s) => sum + s.minutes, 0),
      },
      trend: trend(month, enrolmentId).map(({ children: _children, ...m }) => withRate(m)),
      byType: SESSION_TYPES.filter((t) => byType.has(t)).map((t) => ({ type: t, sessions: byType.get(t)! })),
    };
  }

  function summary(month: string): MonthSummary {
    const { first, last } = monthRange(month);
    const starts = base.settings(first)['rehab.ageBands'];
    const ranges = ageBandRanges(starts);
    const perChild = sql(
      `SELECT e.category, p.birth_date, sum(s.attendance = 'present') AS present
       FROM rehab_session s JOIN rehab_enrolment e ON e.id = s.enrolment_id JOIN person p ON p.id = e.person_id
       WHERE s.session_date BETWEEN ? AND ? GROUP BY s.enrolment_id`,
    ).all(first, last) as { category: RehabCategory; birth_date: string; present: number }[];
    const served = new Map<RehabCategory, number[]>();
    const servedByBand = ranges.map(() => 0);
    for (const child of perChild) {
      if (child.present === 0) continue; // only absences: not served this month
      const band = ageBand(ageOn(child.birth_date, first), starts);
      const bands = served.get(child.category) ?? ranges.map(() => 0);
      bands[band]! += 1;
      servedByBand[band]! += 1;
      served.set(child.category, bands);
    }
    const byType = sql(
      `SELECT type, count(*) AS sessions, sum(attendance = 'present') AS present FROM rehab_session
       WHERE session_date BETWEEN ? AND ? GROUP BY type`,
    ).all(first, last) as { type: SessionType; sessions: number; present: number }[];
    const months = trend(month, null).map(withRate);
    const current = months[months.length - 1]!;
    const { month: _month, ...totals } = current;
    return {
      month,
      ageBands: ranges,
      served: REHAB_CATEGORIES.filter((c) => served.has(c)).map((c) => {
        const bands = served.get(c)!;
        return { category: c, bands, total: bands.reduce((a, b) => a + b, 0) };
      }),
      servedByBand,
      totals,
      byType: SESSION_TYPES.map((t) => byType.find((b) => b.type === t)).filter((b) => b !== undefined),
      trend: months,
    };
  }

  return { childMonth, summary };
}
