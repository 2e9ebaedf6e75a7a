// Employment lines of a training claim (issue 16): the above-quota reward of employers
// (超比例安排残疾人就业奖励, Alxa: per extra person 5× the local monthly minimum wage) and
// entrepreneurship awards (Dezhou: 5,000 and 3,000 yuan). Facts are fetched here; the amounts come
// from db/training/employment-rules.ts. A line holds a person, so the reward is claimed person by
// person: the extra persons are the employer's real-name workers (placements with it during the
// year), the latest started first; an employer with fewer on record than extra persons gets lines
// for those on record (its screen shows how many are missing).
import type { Period, RecordRef } from './rules';
import type { Only, Proposal, PersonFacts } from './build';
import type { ClaimsBase } from './base';
import { getSetting } from '../settings';
import { multipleTenthsOf, quotaStanding, rewardPerPersonFen, personsText } from '../training/employment-rules';
import { DEFAULT_QUOTA_SHARE_PERMYRIAD, MINIMUM_WAGE_KEY, QUOTA_SHARE_KEY, REWARD_MULTIPLE_KEY, type EmployerYearDb } from '../training/employment';

/** What the service keys of these lines start with (migration 011's guards read them). */
export const QUOTA_KEY = 'quota';
export const AWARD_KEY = 'award';

/** The content codes of these lines (worded under training.courseTypes like a course). */
export const EMPLOYER_REWARD = 'employer_reward';
export const ENTREPRENEUR_AWARD = 'entrepreneur_award';

export function createEmploymentLines(base: ClaimsBase, person: (id: number) => PersonFacts) {
  const { sql, db } = base;

  function claimedIn(personId: number, serviceKey: string, batchId: number, ignoreLineId: number): string | null {
    const row = sql(
      `SELECT b.number FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
       WHERE l.programme = 'training' AND l.person_id = ? AND l.service_key = ? AND l.live = 1 AND l.kind = 'claim' AND l.batch_id <> ? AND l.id <> ?
       ORDER BY b.number LIMIT 1`,
    ).get(personId, serviceKey, batchId, ignoreLineId) as { number: string } | undefined;
    return row?.number ?? null;
  }

  function rewards(period: Period, batchId: number, only: Only | null): Proposal[] {
    const years = sql(
      `SELECT y.*, e.name AS employer_name FROM employer_year y JOIN employer e ON e.id = y.employer_id
       WHERE y.assessed_on BETWEEN ? AND ? ORDER BY y.assessed_on, y.id`,
    ).all(period.start, period.end) as (EmployerYearDb & { employer_name: string })[];
    const proposals: Proposal[] = [];
    for (const y of years) {
      const share = getSetting<number>(db, QUOTA_SHARE_KEY, `${y.year}-01-01`, DEFAULT_QUOTA_SHARE_PERMYRIAD);
      const q = quotaStanding({ staffCount: y.staff_count, disabledEmployees: y.disabled_employees, severeEmployees: y.severe_employees }, share);
      if (q.standing !== 'above') continue;
      const multiple = getSetting<number | null>(db, REWARD_MULTIPLE_KEY, y.assessed_on, null);
      const wage = getSetting<number | null>(db, MINIMUM_WAGE_KEY, y.assessed_on, null);
      if (multiple === null || wage === null) continue;
      const amount = rewardPerPersonFen(wage, multipleTenthsOf(multiple), y.months);
      const workers = sql(
        `SELECT person_id, max(start_date) AS started FROM placement WHERE employer_id = ? AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)
         GROUP BY person_id ORDER BY started DESC, person_id DESC LIMIT ?`,
      ).all(y.employer_id, `${y.year}-12-31`, `${y.year}-01-01`, q.extraPersons) as { person_id: number; started: string }[];
      const key = `${QUOTA_KEY}:${y.id}`;
      for (const w of workers) {
        if (only && (only.personId !== w.person_id || only.serviceKey !== key)) continue;
        // The figures the line rests on are locked by migration 011's triggers, not through claim_lock.
        const records: RecordRef[] = [];
        const number = claimedIn(w.person_id, key, batchId, only?.ignoreLineId ?? 0);
        proposals.push({
          person: person(w.person_id),
          serviceKey: key,
          serviceFrom: `${y.year}-01-01`,
          serviceTo: `${y.year}-12-31`,
          serviceYear: y.year,
          contentCode: EMPLOYER_REWARD,
          contentText: y.employer_name,
          rule: null,
          outcome:
            number !== null
              ? { kind: 'left-out', reason: 'ALREADY_CLAIMED', params: { number }, records }
              : {
                  kind: 'line',
                  quantity: 1,
                  unit: 'items',
                  standardFen: amount,
                  amountFen: amount,
                  steps: [
                    {
                      code: 'QUOTA_STANDING',
                      params: { year: y.year, staff: y.staff_count, share: share / 100, required: personsText(q.requiredE4), counted: q.counted, extra: q.extraPersons },
                    },
                    { code: 'QUOTA_REWARD', params: { standard: wage, multiple, months: y.months, amount } },
                  ],
                  records,
                },
        });
      }
    }
    return proposals;
  }

  function awards(period: Period, batchId: number, only: Only | null): Proposal[] {
    const rows = sql('SELECT id, person_id, level, awarded_on, amount_fen, title FROM entrepreneur_award WHERE awarded_on BETWEEN ? AND ? ORDER BY awarded_on, id').all(
      period.start,
      period.end,
    ) as { id: number; person_id: number; level: string; awarded_on: string; amount_fen: number; title: string }[];
    const proposals: Proposal[] = [];
    for (const a of rows) {
      const key = `${AWARD_KEY}:${a.id}`;
      if (only && (only.personId !== a.person_id || only.serviceKey !== key)) continue;
      const number = claimedIn(a.person_id, key, batchId, only?.ignoreLineId ?? 0);
      proposals.push({
        person: person(a.person_id),
        serviceKey: key,
        serviceFrom: a.awarded_on,
        serviceTo: a.awarded_on,
        serviceYear: Number(a.awarded_on.slice(0, 4)),
        contentCode: ENTREPRENEUR_AWARD,
        contentText: a.title,
        rule: null,
        outcome:
          number !== null
            ? { kind: 'left-out', reason: 'ALREADY_CLAIMED', params: { number }, records: [] }
            : {
                kind: 'line',
                quantity: 1,
                unit: 'items',
                standardFen: a.amount_fen,
                amountFen: a.amount_fen,
                steps: [{ code: 'ENTREPRENEUR_AWARD', params: { level: a.level, date: a.awarded_on, amount: a.amount_fen } }],
                records: [],
              },
      });
    }
    return proposals;
  }

  /** Every employment line of a training claim for the period. */
  function propose(period: Period, batchId: number, only: Only | null): Proposal[] {
    if (only && !only.serviceKey.startsWith(`${QUOTA_KEY}:`) && !only.serviceKey.startsWith(`${AWARD_KEY}:`)) return [];
    return [...rewards(period, batchId, only), ...awards(period, batchId, only)];
  }

  return { propose };
}
