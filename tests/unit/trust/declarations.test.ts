// Access, audit and before-state are declared beside each call's schema: no name convention
// decides them, a repeated call name fails at load time, and every write records its before-state.
import fs from 'node:fs';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, mergeCalls } from '../../../db/call';
import { CALL_NAMES, declarationOf } from '../../../db/contract';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

describe('declared calls', () => {
  it('refuses a contract in which a call name is declared twice', () => {
    const a = { 'people.search': call<number>({ access: 'people.read', audit: 'none' })(() => z.object({})) };
    const b = { 'people.search': call<number>({ access: 'people.write', audit: 'none' })(() => z.object({})) };
    expect(() => mergeCalls(a, b)).toThrow(/people\.search is declared twice/);
    expect(Object.keys(mergeCalls(a, { 'people.get': b['people.search'] }))).toEqual(['people.search', 'people.get']);
  });

  it('has no verb regex or list of exceptions left to decide access', () => {
    const source = fs.readFileSync(new URL('../../../db/trust/permissions.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/READ_VERBS|EXPLICIT|PUBLIC_CALLS|SIGNED_IN_CALLS|permissionFor/);
    expect(source).not.toMatch(/\/\^\(/);
    const service = fs.readdirSync(new URL('../../../db/service/', import.meta.url)).map((f) => fs.readFileSync(new URL(`../../../db/service/${f}`, import.meta.url), 'utf8')).join('\n');
    expect(service).not.toMatch(/kindOf|split\('\.'\)/);
  });

  it("names only real calls and tables in the before-states it declares", () => {
    const tables = new Set((t.service.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const wrong: string[] = [];
    for (const name of CALL_NAMES) {
      const d = declarationOf(name);
      if (d.audit === 'none') continue;
      const before = d.before;
      if (typeof before === 'object' && 'call' in before && !(CALL_NAMES as string[]).includes(before.call)) wrong.push(`${name}: ${before.call}`);
      if (typeof before === 'object' && 'table' in before && !tables.has(before.table)) wrong.push(`${name}: ${before.table}`);
    }
    expect(wrong).toEqual([]);
  });

  it('audits every write: a call that changes data declares its audit kind and before-state', () => {
    const unaudited = CALL_NAMES.filter((name) => {
      const d = declarationOf(name);
      return d.access !== 'public' && d.access !== 'signed-in' && !d.access.endsWith('.read') && d.audit === 'none';
    });
    // Reading the account list, the trail, the backups and the centre server's state needs a special permission but changes nothing.
    expect(unaudited.sort()).toEqual(['accounts.list', 'backup.list', 'backup.preview', 'centre.status']);
  });

  it('records the before-state of updates that have no getter of their own (a therapist)', () => {
    const therapist = t.ok('rehab.therapists.save', { name: '周老师', active: true });
    t.ok('rehab.therapists.save', { id: therapist.id, name: '周敏老师', active: true });
    const entry = t.ok('audit.list', { action: 'update' }).rows[0]!;
    expect(entry.target).toBe(`rehab.therapists.save#${therapist.id}`);
    expect(entry.detail).toMatchObject({ before: { name: '周老师' }, after: { name: '周敏老师' } });
  });

  it('records the deleted record as the before-state of a removal', () => {
    const id = makeId('1980-02-02', 5);
    const person = t.ok('people.create', { name: '钱七', idNumber: id, certNumber: makeCert(id, 4, 2), certExpiry: '2030-01-01', household: 'urban' });
    t.ok('people.delete', { id: person.id });
    const entry = t.ok('audit.list', { action: 'delete' }).rows[0]!;
    expect(entry.detail).toMatchObject({ before: { name: '钱七', idNumber: id }, after: null });
  });
});
