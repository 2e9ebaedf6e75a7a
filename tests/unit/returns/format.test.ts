// The return package format as db/returns/FORMAT.md states it for other systems: the tables and
// columns of each format version, and the content checksum recomputed here from the document alone.
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  CanonicalHash,
  createPackageSchema,
  FORMAT_NAME,
  isPlainIdKey,
  keyFingerprint,
  PACKAGE_APPLICATION_ID,
  personHash,
  readMeta,
  tablesOf,
  tableV2,
  walkCanonical,
  type Meta,
} from '../../../db/returns/format';

// FORMAT.md, "The tables, in checksum order".
const V2: [string, string[]][] = [
  ['package_source', ['centre_code', 'centre_name', 'centre_type', 'region_code', 'period', 'exported_at', 'deidentified', 'claims']],
  ['person', ['centre_code', 'person_key', 'name', 'sex', 'birth_date', 'disability_category', 'disability_level', 'cert_expiry', 'household', 'archived']],
  ['rehab_enrolment', ['centre_code', 'enrolment_ref', 'person_key', 'category', 'funding', 'cochlear_implant', 'start_date', 'status', 'status_date']],
  ['rehab_session', ['centre_code', 'enrolment_ref', 'session_date', 'start_minute', 'minutes', 'type', 'attendance']],
  ['rehab_visit', ['centre_code', 'person_key', 'visited_on']],
  ['visit_due', ['centre_code', 'person_key', 'frequency', 'due_on', 'done_on']],
  ['training_class', ['centre_code', 'class_ref', 'course_type', 'course_name', 'start_date', 'end_date', 'total_hours']],
  ['training_enrolment', ['centre_code', 'class_ref', 'person_key', 'enrolled_on', 'completed_on']],
  ['training_certificate', ['centre_code', 'class_ref', 'person_key', 'cert_type', 'issued_on']],
  ['placement', ['centre_code', 'placement_ref', 'person_key', 'placement_type', 'start_date', 'end_date', 'monthly_wage_fen', 'full_time', 'has_contract', 'social_insurance']],
  ['placement_followup', ['centre_code', 'placement_ref', 'months', 'due_on', 'done_on', 'still_employed']],
  ['device_fitting', ['centre_code', 'fitting_ref', 'person_key', 'device_class', 'kind', 'fitted_on', 'replace_from', 'cost_fen', 'subsidy_fen', 'self_paid_fen', 'rule_applied']],
  ['device_followup', ['centre_code', 'fitting_ref', 'visited_on', 'outcome']],
  ['subsidy_claim', ['centre_code', 'claim_ref', 'line_seq', 'programme', 'kind', 'person_key', 'service_from', 'service_to', 'status', 'amount_fen']],
];
// Format 3 adds these, after format 2's (FORMAT.md, "Format 3: the people checks").
const V3_ADDED: [string, string[]][] = [
  [
    'centre_summary',
    ['centre_code', 'checked_on', 'households', 'multiple_households', 'zero_employment_households', 'family_doctor', 'children_in_rehab', 'insured_children', 'trainees', 'migrant_trainees'],
  ],
  [
    'department_list',
    ['centre_code', 'list_ref', 'source', 'source_name', 'list_date', 'statuses', 'list_rows', 'same', 'different', 'only_theirs', 'only_ours', 'departed'],
  ],
  ['left_out', ['centre_code', 'check_kind', 'person_key', 'reason']],
  ['satisfaction', ['centre_code', 'service', 'answers', 'satisfied']],
];
const V3 = [...V2, ...V3_ADDED];
// Columns the document lets be NULL; every other column is NOT NULL.
const NULLABLE = new Set([
  'person.disability_category',
  'person.disability_level',
  'person.cert_expiry',
  'visit_due.done_on',
  'training_enrolment.completed_on',
  'placement.end_date',
  'placement.monthly_wage_fen',
  'placement_followup.done_on',
  'placement_followup.still_employed',
]);
// Integers: the centre's record refs (claim_ref is the batch number, text), counts, money, flags, category and level.
const INTEGER = /((?<!claim)_ref|_seq|_fen|^minutes|^months|^start_minute|^total_hours|^deidentified|^archived|^cochlear_implant|^full_time|^has_contract|^social_insurance|^still_employed|^disability_category|^disability_level)$/;
// Format 3's counts.
const INTEGER_V3 = /^(households|multiple_households|zero_employment_households|family_doctor|children_in_rehab|insured_children|trainees|migrant_trainees|list_rows|same|different|only_theirs|only_ours|departed|answers|satisfied)$/;

function columnsOf(db: Database.Database, table: string) {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; notnull: number }[]).map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.notnull === 0,
  }));
}

