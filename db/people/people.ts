// The people register (残疾人档案): queries and writes. Rules live in ./rules.ts.
import { PERSON_FIELDS, type ExpiringCertificates, type PeopleSearchInput, type PersonChange, type PersonDetail, type PersonFields, type PersonRow } from '../contract';
import type { z } from 'zod';
import type { peopleSearchInput } from '../contract';
import { addMonths, ageOn } from '../common/dates';
import { DomainError, fail, failFields } from '../errors';
import { statements } from '../statements';
import type { Db } from '../open';
import type { Clock } from '../clock';
import { checkPerson, expiryBand, type SupportStatus } from './rules';

type SearchParams = z.output<ReturnType<typeof peopleSearchInput>>;

interface PersonDbRow {
  id: number;
  name: string;
  id_number: string;
  sex: 'M' | 'F';
  birth_date: string;
  cert_number: string | null;
  disability_category: number | null;
  disability_level: number | null;
  cert_expiry: string | null;
  support: string | null;
}

interface PersonDbDetail extends PersonDbRow {
  household: 'urban' | 'rural';
  phone: string;
  address: string;
  guardian_name: string;
  guardian_phone: string;
  guardian_relation: string;
  created_at: string;
  updated_at: string;
  version: number;
  archived: number;
}

/** The certificate number as written: the stored 20 characters plus the reissue suffix (B1, B2, …). */
export const FULL_CERT_SQL = `CASE WHEN p.cert_reissue > 0 THEN p.cert_number || 'B' || p.cert_reissue ELSE p.cert_number END`;

const ROW_COLUMNS = `p.id, p.name, p.id_number, p.sex, p.birth_date, ${FULL_CERT_SQL} AS cert_number, p.disability_category,
  p.disability_level, p.cert_expiry,
  (SELECT group_concat(status) FROM person_support s WHERE s.person_id = p.id) AS support`;

const SORT_SQL: Record<SearchParams['sort'], string> = {
  name: 'p.name',
  idNumber: 'p.id_number',
  birthDate: 'p.birth_date',
  category: 'p.disability_category',
  certExpiry: 'p.cert_expiry',
  updatedAt: 'p.updated_at',
};

/** Rows that belong to the person record itself and go with it. */
const OWNED_BY_PERSON = new Set(['person', 'person_support', 'person_change', 'person_cert_history']);

const NULLABLE_SORTS = new Set<SearchParams['sort']>(['category', 'certExpiry']);

/** Fields compared and logged on change, in API names. */
const TRACKED = PERSON_FIELDS;

/** The stored columns of a person, in the order of the INSERT and UPDATE statements below. */
function columnValues(values: PersonFields, id: { birthDate: string; sex: 'M' | 'F' }) {
  return [
    values.name,
    values.idNumber,
    id.birthDate,
    id.sex,
    values.certNumber ? values.certNumber.slice(0, 20) : null,
    values.certNumber ? reissueOf(values.certNumber) : 0,
    values.category,
    values.level,
    values.certExpiry || null,
    values.household,
    values.phone,
    values.address,
    values.guardianName,
    values.guardianPhone,
    values.guardianRelation,
  ];
}

