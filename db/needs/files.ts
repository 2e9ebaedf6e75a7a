// Checksummed files between centres and offices: a child's rehab record transferred to another
// centre, and the office's annual targets. Both are JSON with a SHA-256 over their canonical text;
// an altered file is refused whole.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../errors';
import { exportsFolder } from '../files';
import { getSetting } from '../settings';
import { statements } from '../statements';
import type { AreaContext } from '../context';
import { FULL_CERT_SQL } from '../people/people';
import { checkPerson } from '../people/rules';
import { canonicalJson, INDICATORS } from './rules';
import { targetsFileSchema, transferFileSchema, type TransferExportResult, type TransferImportResult, type TransferSummary } from './contract';
import type { createNeedsStore } from './store';

/** Files larger than this are not a transfer or a targets file. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function checksumOf(body: Record<string, unknown>): string {
  const { checksum: _ignored, ...rest } = body;
  return crypto.createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/** Reads a JSON file and checks its checksum; codes name what is wrong with it. */
function readChecked(file: string, field: string): { body: Record<string, unknown>; checksum: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    fail('NEEDS_FILE_NOT_FOUND', field);
  }
  if (!stat.isFile() || stat.size > MAX_FILE_BYTES) fail('NEEDS_FILE_NOT_OURS', field);
  let body: unknown;
  try {
    body = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    fail('NEEDS_FILE_NOT_OURS', field);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail('NEEDS_FILE_NOT_OURS', field);
  const record = body as Record<string, unknown>;
  if (typeof record.checksum !== 'string' || checksumOf(record) !== record.checksum) fail('NEEDS_FILE_TAMPERED', field);
  return { body: record, checksum: record.checksum };
}

