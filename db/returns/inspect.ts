// Opening a package someone sent: is it whole, is it a return package, which format and schema,
// whose and for what period. Each refusal is an error code with the reason, never an exception
// that stops the other files of an import.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from '../open';
import { DomainError, fail } from '../errors';
import { SCHEMA_VERSION } from '../migrations/index';
import { parseCreditCode } from '../training/rules';
import { FORMAT_NAME, KNOWN_FORMATS, PACKAGE_APPLICATION_ID, readMeta, tablesOf, type Meta } from './format';
import { CENTRE_TYPES, parsePeriod, regionCodeIssue, type CentreType, type Period } from './rules';

const MAGIC = 'SQLite format 3\0';

export interface SourceCentre {
  code: string;
  name: string;
  type: string;
  regionCode: string;
  period: string;
  exportedAt: string;
  deidentified: number;
  claims: 'absent' | 'included';
}

export interface OpenedPackage {
  db: Db;
  version: number;
  schemaVersion: number;
  meta: Meta;
  kind: 'centre' | 'consolidation';
  centre: { code: string; name: string; type: CentreType; regionCode: string };
  period: Period;
  exportedAt: string;
  deidentified: boolean;
  keyFingerprint: string;
  claims: 'absent' | 'included';
  checksum: string;
  /** The centres whose records it carries (itself, for a centre's package). */
  sources: SourceCentre[];
  rowTotal: number;
}

/** Checks the file's SQLite header: truncated files are shorter than the pages it declares. */
function checkHeader(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    fail('RETURNS_FILE_NOT_FOUND');
  }
  if (!stat.isFile()) fail('RETURNS_FILE_NOT_FOUND');
  if (stat.size < 100) fail(stat.size === 0 ? 'RETURNS_TRUNCATED' : 'RETURNS_NOT_SQLITE');
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== MAGIC) fail('RETURNS_NOT_SQLITE');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // The page count in the header is valid when the change counter matches "version valid for".
  const valid = header.readUInt32BE(24) === header.readUInt32BE(92);
  if (pageSize < 512 || stat.size % pageSize !== 0 || (valid && pages > 0 && stat.size < pages * pageSize)) {
    fail('RETURNS_TRUNCATED', undefined, { bytes: stat.size, expected: valid ? pages * pageSize : 0 });
  }
}

function integer(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * Opens and checks a package; the caller closes `db`. Throws DomainError with the reason for a
 * file that is not a readable, known, identified return package.
 */
export function openPackage(file: string): OpenedPackage {
  checkHeader(file);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    fail('RETURNS_CORRUPT');
  }
  try {
    return describe(db, file);
  } catch (error) {
    db.close();
    if (error instanceof DomainError) throw error;
    fail('RETURNS_CORRUPT');
  }
}

function describe(db: Db, _file: string): OpenedPackage {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'package_meta'").get();
  if (applicationId !== PACKAGE_APPLICATION_ID || !hasMeta) fail('RETURNS_NOT_PACKAGE');
  const meta = readMeta(db);
  if (meta.format !== FORMAT_NAME) fail('RETURNS_NOT_PACKAGE');
  const version = integer(meta.format_version);
  if (version === null || !(KNOWN_FORMATS as readonly number[]).includes(version)) {
    fail('RETURNS_FORMAT_UNKNOWN', undefined, { version: meta.format_version ?? '', known: Math.max(...KNOWN_FORMATS) });
  }
  const schemaVersion = integer(meta.schema_version);
  if (schemaVersion === null || schemaVersion > SCHEMA_VERSION) {
    fail('RETURNS_SCHEMA_UNKNOWN', undefined, { version: meta.schema_version ?? '', known: SCHEMA_VERSION });
  }

  const code = parseCreditCode(meta.centre_code ?? '');
  const period = parsePeriod(meta.period ?? '');
  const type = meta.centre_type as CentreType;
  const exportedAt = meta.exported_at ?? '';
  if (
    !code.ok ||
    (meta.centre_name ?? '').trim() === '' ||
    regionCodeIssue(meta.region_code ?? '') !== null ||
    !(CENTRE_TYPES as readonly string[]).includes(type) ||
    !period ||
    period.from !== meta.period_from ||
    period.to !== meta.period_to ||
    Number.isNaN(Date.parse(exportedAt))
  ) {
    fail('RETURNS_IDENTITY_MISSING');
  }
  const checksum = meta.checksum ?? '';
  if (!/^[0-9a-f]{64}$/.test(checksum)) fail('RETURNS_CHECKSUM_MISMATCH');

  // Every table of the format, with its columns in order (a package may carry more; they are ignored).
  for (const table of tablesOf(version)) {
    const columns = (db.prepare(`PRAGMA table_info(${table.name})`).all() as { name: string }[]).map((c) => c.name);
    if (columns.join(',') !== table.columns.map((c) => c.name).join(',')) fail('RETURNS_CORRUPT', undefined, { table: table.name });
  }

  const centre = { code: code.value, name: meta.centre_name!.trim(), type, regionCode: meta.region_code! };
  const kind = meta.kind === 'consolidation' && version >= 2 ? 'consolidation' : 'centre';
  const deidentified = version >= 2 && meta.deidentified === '1';
  const claims = version >= 2 && meta.claims === 'included' ? 'included' : 'absent';
  const sources: SourceCentre[] =
    version >= 2
      ? (db
          .prepare(
            `SELECT centre_code AS code, centre_name AS name, centre_type AS type, region_code AS regionCode, period,
               exported_at AS exportedAt, deidentified, claims FROM package_source ORDER BY centre_code`,
          )
          .all() as SourceCentre[])
      : [{ code: centre.code, name: centre.name, type, regionCode: centre.regionCode, period: period.code, exportedAt, deidentified: 0, claims: 'absent' }];
  if (sources.length === 0) fail('RETURNS_IDENTITY_MISSING');
  let rowTotal = 0;
  try {
    const counts = JSON.parse(meta.row_counts ?? '{}') as Record<string, unknown>;
    for (const n of Object.values(counts)) if (typeof n === 'number') rowTotal += n;
  } catch {
    rowTotal = 0;
  }
  return {
    db,
    version,
    schemaVersion,
    meta,
    kind,
    centre,
    period,
    exportedAt,
    deidentified,
    keyFingerprint: meta.key_fingerprint ?? '',
    claims,
    checksum,
    sources,
    rowTotal,
  };
}