describe('the package tables', () => {
  it('creates format 3 (the current one) as the document lists it: tables, columns in order, types and NULLs', () => {
    const db = new Database(':memory:');
    createPackageSchema(db);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['package_meta', ...V3.map(([name]) => name)].sort());
    for (const [table, columns] of V3_ADDED) {
      expect(columnsOf(db, table), table).toEqual(
        columns.map((name) => ({ name, type: INTEGER.test(name) || INTEGER_V3.test(name) ? 'INTEGER' : 'TEXT', nullable: false })),
      );
    }
    expect(tablesOf(3).map((t) => t.name)).toEqual(V3.map(([name]) => name));
    db.close();
  });

  it('creates format 2 as the document lists it: tables, columns in order, types and NULLs', () => {
    const db = new Database(':memory:');
    createPackageSchema(db, 2);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['package_meta', ...V2.map(([name]) => name)].sort());
    expect(columnsOf(db, 'package_meta')).toEqual([
      { name: 'key', type: 'TEXT', nullable: true },
      { name: 'value', type: 'TEXT', nullable: false },
    ]);
    for (const [table, columns] of V2) {
      expect(columnsOf(db, table), table).toEqual(
        columns.map((name) => ({ name, type: INTEGER.test(name) ? 'INTEGER' : 'TEXT', nullable: NULLABLE.has(`${table}.${name}`) })),
      );
    }
    expect(tablesOf(2).map((t) => t.name)).toEqual(V2.map(([name]) => name));
    db.close();
  });

  it('creates format 1 without package_source, visit_due and subsidy_claim, the person key named id_number', () => {
    const db = new Database(':memory:');
    createPackageSchema(db, 1);
    const v1 = V2.filter(([name]) => !['package_source', 'visit_due', 'subsidy_claim'].includes(name)).map(
      ([name, columns]) => [name, columns.map((c) => (c === 'person_key' ? 'id_number' : c))] as const,
    );
    expect(tablesOf(1).map((t) => t.name)).toEqual(v1.map(([name]) => name));
    for (const [table, columns] of v1) expect(columnsOf(db, table).map((c) => c.name), table).toEqual(columns);
    expect(tablesOf(2).find((t) => t.name === 'person')!.columns[1]!.name).toBe('person_key');
    db.close();
  });

  it('marks the columns a de-identified package changes: every person key, and the name (left empty)', () => {
    const marked = tablesOf(3).flatMap((t) => t.columns.filter((c) => c.role).map((c) => `${t.name}.${c.name}:${c.role}`));
    const personKeys = V3.filter(([, columns]) => columns.includes('person_key')).map(([name]) => `${name}.person_key:person_key`);
    expect(marked.sort()).toEqual([...personKeys, 'person.name:name'].sort());
  });

  it('reads the metadata as text keys and values', () => {
    const db = new Database(':memory:');
    createPackageSchema(db);
    db.prepare('INSERT INTO package_meta VALUES (?, ?), (?, ?)').run('format_version', '2', 'period', '2026-Q4');
    expect(readMeta(db)).toEqual({ format_version: '2', period: '2026-Q4' });
    db.close();
  });

  it('finds a format-2 table by name and refuses a name that is not one', () => {
    expect(tableV2('placement').columns.map((c) => c.name)).toEqual(V2.find(([name]) => name === 'placement')![1]);
    expect(() => tableV2('no_such_table')).toThrow(/no_such_table/);
  });

  it('names the file format and its application id "RDRP"', () => {
    expect(FORMAT_NAME).toBe('rehabdesk-return-package');
    expect(Buffer.from(PACKAGE_APPLICATION_ID.toString(16), 'hex').toString('ascii')).toBe('RDRP');
  });

  it('stands for an ID by HMAC-SHA256 of the upper-cased ID under the office key, and names the key by a 16-digit fingerprint', () => {
    // As FORMAT.md says, recomputed here with node:crypto (rules.test.ts checks the same values against Python).
    const key = '江苏省残联-2026-汇总上报共享密钥';
    const hmac = (text: string) => crypto.createHmac('sha256', Buffer.from(key, 'utf8')).update(text, 'utf8').digest('hex');
    expect(personHash(key, '11010519491231002x')).toBe(hmac('11010519491231002X'));
    expect(personHash(key, '11010519491231002X')).toBe('ef5017f5faa8b2fc9a62b2eefda6e3ff0a9cc0f51462163f94ced52003f2dac4');
    expect(keyFingerprint(key)).toBe(hmac('rehabdesk/returns/key-fingerprint').slice(0, 16));
    expect(keyFingerprint(key)).toBe('516194d96f061b41');
  });

  it('tells a resident ID (18 characters) from its keyed hash (64 hex) by length', () => {
    expect(isPlainIdKey('11010519491231002X')).toBe(true);
    expect(isPlainIdKey('a'.repeat(64))).toBe(false);
    expect(isPlainIdKey('1101051949123100')).toBe(false);
  });
});

