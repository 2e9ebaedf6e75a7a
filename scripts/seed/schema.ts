// Which areas this data file's schema holds: an area's rows are generated only when its tables
// and the columns the generator writes exist, so the seed works at any commit of the app.
import type { Db } from '../../db/open';

/** Missing tables or columns, as "table.column" (empty when everything needed is there). */
export function missingColumns(db: Db, needs: Record<string, readonly string[]>): string[] {
  const missing: string[] = [];
  for (const [table, columns] of Object.entries(needs)) {
    const have = new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name));
    if (have.size === 0) {
      missing.push(table);
      continue;
    }
    for (const column of columns) if (!have.has(column)) missing.push(`${table}.${column}`);
  }
  return missing;
}

/** Columns that must be given a value: NOT NULL without a default, other than the rowid alias. */
export function requiredColumns(db: Db, table: string): string[] {
  const columns = db.prepare(`SELECT name, "notnull" AS required, dflt_value, pk FROM pragma_table_info(?)`).all(table) as {
    name: string;
    required: number;
    dflt_value: string | null;
    pk: number;
  }[];
  const integerPk = columns.filter((c) => c.pk > 0).length === 1;
  return columns.filter((c) => c.required === 1 && c.dflt_value === null && !(integerPk && c.pk === 1 && c.name === 'id')).map((c) => c.name);
}

/**
 * Whether the generator can fill an area: every table and column it reads or writes exists, and
 * it writes every column the schema requires. Returns the reason it cannot, or null.
 */
export function areaProblem(db: Db, writes: Record<string, readonly string[]>, reads: Record<string, readonly string[]> = {}): string | null {
  const missing = missingColumns(db, { ...reads, ...writes });
  if (missing.length > 0) return `schema lacks ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}`;
  for (const [table, columns] of Object.entries(writes)) {
    const unknown = requiredColumns(db, table).filter((c) => !columns.includes(c));
    if (unknown.length > 0) return `generator does not fill required ${table}.${unknown.join(', ')}`;
  }
  return null;
}
