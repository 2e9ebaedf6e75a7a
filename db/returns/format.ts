// The return package's file format (db/returns/FORMAT.md describes it for other systems): its
// tables per format version, the metadata keys, how a package file is laid out, and the content
// checksum (SHA-256 over a canonical, ordered serialisation of the metadata and the data tables).
import crypto from 'node:crypto';
import type { Db } from '../open';

/** The format this app writes. Older ones are read through an upgrade (see readPlan). */
export const FORMAT_VERSION = 3;
export const KNOWN_FORMATS = [1, 2, 3] as const;
export const FORMAT_NAME = 'rehabdesk-return-package';
/** PRAGMA application_id of a package file: "RDRP". */
export const PACKAGE_APPLICATION_ID = 0x52445250;

export interface ColumnDef {
  name: string;
  type: 'TEXT' | 'INTEGER';
  nullable?: boolean;
  /** person_key: the resident ID (18 characters) or its keyed hash (64 hex); name: dropped when de-identified. */
  role?: 'person_key' | 'name';
}

export interface TableDef {
  name: string;
  columns: ColumnDef[];
}

const T = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type: 'TEXT', ...extra });
const I = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({ name, type: 'INTEGER', ...extra });
const centre = T('centre_code');
const personKey = T('person_key', { role: 'person_key' });

/** Format 2: the data tables, in checksum order. Every row carries the centre it comes from. */
export const TABLES_V2: readonly TableDef[] = [
  {
    name: 'package_source',
    columns: [centre, T('centre_name'), T('centre_type'), T('region_code'), T('period'), T('exported_at'), I('deidentified'), T('claims')],
  },
  {
    name: 'person',
    columns: [
      centre,
      personKey,
      T('name', { role: 'name' }),
      T('sex'),
      T('birth_date'),
      I('disability_category', { nullable: true }),
      I('disability_level', { nullable: true }),
      T('cert_expiry', { nullable: true }),
      T('household'),
      I('archived'),
    ],
  },
  {
    name: 'rehab_enrolment',
    columns: [centre, I('enrolment_ref'), personKey, T('category'), T('funding'), I('cochlear_implant'), T('start_date'), T('status'), T('status_date')],
  },
  {
    name: 'rehab_session',
    columns: [centre, I('enrolment_ref'), T('session_date'), I('start_minute'), I('minutes'), T('type'), T('attendance')],
  },
  { name: 'rehab_visit', columns: [centre, personKey, T('visited_on')] },
  { name: 'visit_due', columns: [centre, personKey, T('frequency'), T('due_on'), T('done_on', { nullable: true })] },
  {
    name: 'training_class',
    columns: [centre, I('class_ref'), T('course_type'), T('course_name'), T('start_date'), T('end_date'), I('total_hours')],
  },
  { name: 'training_enrolment', columns: [centre, I('class_ref'), personKey, T('enrolled_on'), T('completed_on', { nullable: true })] },
  { name: 'training_certificate', columns: [centre, I('class_ref'), personKey, T('cert_type'), T('issued_on')] },
  {
    name: 'placement',
    columns: [
      centre,
      I('placement_ref'),
      personKey,
      T('placement_type'),
      T('start_date'),
      T('end_date', { nullable: true }),
      I('monthly_wage_fen', { nullable: true }),
      I('full_time'),
      I('has_contract'),
      I('social_insurance'),
    ],
  },
  {
    name: 'placement_followup',
    columns: [centre, I('placement_ref'), I('months'), T('due_on'), T('done_on', { nullable: true }), I('still_employed', { nullable: true })],
  },
  {
    name: 'device_fitting',
    columns: [
      centre,
      I('fitting_ref'),
      personKey,
      T('device_class'),
      T('kind'),
      T('fitted_on'),
      T('replace_from'),
      I('cost_fen'),
      I('subsidy_fen'),
      I('self_paid_fen'),
      T('rule_applied'),
    ],
  },
  { name: 'device_followup', columns: [centre, I('fitting_ref'), T('visited_on'), T('outcome')] },
  {
    name: 'subsidy_claim',
    columns: [
      centre,
      T('claim_ref'),
      I('line_seq'),
      T('programme'),
      T('kind'),
      personKey,
      T('service_from'),
      T('service_to'),
      T('status'),
      I('amount_fen'),
    ],
  },
];

