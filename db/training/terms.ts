// The real-name dictionaries (就业形式, 行业, 就业途径, 劳动合同, 社会保险, 未就业原因, 培训周期, …)
// as data: each code valid from a date (migration 011 seeds them), checked on the record's date.
import type { AppError } from '../errors';
import type { Db } from '../open';
import { statements } from '../statements';
import type { TermRow } from './contract';
import type { Dictionary } from './employment-rules';

export type Terms = ReturnType<typeof createTerms>;

export function createTerms(db: Db) {
  const prepared = statements(db);

  /** The entries of a dictionary (or all) valid on a date ('' = every edition). */
  function list(dict: Dictionary | null, onDate: string): TermRow[] {
    const rows = prepared(
      `SELECT dict, code, label_zh, label_en, valid_from, valid_to FROM employment_term
       WHERE (@dict IS NULL OR dict = @dict) AND (@onDate = '' OR (valid_from <= @onDate AND (valid_to IS NULL OR valid_to >= @onDate)))
       ORDER BY dict, sort, code, valid_from`,
    ).all({ dict, onDate }) as { dict: Dictionary; code: string; label_zh: string; label_en: string; valid_from: string; valid_to: string | null }[];
    return rows.map((r) => ({ dict: r.dict, code: r.code, labelZh: r.label_zh, labelEn: r.label_en, validFrom: r.valid_from, validTo: r.valid_to ?? '' }));
  }

  function valid(dict: Dictionary, code: string, onDate: string): boolean {
    return (
      prepared('SELECT 1 FROM employment_term WHERE dict = ? AND code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)').get(dict, code, onDate, onDate) !==
      undefined
    );
  }

  /** Adds TERM_UNKNOWN for a code (not null) the dictionary does not hold on the date. */
  function check(issues: AppError[], field: string, dict: Dictionary, code: string | null, onDate: string): void {
    if (code !== null && !valid(dict, code, onDate)) issues.push({ code: 'TERM_UNKNOWN', field, params: { code, date: onDate } });
  }

  return { list, valid, check };
}
