// The audit screen's words: every write call has its own label in both languages (no internal
// call names on screen), and the pure reading of an entry's target and changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contract, CALL_NAMES } from '../../../db/contract';
import { changesOf, jsonPrefix, personKeyOf, readTarget, valueText } from '../../../db/trust/audit-view';
import texts from '../../../renderer/i18n/areas/trust.en';

const lookup = (tree: unknown, path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), tree);

describe('audit trail words', () => {
  const writes = CALL_NAMES.filter((name) => contract[name].declared.audit !== 'none');

  it('has a label for every call that writes to the trail, in Chinese and in English', () => {
    expect(writes.length).toBeGreaterThan(50);
    const missing = writes.filter((name) => typeof lookup(texts.zh.audit.calls, name) !== 'string' || typeof lookup(texts.en.audit.calls, name) !== 'string');
    expect(missing).toEqual([]);
  });
});

describe('reading an entry', () => {
  it('splits the target into the call and the record', () => {
    expect(readTarget('rehab.visits.create#12314')).toEqual({ call: 'rehab.visits.create', recordId: '12314' });
    expect(readTarget('sign-in')).toEqual({ call: 'sign-in', recordId: '' });
  });

  it('lists only the fields whose value changed, leaving out book-keeping columns', () => {
    const before = { id: 3, name: '周晓梅', phone: '', updated_at: '2026-01-01T00:00:00+08:00', version: 1, support: ['dibao'] };
    const after = { id: 3, name: '周晓梅', phone: '13800138000', updated_at: '2026-02-01T00:00:00+08:00', version: 2, support: ['dibao', 'tekun'] };
    expect(changesOf({ input: {}, before, after })).toEqual([
      { field: 'phone', before: '', after: '13800138000' },
      { field: 'support', before: '["dibao"]', after: '["dibao","tekun"]' },
    ]);
  });

  it('shows what a create set, without empty values, and cuts long values', () => {
    expect(changesOf({ input: { person_id: 9, note: '', visitor: '刘娟', goalIds: [], text: 'x'.repeat(200) } })).toEqual([
      { field: 'personId', after: '9' },
      { field: 'visitor', after: '刘娟' },
      { field: 'text', after: `${'x'.repeat(79)}…` },
    ]);
  });

  it('finds whom an entry concerned: the person, or the child behind a rehab enrolment', () => {
    expect(personKeyOf('people.update', '12', {})).toEqual({ personId: 12 });
    expect(personKeyOf('rehab.visits.create', '5', { input: { personId: 2993 } })).toEqual({ personId: 2993 });
    expect(personKeyOf('rehab.sessions.log', '77', { input: { enrolmentId: 40 } })).toEqual({ enrolmentId: 40 });
    expect(personKeyOf('rehab.enrolments.update', '40', { before: { status: 'active' } })).toEqual({ enrolmentId: 40 });
    expect(personKeyOf('claims.batches.submit', '4', { input: { id: 4 } })).toEqual({});
  });
});

describe('a long value cut without writing all of it', () => {
  // A claims batch's entry holds hundreds of lines; its line on screen shows 80 characters.
  const lines = Array.from({ length: 300 }, (_, i) => ({ personId: i + 1, name: '王小明', idNumber: '320102201901010011', amountFen: 150_000 }));

  it('shows the same first 79 characters and an ellipsis as the whole text would', () => {
    const whole = JSON.stringify(lines);
    expect(valueText(lines)).toBe(`${whole.slice(0, 79)}…`);
    expect(valueText({ period: '2026-10', lines })).toBe(`${JSON.stringify({ period: '2026-10', lines }).slice(0, 79)}…`);
    expect(valueText([1, [2, 3], { a: null }])).toBe('[1,[2,3],{"a":null}]'); // short: whole
    expect(valueText([])).toBe('[]');
    expect(valueText({})).toBe('{}');
  });

  it('writes a prefix of the JSON text, the whole text when it is shorter than asked (any JSON value, any room)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: -2, max: 120 }), (value, room) => {
        const whole = JSON.stringify(value);
        const prefix = jsonPrefix(value, room);
        expect(whole.startsWith(prefix)).toBe(true);
        if (prefix !== whole) expect(prefix.length).toBeGreaterThanOrEqual(room);
        // What the screen shows is what cutting the whole text showed.
        const cut = value === null ? '' : typeof value === 'string' ? value : whole;
        expect(valueText(value)).toBe(cut.length > 80 ? `${cut.slice(0, 79)}…` : cut);
      }),
      { numRuns: 500 },
    );
  });

  it('stops early on a long list instead of writing it whole', () => {
    expect(jsonPrefix(lines, 81).length).toBeLessThan(200);
  });
});
