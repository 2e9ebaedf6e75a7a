// Files the app writes follow the same masking as its screens: a caller without full-ID rights
// (decided when the export starts) gets masked ID and certificate columns, or a de-identified
// package; and every call that writes a file either masks or is kept to roles holding ids.full.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { CALL_NAMES, declarationOf } from '../../../db/contract';
import { ROLE_PERMISSIONS, ROLES, can, type Permission, type Role } from '../../../db/trust/permissions';
import { maskIdNumber } from '../../../db/trust/masking';
import type { JobView } from '../../../db/jobs';
import { testService, type TestService } from '../../support/service';
import { makeCert } from '../../support/ids';
import { childWithSessions, rehabRule, therapist, weekdays } from '../claims/fixtures';
import { creditCode } from '../returns/fixtures';

let t: TestService;
const viewerPermissions = ROLE_PERMISSIONS.viewer;
beforeEach(() => {
  t = testService();
});
afterEach(() => {
  (ROLE_PERMISSIONS as Record<Role, readonly Permission[]>).viewer = viewerPermissions;
  t.close();
});

/** A future role that may export without full-ID rights: the viewer, given one more permission. */
function viewerMayAlso(permission: Permission): string {
  (ROLE_PERMISSIONS as Record<Role, readonly Permission[]>).viewer = [...viewerPermissions, permission];
  expect(can('viewer', 'ids.full')).toBe(false);
  return t.signInAs('viewer');
}

async function settle<R>(job: JobView, session = t.session): Promise<JobView<R>> {
  await expect.poll(() => (t.ok('jobs.get', { id: job.id }, session) as JobView).state, { timeout: 20_000 }).not.toBe('running');
  return t.ok('jobs.get', { id: job.id }, session) as JobView<R>;
}

describe('exported files for a caller without full-ID rights', () => {
  it('pins that every call writing a file masks or de-identifies, or only roles holding ids.full may make it', () => {
    const writers = CALL_NAMES.filter((name) => declarationOf(name).audit === 'export');
    expect(writers).toEqual(expect.arrayContaining(['claims.batches.export', 'returns.export', 'returns.stats.export', 'audit.export']));
    const leaking = (declared: typeof declarationOf) =>
      writers.filter((name) => {
        const d = declared(name);
        if (d.audit !== 'none' && d.personalInFile) return false;
        const access = d.access;
        if (access === 'public' || access === 'signed-in') return true;
        return ROLES.some((role) => can(role, access) && !can(role, 'ids.full'));
      });
    expect(leaking(declarationOf)).toEqual([]);

    // The check catches the change it is there for: a role that may export without ids.full, and
    // an export that does not say how it masks.
    viewerMayAlso('claims.write');
    const undeclared = (name: (typeof CALL_NAMES)[number]) => {
      const d = declarationOf(name);
      return name === 'claims.batches.export' && d.audit !== 'none' ? { ...d, personalInFile: undefined } : d;
    };
    expect(leaking(undeclared)).toEqual(['claims.batches.export']);
  });

  it('masks the ID columns of the claim workbook, and the admin still gets every digit', async () => {
    rehabRule(t);
    const therapistId = therapist(t);
    const first = childWithSessions(t, therapistId, '张小明', '2021-05-06', weekdays('2026-10'));
    childWithSessions(t, therapistId, '李小红', '2022-01-02', weekdays('2026-10').slice(0, 10));
    // One child holds a disability certificate, so its number is in the workbook too.
    const p = t.ok('people.get', { id: first.personId });
    const cert = makeCert(p.idNumber, 5, 2);
    t.ok('people.update', { id: p.id, version: p.version, name: p.name, idNumber: p.idNumber, household: p.household, guardianName: p.guardianName, certNumber: cert, certExpiry: '2030-12-31' });
    const created = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
    const batch = t.ok('claims.batches.submit', { id: created.id, version: created.version });
    const ids = batch.lines.map((l) => l.idNumber);
    expect(ids.every((id) => id.length === 18 && !id.includes('*'))).toBe(true);

    const rowsOf = (file: string) => {
      const workbook = XLSX.read(fs.readFileSync(file), { type: 'buffer' });
      return XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[workbook.SheetNames[0]!]!, { header: 1, defval: '' });
    };

    const viewer = viewerMayAlso('claims.write');
    const masked = await settle<{ path: string }>(t.ok('claims.batches.export', { batchId: batch.id, labels: {} }, viewer), viewer);
    expect(masked.state).toBe('done');
    const rows = rowsOf(masked.result!.path);
    expect(rows.slice(5, 7).map((r) => r[3])).toEqual(ids.map(maskIdNumber));
    expect(rows.slice(5, 7).map((r) => r[4])).toContain(maskIdNumber(cert));
    const everything = JSON.stringify(rows);
    for (const id of [...ids, cert]) expect(everything).not.toContain(id);

    const full = await settle<{ path: string }>(t.ok('claims.batches.export', { batchId: batch.id, labels: {} }));
    expect(rowsOf(full.result!.path).slice(5, 7).map((r) => r[3])).toEqual(ids);
    expect(rowsOf(full.result!.path).slice(5, 7).map((r) => r[4])).toContain(cert);
  });

  it('writes a de-identified return package even when asked for a plain one', async () => {
    const child = childWithSessions(t, therapist(t), '张小明', '2021-05-06', weekdays('2026-10'));
    const id = t.ok('people.get', { id: child.personId }).idNumber;
    t.ok('returns.centre.save', { name: '玄武区康复中心', type: 'rehab_institution', regionCode: '320102', creditCode: creditCode(71) });
    const viewer = viewerMayAlso('returns.write');
    // Without the office's key there is nothing to de-identify with: refused, not written plain.
    expect(t.err('returns.export', { period: '2026', deidentified: false }, viewer)).toMatchObject({ code: 'RETURNS_KEY_MISSING' });
    t.ok('returns.officeKey.save', { key: '一把足够长的共享密钥-ABCDEFG' });

    const done = await settle<{ deidentified: boolean; file: string }>(t.ok('returns.export', { period: '2026', deidentified: false }, viewer), viewer);
    expect(done.result).toMatchObject({ deidentified: true });
    const bytes = fs.readFileSync(done.result!.file);
    expect(bytes.includes(Buffer.from(id))).toBe(false);
    expect(bytes.includes(Buffer.from('张小明'))).toBe(false);

    const plain = await settle<{ deidentified: boolean; file: string }>(t.ok('returns.export', { period: '2026', deidentified: false }));
    expect(plain.result).toMatchObject({ deidentified: false });
    expect(fs.readFileSync(plain.result!.file).includes(Buffer.from(id))).toBe(true);
  });
});