/** The reissue count of a validated certificate number (B3 → 3; a first issue → 0). */
function reissueOf(certNumber: string): number {
  return certNumber.length > 20 ? Number(certNumber.slice(21)) : 0;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The count and page queries for a search (exported so tests can check their query plans). */
export function searchSql(params: SearchParams): { count: string; page: string; args: (string | number)[] } {
  const where = ['p.archived = ?'];
  const args: (string | number)[] = [params.archived ? 1 : 0];
  const q = params.q.replace(/\s+/g, '');
  if (q !== '') {
    const upper = q.toUpperCase();
    // A name followed by ID characters ("陈一诺 0013", "陈一诺0013") tells two namesakes apart.
    const nameAndId = /^(.*[^\dXx])(\d[\dXx]*)$/.exec(q);
    if (/^[\dX]+(B\d{0,3})?$/.test(upper)) {
      // A number with a reissue suffix finds the certificate by its 20 characters; earlier numbers
      // (before a reissue or a new category or level) find their holder too.
      const digits = upper.replace(/B\d*$/, '');
      where.push(
        '(instr(p.id_number, ?) > 0 OR instr(p.cert_number, ?) > 0 OR p.id IN (SELECT person_id FROM person_cert_history WHERE cert_number = ?))',
      );
      args.push(digits, digits, upper);
    } else if (nameAndId) {
      const digits = nameAndId[2]!.toUpperCase();
      where.push('instr(p.name, ?) > 0', '(instr(p.id_number, ?) > 0 OR instr(p.cert_number, ?) > 0)');
      args.push(nameAndId[1]!, digits, digits);
    } else {
      where.push('instr(p.name, ?) > 0');
      args.push(q);
    }
  }
  if (params.category !== null) {
    where.push('p.disability_category = ?');
    args.push(params.category);
  }
  if (params.level !== null) {
    where.push('p.disability_level = ?');
    args.push(params.level);
  }
  if (params.support !== null) {
    where.push('p.id IN (SELECT person_id FROM person_support WHERE status = ?)');
    args.push(params.support);
  }
  const whereSql = where.join(' AND ');
  const dir = params.dir === 'desc' ? 'DESC' : 'ASC';
  const column = SORT_SQL[params.sort];
  // Empty values sort after the filled ones (and first when reversed); the indexes carry the same
  // leading "IS NULL" term so either direction is an index walk, not a sort.
  const nullsLast = NULLABLE_SORTS.has(params.sort) ? `${column} IS NULL ${dir}, ` : '';
  const order = `${nullsLast}${column} ${dir}${params.sort === 'category' ? `, p.disability_level ${dir}` : ''}, p.id ${dir}`;
  return {
    count: `SELECT count(*) AS n FROM person p WHERE ${whereSql}`,
    page: `SELECT ${ROW_COLUMNS} FROM person p WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    args,
  };
}

export type PeopleModule = ReturnType<typeof createPeople>;

export function createPeople(db: Db, clock: Clock, actor: () => string) {
  const prepared = statements(db);

  const toRow = (r: PersonDbRow, today: string): PersonRow => ({
    id: r.id,
    name: r.name,
    idNumber: r.id_number,
    sex: r.sex,
    birthDate: r.birth_date,
    age: ageOn(r.birth_date, today),
    certNumber: r.cert_number ?? '',
    category: r.disability_category,
    level: r.disability_level,
    certExpiry: r.cert_expiry ?? '',
    supportStatuses: r.support ? (r.support.split(',').sort() as SupportStatus[]) : [],
  });

  function search(params: SearchParams): { total: number; rows: PersonRow[] } {
    const query = searchSql(params);
    const total = (prepared(query.count).get(...query.args) as { n: number }).n;
    const rows = prepared(query.page).all(...query.args, params.limit, params.offset) as PersonDbRow[];
    const today = clock.today();
    return { total, rows: rows.map((r) => toRow(r, today)) };
  }

  function fieldsOf(r: PersonDbDetail): PersonFields {
    return {
      name: r.name,
      idNumber: r.id_number,
      certNumber: r.cert_number ?? '',
      category: r.disability_category,
      level: r.disability_level,
      certExpiry: r.cert_expiry ?? '',
      household: r.household,
      supportStatuses: r.support ? (r.support.split(',').sort() as SupportStatus[]) : [],
      phone: r.phone,
      address: r.address,
      guardianName: r.guardian_name,
      guardianPhone: r.guardian_phone,
      guardianRelation: r.guardian_relation,
    };
  }

  function load(id: number): PersonDbDetail {
    const row = prepared(
      `SELECT ${ROW_COLUMNS}, p.household, p.phone, p.address, p.guardian_name, p.guardian_phone, p.guardian_relation,
        p.created_at, p.updated_at, p.version, p.archived FROM person p WHERE p.id = ?`,
    ).get(id) as PersonDbDetail | undefined;
    if (!row) fail('PERSON_NOT_FOUND', undefined, { id });
    return row;
  }

  function get(id: number): PersonDetail {
    const row = load(id);
    const history = (
      prepared('SELECT at, actor, action, changes FROM person_change WHERE person_id = ? ORDER BY id DESC').all(id) as {
        at: string;
        actor: string;
        action: PersonChange['action'];
        changes: string;
      }[]
    ).map((c) => ({ ...c, changes: JSON.parse(c.changes) as PersonChange['changes'] }));
    return {
      ...toRow(row, clock.today()),
      household: row.household,
      phone: row.phone,
      address: row.address,
      guardianName: row.guardian_name,
      guardianPhone: row.guardian_phone,
      guardianRelation: row.guardian_relation,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
      archived: row.archived === 1,
      history,
      earlierCertNumbers: (
        prepared('SELECT cert_number, cert_expiry, replaced_at FROM person_cert_history WHERE person_id = ? ORDER BY id DESC').all(id) as {
          cert_number: string;
          cert_expiry: string | null;
          replaced_at: string;
        }[]
      ).map((h) => ({ certNumber: h.cert_number, certExpiry: h.cert_expiry ?? '', replacedAt: h.replaced_at })),
    };
  }

  /** Checks the rules and uniqueness; returns the values to store (normalised, derived). */
  function validate(fields: PersonFields, selfId: number | null) {
    const { issues, id, cert, certExpiry } = checkPerson(fields, clock.today());
    if (id) {
      const other = prepared('SELECT id, name FROM person WHERE id_number = ?').get(id.idNumber) as
        | { id: number; name: string }
        | undefined;
      if (other && other.id !== selfId) {
        issues.unshift({ field: 'idNumber', code: 'PERSON_ID_DUPLICATE', params: { name: other.name, id: other.id } });
      }
    }
    if (issues.length > 0 || !id) failFields(issues);
    const normalised: PersonFields = {
      ...fields,
      idNumber: id.idNumber,
      certNumber: cert?.certNumber ?? '',
      certExpiry,
      category: cert?.category ?? fields.category,
      level: cert?.level ?? fields.level,
      supportStatuses: [...new Set(fields.supportStatuses)].sort(),
    };
    return { values: normalised, id };
  }

  function writeSupport(personId: number, statuses: readonly string[]) {
    prepared('DELETE FROM person_support WHERE person_id = ?').run(personId);
    const insert = prepared('INSERT INTO person_support (person_id, status) VALUES (?, ?)');
    for (const status of statuses) insert.run(personId, status);
  }

  function logChange(personId: number, action: PersonChange['action'], changes: PersonChange['changes'], at: string) {
    prepared('INSERT INTO person_change (person_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?)').run(
      personId,
      at,
      actor(),
      action,
      JSON.stringify(changes),
    );
  }

  const create = db.transaction((fields: PersonFields): PersonDetail => {
    const { values, id } = validate(fields, null);
    const now = clock.now();
    const result = prepared(
      `INSERT INTO person (name, id_number, birth_date, sex, cert_number, cert_reissue, disability_category, disability_level,
        cert_expiry, household, phone, address, guardian_name, guardian_phone, guardian_relation, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...columnValues(values, id), now, now);
    const personId = Number(result.lastInsertRowid);
    writeSupport(personId, values.supportStatuses);
    logChange(
      personId,
      'create',
      TRACKED.filter((field) => !isEmpty(values[field])).map((field) => ({ field, before: null, after: values[field] })),
      now,
    );
    return get(personId);
  });

  const update = db.transaction((input: PersonFields & { id: number; version: number }): PersonDetail => {
    const existing = load(input.id);
    if (existing.version !== input.version) fail('PERSON_STALE', undefined, { id: input.id });
    const { id: _ignoredId, version: _ignoredVersion, ...fields } = input;
    const { values, id } = validate(fields, input.id);
    const before = fieldsOf(existing);
    const changes = TRACKED.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(values[field])).map(
      (field) => ({ field, before: before[field], after: values[field] }),
    );
    if (changes.length === 0) return get(input.id);
    const now = clock.now();
    // The number held until now stays findable: a reissue (B1, B2, …) or a new category or level.
    if (before.certNumber !== '' && before.certNumber !== values.certNumber) {
      prepared('INSERT INTO person_cert_history (person_id, cert_number, cert_expiry, replaced_at, replaced_by) VALUES (?, ?, ?, ?, ?)').run(
        input.id,
        before.certNumber,
        before.certExpiry || null,
        now,
        actor(),
      );
    }
    prepared(
      `UPDATE person SET name = ?, id_number = ?, birth_date = ?, sex = ?, cert_number = ?, cert_reissue = ?, disability_category = ?,
        disability_level = ?, cert_expiry = ?, household = ?, phone = ?, address = ?, guardian_name = ?,
        guardian_phone = ?, guardian_relation = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
    ).run(...columnValues(values, id), now, input.id);
    writeSupport(input.id, values.supportStatuses);
    logChange(input.id, 'update', changes, now);
    return get(input.id);
  });

  function expiring(): ExpiringCertificates {
    const today = clock.today();
    const oneMonth = addMonths(today, 1);
    const sixMonths = addMonths(today, 6);
    const rows = prepared(
      `SELECT ${ROW_COLUMNS} FROM person p
       WHERE p.cert_expiry IS NOT NULL AND p.cert_expiry <= ? AND p.archived = 0 ORDER BY p.cert_expiry, p.id`,
    ).all(sixMonths) as PersonDbRow[];
    const result: ExpiringCertificates = { today, expired: [], within1: [], within6: [] };
    for (const r of rows) {
      const band = expiryBand(r.cert_expiry!, today, oneMonth, sixMonths);
      if (band !== 'later') result[band].push(toRow(r, today));
    }
    return result;
  }

  /** Archived people drop out of lists and reminders but keep all their records and history. */
  const archive = db.transaction((id: number, archived: boolean): PersonDetail => {
    const existing = load(id);
    if ((existing.archived === 1) !== archived) {
      const now = clock.now();
      prepared('UPDATE person SET archived = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(archived ? 1 : 0, now, id);
      logChange(id, 'update', [{ field: 'archived', before: existing.archived === 1, after: archived }], now);
    }
    return get(id);
  });

  /** Every row elsewhere that points at this person, by table (found from the schema's foreign keys). */
  function dependents(id: number): { table: string; rows: number }[] {
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    const found: { table: string; rows: number }[] = [];
    for (const table of tables) {
      if (OWNED_BY_PERSON.has(table)) continue;
      const keys = db.prepare('SELECT "from" AS col FROM pragma_foreign_key_list(?) WHERE "table" = ?').all(table, 'person') as { col: string }[];
      for (const key of keys) {
        const rows = (db.prepare(`SELECT count(*) AS n FROM "${table}" WHERE "${key.col}" = ?`).get(id) as { n: number }).n;
        if (rows > 0) found.push({ table, rows });
      }
    }
    return found;
  }

  /** Deletes a person who has no records anywhere; otherwise refuses, listing what depends on them. */
  const remove = db.transaction((id: number): { deleted: true } => {
    load(id);
    const found = dependents(id);
    if (found.length > 0) {
      throw new DomainError({
        code: 'PERSON_HAS_RECORDS',
        params: { count: found.reduce((n, d) => n + d.rows, 0) },
        details: found.map((d) => ({ code: 'PERSON_DEPENDENT', params: { table: d.table, rows: d.rows } })),
      });
    }
    prepared('DELETE FROM person_support WHERE person_id = ?').run(id);
    prepared('DELETE FROM person_change WHERE person_id = ?').run(id);
    prepared('DELETE FROM person_cert_history WHERE person_id = ?').run(id);
    prepared('DELETE FROM person WHERE id = ?').run(id);
    return { deleted: true };
  });

  function revealId(id: number): { idNumber: string; certNumber: string } {
    const row = load(id);
    return { idNumber: row.id_number, certNumber: row.cert_number ?? '' };
  }

  return { search, get, create, update, expiring, archive, remove, revealId };
}

export type { PeopleSearchInput };