/**
 * Format 3: format 2's tables, then what the centre checks of its people (不漏一人, issue 19): its
 * summary figures (households, 零就业家庭, family-doctor contracts, insured children, migrant
 * trainees), the department lists it compared, the people its left-out checks find (by person key,
 * never by name) and its satisfaction answers per service. A centre without these rows in a
 * format-3 package reported none; a format-2 package reported nothing of the kind ("not reported").
 */
export const TABLES_V3: readonly TableDef[] = [
  ...TABLES_V2,
  {
    name: 'centre_summary',
    columns: [
      centre,
      T('checked_on'),
      I('households'),
      I('multiple_households'),
      I('zero_employment_households'),
      I('family_doctor'),
      I('children_in_rehab'),
      I('insured_children'),
      I('trainees'),
      I('migrant_trainees'),
    ],
  },
  {
    name: 'department_list',
    columns: [
      centre,
      I('list_ref'),
      T('source'),
      T('source_name'),
      T('list_date'),
      T('statuses'),
      I('list_rows'),
      I('same'),
      I('different'),
      I('only_theirs'),
      I('only_ours'),
      I('departed'),
    ],
  },
  { name: 'left_out', columns: [centre, T('check_kind'), personKey, T('reason')] },
  { name: 'satisfaction', columns: [centre, T('service'), I('answers'), I('satisfied')] },
];

/** The tables an office holds a package's rows in (ret_*): the latest format's. */
export const TABLES_LATEST = TABLES_V3;

/**
 * Format 1, the first drafts' layout: no package_source (the one centre is in the metadata), no
 * visit_due, no subsidy_claim, and the person key was the plain ID in columns named id_number
 * (no de-identified variant existed).
 */
export const TABLES_V1: readonly TableDef[] = TABLES_V2.filter((t) => !['package_source', 'visit_due', 'subsidy_claim'].includes(t.name)).map(
  (t) => ({ ...t, columns: t.columns.map((c) => (c.role === 'person_key' ? { ...c, name: 'id_number' } : c)) }),
);

export function tablesOf(version: number): readonly TableDef[] {
  return version === 1 ? TABLES_V1 : version === 2 ? TABLES_V2 : TABLES_V3;
}

/** A table of the latest format, by name. */
export function packageTable(name: string): TableDef {
  const found = TABLES_LATEST.find((t) => t.name === name);
  if (!found) throw new Error(`no package table ${name}`);
  return found;
}

/** packageTable under its earlier name (format 2's tables keep their layout in format 3, so either finds them). */
export const tableV2 = packageTable;

/** Metadata keys (package_meta: key → text value). */
export type MetaKey =
  | 'format'
  | 'format_version'
  | 'schema_version'
  | 'app_version'
  | 'kind'
  | 'centre_code'
  | 'centre_name'
  | 'centre_type'
  | 'region_code'
  | 'period'
  | 'period_from'
  | 'period_to'
  | 'exported_at'
  | 'deidentified'
  | 'key_fingerprint'
  | 'claims'
  | 'row_counts'
  | 'checksum';
export type Meta = Partial<Record<MetaKey, string>> & Record<string, string>;

