// The statuses a person holds today, read from the two places they live: the person record's
// support statuses (person_support: 低保, 特困, the two allowances, the monitored-household kinds)
// and the dated facts (person_status_fact: the latest fact on or before today per status).
import type { Db } from '../open';
import { statements } from '../statements';
import { SUPPORT_BACKED, type FactStatus } from './rules';

const MONITOR_KINDS = new Set(['monitor_unstable', 'monitor_marginal', 'monitor_sudden']);

export function createStatusReader(db: Db) {
  const prepared = statements(db);

  /** Latest fact per person and status, effective on or before `today` (held or not). */
  function latestFacts(today: string, personId: number | null): Map<number, Map<FactStatus, boolean>> {
    const rows = prepared(
      `SELECT f.person_id, f.status, f.held FROM person_status_fact f
       WHERE (? IS NULL OR f.person_id = ?) AND f.id = (
         SELECT g.id FROM person_status_fact g WHERE g.person_id = f.person_id AND g.status = f.status AND g.effective_from <= ?
         ORDER BY g.effective_from DESC, g.id DESC LIMIT 1)`,
    ).all(personId, personId, today) as { person_id: number; status: FactStatus; held: number }[];
    const facts = new Map<number, Map<FactStatus, boolean>>();
    for (const r of rows) {
      let own = facts.get(r.person_id);
      if (!own) facts.set(r.person_id, (own = new Map()));
      own.set(r.status, r.held === 1);
    }
    return facts;
  }

  function supports(personId: number | null): Map<number, Set<string>> {
    const rows = prepared('SELECT person_id, status FROM person_support WHERE (? IS NULL OR person_id = ?)').all(personId, personId) as { person_id: number; status: string }[];
    const result = new Map<number, Set<string>>();
    for (const r of rows) {
      let own = result.get(r.person_id);
      if (!own) result.set(r.person_id, (own = new Set()));
      own.add(r.status);
    }
    return result;
  }

  /**
   * Every status held today, by person: support statuses as the record keeps them, fact statuses
   * by their latest fact. 脱贫监测 (monitor) is held by the latest fact, or, before any fact, by any
   * of the record's monitored-household kinds.
   */
  function held(today: string, personId: number | null = null): Map<number, Set<string>> {
    const support = supports(personId);
    const facts = latestFacts(today, personId);
    const result = new Map<number, Set<string>>();
    for (const id of new Set([...support.keys(), ...facts.keys()])) {
      const own = new Set(support.get(id) ?? []);
      const fact = facts.get(id) ?? new Map<FactStatus, boolean>();
      if (!fact.has('monitor') && [...own].some((s) => MONITOR_KINDS.has(s))) own.add('monitor');
      for (const [status, isHeld] of fact) {
        if (SUPPORT_BACKED.has(status)) continue; // the record says
        if (isHeld) own.add(status);
        else own.delete(status);
      }
      result.set(id, own);
    }
    return result;
  }

  return { held };
}