describe('the content checksum', () => {
  /** FORMAT.md, "The checksum", done from the document: tables in order, rows sorted by every column, then metadata. */
  function documented(db: Database.Database, version: number, meta: Meta): string {
    const h = crypto.createHash('sha256');
    const line = (v: unknown) => h.update(`${JSON.stringify(v)}\n`, 'utf8');
    for (const table of tablesOf(version)) {
      const columns = columnsOf(db, table.name).map((c) => c.name);
      line(['table', table.name, columns]);
      const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table.name}`).raw(true).all() as unknown[][];
      rows.sort((a, b) => {
        for (let i = 0; i < a.length; i += 1) {
          const [x, y] = [a[i], b[i]];
          if (x === y) continue;
          if (x === null) return -1;
          if (y === null) return 1;
          return (x as number | string) < (y as number | string) ? -1 : 1;
        }
        return 0;
      });
      for (const row of rows) line(row);
    }
    for (const key of Object.keys(meta).filter((k) => k !== 'checksum').sort()) line(['meta', key, meta[key]]);
    return h.digest('hex');
  }

  function tinyPackage() {
    const db = new Database(':memory:');
    createPackageSchema(db);
    const visit = db.prepare('INSERT INTO rehab_visit VALUES (?, ?, ?)');
    // Inserted out of order: the checksum must not depend on the order rows were written.
    visit.run('12320102000000031X', '11010519491231002X', '2026-03-02');
    visit.run('12320102000000031X', '11010519491231002X', '2026-01-15');
    visit.run('12320102000000030Y', '320102199005060011', '2026-02-01');
    db.prepare('INSERT INTO placement_followup VALUES (?, ?, ?, ?, ?, ?)').run('12320102000000031X', 7, 3, '2026-04-01', null, null);
    db.prepare('INSERT INTO placement_followup VALUES (?, ?, ?, ?, ?, ?)').run('12320102000000031X', 7, 6, '2026-07-01', '2026-07-03', 1);
    db.prepare('INSERT INTO person VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run('12320102000000031X', '11010519491231002X', '王建国', 'F', '1949-12-31', null, null, null, 'urban', 0);
    return db;
  }
  const meta: Meta = { format: FORMAT_NAME, format_version: '2', period: '2026', centre_name: '玄武区康复中心', checksum: 'not part of the sum' };

  it('is the SHA-256 of the canonical stream the document describes', async () => {
    const db = tinyPackage();
    const sum = await walkCanonical(db, 2, meta);
    expect(sum).toMatch(/^[0-9a-f]{64}$/);
    expect(sum).toBe(documented(db, 2, meta));
    db.close();
  });

  it('changes with any value or any metadata, but not with the checksum itself', async () => {
    const db = tinyPackage();
    const sum = await walkCanonical(db, 2, meta);
    expect(await walkCanonical(db, 2, { ...meta, checksum: 'anything else' })).toBe(sum);
    expect(await walkCanonical(db, 2, { ...meta, period: '2026-H1' })).not.toBe(sum);
    db.prepare('UPDATE placement_followup SET still_employed = 0 WHERE months = 6').run();
    expect(await walkCanonical(db, 2, meta)).not.toBe(sum);
    db.close();
  });

  it('streams rows as a writer feeds them to the same sum', async () => {
    const db = tinyPackage();
    const hash = new CanonicalHash();
    for (const table of tablesOf(2)) {
      hash.table(table);
      const columns = table.columns.map((c) => c.name).join(', ');
      for (const row of db.prepare(`SELECT ${columns} FROM ${table.name} ORDER BY ${columns}`).raw(true).all() as unknown[][]) hash.row(row);
    }
    expect(hash.finish(meta)).toBe(await walkCanonical(db, 2, meta));
    db.close();
  });

  it('pauses every so many rows, so a long check can yield and be cancelled, and counts each table', async () => {
    const db = tinyPackage();
    let pauses = 0;
    const counts: Record<string, number> = {};
    await walkCanonical(db, 2, meta, { every: 2, pause: async () => void (pauses += 1), onTable: (t, rows) => (counts[t.name] = rows) });
    expect(pauses).toBe(3); // 6 rows, a pause after every second one
    expect(counts).toMatchObject({ person: 1, rehab_visit: 3, placement_followup: 2, subsidy_claim: 0 });
    expect(Object.keys(counts)).toHaveLength(V2.length);
    pauses = 0;
    await walkCanonical(db, 2, meta, { pause: async () => void (pauses += 1) });
    expect(pauses).toBe(0); // by default every 2,000 rows
    db.close();
  });

  it('reads a format-1 package over its own tables', async () => {
    const db = new Database(':memory:');
    createPackageSchema(db, 1);
    db.prepare('INSERT INTO rehab_visit VALUES (?, ?, ?)').run('12320102000000031X', '11010519491231002X', '2026-03-02');
    const v1Meta: Meta = { format: FORMAT_NAME, format_version: '1', checksum: '' };
    expect(await walkCanonical(db, 1, v1Meta)).toBe(documented(db, 1, v1Meta));
    db.close();
  });
});