export function createNeedsFiles(ctx: AreaContext, store: ReturnType<typeof createNeedsStore>) {
  const { db, clock } = ctx;
  const sql = statements(db);
  const centreName = () => getSetting<{ name: string } | null>(db, 'returns.centre', clock.today(), null)?.name ?? '';

  /** The child's rehab record as the receiving centre needs it: enrolments, assessments, a sessions summary. */
  function summaryOf(personId: number): Omit<TransferSummary, 'fromCentre' | 'exportedAt'> {
    const enrolments = sql(
      `SELECT id, category, start_date, status, status_date, funding, discharge_reason FROM rehab_enrolment WHERE person_id = ? ORDER BY start_date, id`,
    ).all(personId) as { id: number; category: string; start_date: string; status: string; status_date: string; funding: string; discharge_reason: string }[];
    const ids = enrolments.map((e) => e.id);
    const inList = ids.length > 0 ? ids.join(',') : '0';
    const assessments = (db
      .prepare(`SELECT id, kind, assessed_on, tool, assessor FROM rehab_assessment WHERE enrolment_id IN (${inList}) ORDER BY assessed_on, id`)
      .all() as { id: number; kind: string; assessed_on: string; tool: string; assessor: string }[]).map((a) => ({
      kind: a.kind,
      date: a.assessed_on,
      tool: a.tool,
      assessor: a.assessor,
      scores: (sql('SELECT domain, score, level FROM rehab_assessment_score WHERE assessment_id = ? ORDER BY domain').all(a.id) as {
        domain: string;
        score: number | null;
        level: string;
      }[]),
    }));
    const sessions = db
      .prepare(`SELECT location, type, attendance, session_date FROM rehab_session WHERE enrolment_id IN (${inList})`)
      .all() as { location: string; type: string; attendance: string; session_date: string }[];
    const byLocation: Record<string, number> = {};
    const byType: Record<string, number> = {};
    let present = 0;
    let first = '';
    let last = '';
    for (const s of sessions) {
      if (s.attendance !== 'present') continue;
      present += 1;
      byLocation[s.location] = (byLocation[s.location] ?? 0) + 1;
      byType[s.type] = (byType[s.type] ?? 0) + 1;
      if (first === '' || s.session_date < first) first = s.session_date;
      if (s.session_date > last) last = s.session_date;
    }
    const parentTraining = (db
      .prepare(`SELECT trained_on, parent, topic, tenth_hours FROM rehab_parent_training WHERE enrolment_id IN (${inList}) ORDER BY trained_on, id`)
      .all() as { trained_on: string; parent: string; topic: string; tenth_hours: number }[]).map((t) => ({ date: t.trained_on, parent: t.parent, topic: t.topic, hours: t.tenth_hours / 10 }));
    const diagnoses = (sql('SELECT hospital, diagnosed_on, diagnosis FROM child_diagnosis WHERE person_id = ? ORDER BY diagnosed_on, id').all(personId) as {
      hospital: string;
      diagnosed_on: string;
      diagnosis: string;
    }[]).map((d) => ({ hospital: d.hospital, diagnosedOn: d.diagnosed_on, diagnosis: d.diagnosis }));
    return {
      enrolments: enrolments.map((e) => ({ category: e.category, startDate: e.start_date, status: e.status, statusDate: e.status_date, funding: e.funding, dischargeReason: e.discharge_reason })),
      assessments,
      sessions: { total: sessions.length, present, first, last, byLocation, byType },
      parentTraining,
      diagnoses,
    };
  }

  /** Writes the transfer file and records the referral out to the receiving centre, together. */
  const exportTransfer = db.transaction((input: { personId: number; toCentre: string; reason: string; referredOn: string }): TransferExportResult => {
    store.personOf(input.personId);
    const p = sql(`SELECT p.name, p.id_number, ${FULL_CERT_SQL} AS cert_number, p.cert_expiry, p.guardian_name, p.guardian_phone FROM person p WHERE p.id = ?`).get(input.personId) as {
      name: string;
      id_number: string;
      cert_number: string | null;
      cert_expiry: string | null;
      guardian_name: string;
      guardian_phone: string;
    };
    const summary = summaryOf(input.personId);
    if (summary.enrolments.length === 0) fail('NEEDS_TRANSFER_NO_REHAB', 'personId');
    const now = clock.now();
    const body: Record<string, unknown> = {
      format: 'rehabdesk-rehab-transfer',
      version: 1,
      fromCentre: centreName(),
      toCentre: input.toCentre,
      exportedAt: now,
      child: {
        name: p.name,
        idNumber: p.id_number,
        certNumber: p.cert_number ?? '',
        certExpiry: p.cert_expiry ?? '',
        guardianName: p.guardian_name,
        guardianPhone: p.guardian_phone,
      },
      summary,
    };
    body.checksum = checksumOf(body);
    const folder = exportsFolder(ctx.dataFile);
    fs.mkdirSync(folder, { recursive: true });
    const stampText = now.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const target = path.join(folder, `rehabdesk-transfer-${input.personId}-${stampText}.json`);
    fs.writeFileSync(target, `${JSON.stringify(body, null, 2)}\n`, 'utf8');
    const entry = ctx.exportFile(target);
    const referral = store.createReferral({
      personId: input.personId,
      direction: 'out',
      partnerKind: 'centre',
      partner: input.toCentre,
      referredOn: input.referredOn,
      reason: input.reason,
      status: 'pending',
      outcome: '',
      transferFile: entry.name,
    });
    return { fileId: entry.fileId, fileName: entry.name, path: target, referralId: referral.id };
  });

  /** Imports another centre's transfer file: finds the child by ID number (or registers them) and keeps the record. */
  const importTransfer = db.transaction((input: { path: string; household: 'urban' | 'rural' }): TransferImportResult => {
    const { body, checksum } = readChecked(input.path, 'path');
    const parsed = transferFileSchema().safeParse(body);
    if (!parsed.success) fail('NEEDS_FILE_NOT_OURS', 'path');
    const file = parsed.data;
    if (sql('SELECT 1 FROM rehab_transfer_in WHERE file_checksum = ?').get(checksum)) fail('NEEDS_TRANSFER_DUPLICATE', 'path');
    const existing = sql('SELECT id, name FROM person WHERE id_number = ?').get(file.child.idNumber) as { id: number; name: string } | undefined;
    let personId: number;
    const now = clock.now();
    const who = ctx.actor();
    if (existing) personId = existing.id;
    else {
      const checked = checkPerson(
        { idNumber: file.child.idNumber, certNumber: file.child.certNumber, category: null, level: null, certExpiry: file.child.certExpiry, phone: '', guardianName: file.child.guardianName, guardianPhone: file.child.guardianPhone },
        clock.today(),
      );
      if (!checked.id || checked.issues.length > 0) fail('NEEDS_FILE_NOT_OURS', 'path');
      personId = Number(
        sql(
          `INSERT INTO person (name, id_number, birth_date, sex, cert_number, cert_reissue, disability_category, disability_level, cert_expiry, household,
             guardian_name, guardian_phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          file.child.name,
          checked.id.idNumber,
          checked.id.birthDate,
          checked.id.sex,
          checked.cert?.base ?? null,
          checked.cert?.reissue ?? 0,
          checked.cert?.category ?? null,
          checked.cert?.level ?? null,
          checked.certExpiry || null,
          input.household,
          file.child.guardianName,
          file.child.guardianPhone,
          now,
          now,
        ).lastInsertRowid,
      );
      sql('INSERT INTO person_change (person_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?)').run(
        personId,
        now,
        who,
        'create',
        JSON.stringify([{ field: 'name', before: null, after: file.child.name }, { field: 'transferFrom', before: null, after: file.fromCentre }]),
      );
    }
    const summary: TransferSummary = { fromCentre: file.fromCentre, exportedAt: file.exportedAt, ...file.summary };
    sql('INSERT INTO rehab_transfer_in (person_id, from_centre, file_checksum, summary, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?)').run(
      personId,
      file.fromCentre,
      checksum,
      JSON.stringify(summary),
      now,
      who,
    );
    store.createReferral({
      personId,
      direction: 'in',
      partnerKind: 'centre',
      partner: file.fromCentre || '—',
      referredOn: clock.today(),
      reason: 'transfer',
      status: 'accepted',
      outcome: '',
      transferFile: path.basename(input.path),
    });
    return { personId, name: existing?.name ?? file.child.name, created: !existing, fromCentre: file.fromCentre };
  });

  /** Targets entered by the centre (null clears one). */
  const saveTargets = db.transaction((year: number, targets: { indicator: string; permille: number | null }[], source: 'centre' | 'office', fileChecksum = '') => {
    const now = clock.now();
    const who = ctx.actor();
    for (const t of targets) {
      if (t.permille === null) sql('DELETE FROM indicator_target WHERE year = ? AND indicator = ?').run(year, t.indicator);
      else
        sql(
          `INSERT INTO indicator_target (year, indicator, permille, source, file_checksum, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (year, indicator) DO UPDATE SET permille = excluded.permille, source = excluded.source, file_checksum = excluded.file_checksum,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        ).run(year, t.indicator, t.permille, source, fileChecksum, now, who);
    }
  });

  /** The office's targets file: refused whole when its checksum does not match. */
  function importTargets(file: string): number {
    const { body, checksum } = readChecked(file, 'path');
    const parsed = targetsFileSchema().safeParse(body);
    if (!parsed.success) fail('NEEDS_FILE_NOT_OURS', 'path');
    const targets = INDICATORS.filter((i) => parsed.data.targets[i] !== undefined).map((i) => ({ indicator: i, permille: parsed.data.targets[i]! }));
    saveTargets(parsed.data.year, targets, 'office', checksum);
    return parsed.data.year;
  }

  /** The year's targets as the office's file for its centres: JSON with its checksum. */
  function exportTargets(year: number, issuer: string): { fileId: string; fileName: string; path: string; year: number } {
    const rows = sql('SELECT indicator, permille FROM indicator_target WHERE year = ? ORDER BY indicator').all(year) as { indicator: string; permille: number }[];
    if (rows.length === 0) fail('NEEDS_TARGETS_NONE', 'year', { year });
    const body: Record<string, unknown> = {
      format: 'rehabdesk-targets',
      version: 1,
      year,
      issuer,
      targets: Object.fromEntries(rows.map((r) => [r.indicator, r.permille])),
    };
    body.checksum = checksumOf(body);
    const folder = exportsFolder(ctx.dataFile);
    fs.mkdirSync(folder, { recursive: true });
    const target = path.join(folder, `rehabdesk-targets-${year}-${clock.now().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.json`);
    fs.writeFileSync(target, `${JSON.stringify(body, null, 2)}\n`, 'utf8');
    const entry = ctx.exportFile(target);
    return { fileId: entry.fileId, fileName: entry.name, path: target, year };
  }

  return { exportTransfer, importTransfer, saveTargets, importTargets, exportTargets };
}
