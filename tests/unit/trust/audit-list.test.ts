// The audit screen's list after long entries: a claims batch's entry (its lines, ~150 kB) is listed
// by what it changed without sending its whole detail, entries read once answer again from what was
// read (the trail never changes), and names come fresh on every call.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { createAudit, LIST_DETAIL_LIMIT, type AuditRow } from '../../../db/trust/audit';
import { makeCert, makeId } from '../../support/ids';
import { testService, type TestService } from '../../support/service';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

const lines = Array.from({ length: 300 }, (_, i) => ({ personId: i + 1, name: '王小明', idNumber: makeId('2019-01-01', i + 1), amountFen: 150_000 }));

function appendBatch() {
  // As dispatch records claims.batches.create: the input and the batch with its lines.
  createAudit(t.service.db).append({
    at: '2026-11-22T09:00:00+08:00',
    actor: 'admin',
    action: 'create',
    target: 'claims.batches.create#7',
    detail: { input: { programme: 'rehab', period: '2026-10' }, after: { id: 7, programme: 'rehab', period: '2026-10', lines } },
  });
}

const list = (input: { action?: string; limit?: number } = {}) => t.ok('audit.list', input);

describe('the audit list with long entries', () => {
  it('lists a batch entry by what it set, without its whole detail; short entries keep theirs', () => {
    const id = makeId('1990-05-05', 3);
    t.ok('people.create', { name: '周晓梅', idNumber: id, certNumber: makeCert(id, 1, 2), certExpiry: '2030-01-01', household: 'urban' });
    appendBatch();
    const [batch, person] = list({ limit: 2 }).rows as [AuditRow, AuditRow];
    expect(JSON.stringify(lines).length).toBeGreaterThan(LIST_DETAIL_LIMIT);
    expect(batch).toMatchObject({ target: 'claims.batches.create#7', call: 'claims.batches.create', recordId: '7', detail: null, detailCut: true, person: null });
    expect(batch.changes).toEqual([
      { field: 'programme', after: 'rehab' },
      { field: 'period', after: '2026-10' },
      { field: 'lines', after: `${JSON.stringify(lines).slice(0, 79)}…` },
    ]);
    expect(person).toMatchObject({ call: 'people.create', detailCut: false, person: { name: '周晓梅' } });
    expect(person.detail).toMatchObject({ input: { name: '周晓梅', idNumber: id } });
    // The whole entry is still in the trail and its export.
    const exported = t.ok('audit.export', {}).csv;
    expect(exported).toContain(lines[299]!.idNumber);
  });

  it('answers again as a fresh connection would, also after more entries and filtered', () => {
    appendBatch();
    const first = list();
    t.ok('security.settings', { idleMinutes: 30 });
    appendBatch();
    const fresh = openDatabase(t.file);
    try {
      const other = createAudit(fresh);
      for (const [action, limit] of [[undefined, 100], ['create', 100], [undefined, 2], ['update', 5]] as const) {
        expect(list({ ...(action ? { action } : {}), limit })).toEqual(other.list(0, limit, action ?? null));
      }
      expect(list().total).toBe(first.total + 2);
      expect(list().rows.slice(2)).toEqual(first.rows);
    } finally {
      fresh.close();
    }
  });

  it('shows a person renamed since the entry under the new name', () => {
    const id = makeId('1988-03-03', 5);
    const personId = t.ok('people.create', { name: '吴刚', idNumber: id, certNumber: makeCert(id, 4, 3), certExpiry: '2030-01-01', household: 'rural' }).id;
    const created = () => list({ action: 'create' }).rows.find((r) => r.target === `people.create#${personId}`)!;
    expect(created().person).toEqual({ id: personId, name: '吴刚' });
    const before = t.ok('people.get', { id: personId });
    t.ok('people.update', { ...before, id: personId, version: before.version, name: '吴刚强' });
    expect(created().person).toEqual({ id: personId, name: '吴刚强' });
  });

  it('cannot be changed by a caller that edits what it was given', () => {
    appendBatch();
    const row = list().rows[0]!;
    expect(() => (row.changes as unknown[]).push({ field: 'x' })).toThrow(TypeError);
    expect(list().rows[0]!.changes).toHaveLength(3);
  });
});
