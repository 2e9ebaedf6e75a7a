// Hostile input at the API boundary: malformed, oversized, SQL-looking and odd-Unicode input to
// every call. The service answers with typed errors, never crashes, never writes half a change.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../../db/contract';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';

let t: TestService;
beforeAll(() => {
  t = testService();
  const id = makeId('1990-01-01', 7);
  t.ok('people.create', { name: '种子', idNumber: id, certNumber: makeCert(id, 3, 2), certExpiry: '2030-01-01', household: 'urban' });
});
afterAll(() => t.close());

/** Every row of every table, as one number: a failed call must leave it unchanged. */
function rowCounts(): string {
  const tables = t.service.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return tables.map((name) => `${name}:${t.service.db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get()}`).join(',');
}

const nasty = fc.oneof(
  fc.constantFrom(
    "'; DROP TABLE person; --",
    '" OR 1=1 --',
    '𠀀𪚥𰻞', // 生僻字 outside the BMP
    'a\u0301\u0302\u0303', // combining marks
    '\u202Eمرحبا\u202C', // right-to-left text and overrides
    '\u0000',
    '\uD800', // a lone surrogate
    'x'.repeat(100_000),
    '11010519491231002X',
    '2026-02-30',
    '-1',
    '1e309',
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('id', 'name', 'idNumber', 'q', '__proto__', 'constructor')), tie('any'), { maxKeys: 5 }),
  ),
})).any;

// Calls that would end the test's own session or file, or write backup files on every run.
const SKIP = new Set(['auth.signOut', 'backup.restore', 'security.setPassphrase', 'backup.now', 'backup.settings']);
const calls = CALL_NAMES.filter((name) => !SKIP.has(name));
let runs = 0;
const FUZZ_RUNS = 3000;

describe('hostile input', () => {
  it('answers every call with a typed result, never a crash, never a half-written change', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calls), value, (name, input) => {
        runs += 1;
        const before = rowCounts();
        let result;
        expect(() => (result = t.service.dispatch(name, input, t.session))).not.toThrow();
        const r = result as unknown as { ok: boolean; error?: { code: string } };
        if (!r.ok) {
          expect(r.error!.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
          expect(r.error!.code, `${name} ${JSON.stringify(input)?.slice(0, 200)}`).not.toBe('INTERNAL');
          expect(rowCounts(), name).toBe(before);
        }
      }),
      { numRuns: FUZZ_RUNS, seed: 20261122 },
    );
    expect(runs).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(t.service.db.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);

  it('keeps names in rare characters, combining marks and right-to-left text exactly', () => {
    for (const [i, name] of ['𠀀𪚥', '阿依古丽·买买提', 'e\u0301lodie', 'مرحبا'].entries()) {
      const id = makeId('1985-06-01', 100 + i);
      const created = t.ok('people.create', { name, idNumber: id, household: 'rural' });
      expect(t.ok('people.get', { id: created.id }).name).toBe(name);
    }
  });

  it('refuses an oversized field with TOO_LONG and writes nothing', () => {
    const before = rowCounts();
    const error = t.err('people.create', { name: '长'.repeat(51), idNumber: makeId('1985-06-01', 300), household: 'rural' });
    expect(error).toMatchObject({ code: 'TOO_LONG', field: 'name', params: { max: 50 } });
    expect(rowCounts()).toBe(before);
  });
});