/** `schema`: where the tables go, e.g. `pkg.` for a package attached under that name (default: the main file). */
export function createPackageSchema(db: Db, version = FORMAT_VERSION, schema = ''): void {
  const ddl = tablesOf(version)
    .map((t) => `CREATE TABLE ${schema}${t.name} (${t.columns.map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}`).join(', ')});`)
    // Stryker disable next-line StringLiteral: equivalent, each statement ends with its own semicolon.
    .join('\n');
  db.exec(`CREATE TABLE ${schema}package_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n${ddl}`);
}

export function readMeta(db: Db): Meta {
  const rows = db.prepare('SELECT key, value FROM package_meta').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [String(r.key), String(r.value)]));
}

/**
 * The content checksum, fed in canonical order: each table's header and its rows sorted by every
 * column, then the metadata (all keys but checksum, sorted by key). Lines are JSON as ECMAScript
 * writes it. Writing a package feeds rows as it inserts them (its sources are already in that
 * order); reading one feeds them from a sorted SELECT.
 */
export class CanonicalHash {
  private readonly hash = crypto.createHash('sha256');
  /** Lines not yet fed to the hash: fed some 64 kB at a time, not a call per row (the same bytes in the same order). */
  private pending = '';

  private line(values: unknown[]) {
    this.rowJson(JSON.stringify(values));
  }

  private flush() {
    this.hash.update(this.pending);
    this.pending = '';
  }

  table(table: TableDef) {
    this.line(['table', table.name, table.columns.map((c) => c.name)]);
  }

  row(values: unknown[]) {
    this.line(values);
  }

  /** A row already written as its JSON line (without the newline): the same bytes `row` would feed. */
  rowJson(json: string) {
    this.pending += `${json}\n`;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, when the pending lines are fed does not change the digest.
    if (this.pending.length >= 65536) this.flush();
  }

  /** Ends the stream with the metadata and returns the checksum (hex). */
  finish(meta: Meta): string {
    for (const key of Object.keys(meta).filter((k) => k !== 'checksum').sort()) this.line(['meta', key, meta[key]]);
    this.flush();
    return this.hash.digest('hex');
  }
}

/** The ORDER BY of a table's canonical order: every column, in declared order, ascending. */
export function canonicalSelect(table: TableDef, schema = ''): string {
  const cols = table.columns.map((c) => c.name).join(', ');
  return `SELECT ${cols} FROM ${schema}${table.name} ORDER BY ${cols}`;
}

/**
 * Recomputes a package's checksum from its file, `every` rows awaiting `pause` (a job yields and
 * may be cancelled there). `onTable` learns each table's row count.
 */
export async function walkCanonical(
  db: Db,
  version: number,
  meta: Meta,
  options: { pause?: () => Promise<void>; every?: number; onTable?: (table: TableDef, rows: number) => void } = {},
): Promise<string> {
  const hash = new CanonicalHash();
  const every = options.every ?? 2000;
  let count = 0;
  for (const table of tablesOf(version)) {
    hash.table(table);
    let rows = 0;
    for (const row of db.prepare(canonicalSelect(table)).raw(true).iterate() as IterableIterator<unknown[]>) {
      hash.row(row);
      rows += 1;
      // Stryker disable next-line AssignmentOperator: equivalent, counting down meets the same multiples.
      count += 1;
      if (options.pause && count % every === 0) await options.pause();
    }
    options.onTable?.(table, rows);
  }
  return hash.finish(meta);
}

/** The keyed hash that stands for a resident ID in a de-identified package: HMAC-SHA256, hex. */
export function personHash(officeKey: string, idNumber: string): string {
  return crypto.createHmac('sha256', Buffer.from(officeKey, 'utf8')).update(idNumber.toUpperCase(), 'utf8').digest('hex');
}

/** Names the office key without revealing it, so packages made with another key are recognised. */
export function keyFingerprint(officeKey: string): string {
  return crypto.createHmac('sha256', Buffer.from(officeKey, 'utf8')).update('rehabdesk/returns/key-fingerprint', 'utf8').digest('hex').slice(0, 16);
}

/** A resident ID is 18 characters; a keyed hash is 64 hex characters. */
export function isPlainIdKey(key: string): boolean {
  return key.length === 18;
}
