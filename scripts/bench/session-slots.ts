// Therapy sessions the bench can save without overlapping anything: weekend slots the seeded
// history leaves empty, one enrolment per therapist so that many saves share a time without
// two of them booking the same therapist or child. Operation 3 (17:00–22:10), operations 9–11
// (06:00–08:10) and operation 12 (04:00–05:25, 22:30–23:55) use their own hours of the day, so a
// run of one never collides with another's saves on the same copy.
import type Database from 'better-sqlite3';

export interface SlotOptions {
  today: string;
  /** Start times of the slots, e.g. ['17:00', '17:45'] (40-minute sessions). */
  times: string[];
  /** Only enrolments started at least this many days before today (the slots reach back that far). */
  startedDaysAgo: number;
}

export interface SessionInput {
  enrolmentId: number;
  therapistId: number;
  date: string;
  startTime: string;
  minutes: number;
  type: string;
  attendance: 'present' | 'absent';
  goalIds: number[];
  note: string;
}

/** The i-th free slot's session input; never the same (therapist, date, time) twice. */
export function sessionSlots(raw: Database.Database, options: SlotOptions): (i: number) => SessionInput {
  const enrolments = raw
    .prepare(
      `SELECT e.id, e.therapist_id, e.default_type,
              (SELECT min(g.id) FROM rehab_goal g WHERE g.enrolment_id = e.id AND g.status = 'open') AS goal
       FROM rehab_enrolment e JOIN rehab_therapist t ON t.id = e.therapist_id
       WHERE e.status = 'active' AND t.active = 1 AND e.start_date <= date(?, ?)
         AND e.id = (SELECT min(o.id) FROM rehab_enrolment o WHERE o.therapist_id = e.therapist_id AND o.status = 'active'
                     AND o.start_date <= date(?, ?))
       ORDER BY e.id`,
    )
    .all(options.today, `-${options.startedDaysAgo} days`, options.today, `-${options.startedDaysAgo} days`) as {
    id: number;
    therapist_id: number;
    default_type: string;
    goal: number | null;
  }[];
  if (enrolments.length === 0) throw new Error('no active enrolment old enough for the bench to log sessions against');
  const oldest = new Date(`${options.today}T00:00:00Z`);
  oldest.setUTCDate(oldest.getUTCDate() - options.startedDaysAgo);
  const weekends: string[] = [];
  const weekend = (k: number): string => {
    const d = new Date(`${weekends.at(-1) ?? options.today}T00:00:00Z`);
    while (weekends.length <= k) {
      d.setUTCDate(d.getUTCDate() - 1);
      if (d < oldest) throw new Error(`the bench ran out of free session slots (${k} weekend days back)`);
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) weekends.push(d.toISOString().slice(0, 10));
    }
    return weekends[k]!;
  };
  return (i) => {
    const e = enrolments[i % enrolments.length]!;
    const round = Math.floor(i / enrolments.length);
    return {
      enrolmentId: e.id,
      therapistId: e.therapist_id,
      date: weekend(Math.floor(round / options.times.length)),
      startTime: options.times[round % options.times.length]!,
      minutes: 40,
      type: e.default_type,
      attendance: i % 10 === 0 ? 'absent' : 'present',
      goalIds: e.goal ? [e.goal] : [],
      note: i % 4 === 0 ? '配合良好' : '',
    };
  };
}
