// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { usePeopleStore, PAGE_SIZE } from '../../../renderer/stores/people';
import { useBridge } from '../../../renderer/api';
import type { Result } from '../../../db/contract';

function bridge(answer: (name: string, input: unknown) => Result<unknown>) {
  const calls: { name: string; input: unknown }[] = [];
  useBridge({
    invoke: async (name, input) => {
      calls.push({ name, input });
      return answer(name, input);
    },
  });
  return calls;
}

beforeEach(() => setActivePinia(createPinia()));

describe('people store', () => {
  it('keeps everything the user typed when saving fails unexpectedly', async () => {
    bridge(() => ({ ok: false, error: { code: 'INTERNAL' } }));
    const people = usePeopleStore();
    people.startNew();
    people.draft.name = '周杰';
    people.draft.idNumber = '11010519491231002X';
    people.draft.supportStatuses = ['dibao'];
    expect(await people.save()).toEqual({ value: null, error: { code: 'INTERNAL' } });
    expect(people.saveError).toEqual({ code: 'INTERNAL' });
    expect(people.draft).toMatchObject({ name: '周杰', idNumber: '11010519491231002X', supportStatuses: ['dibao'] });
  });

  it('keeps the input when the local service cannot be reached', async () => {
    useBridge({ invoke: () => Promise.resolve({ ok: false, error: { code: 'HOST_UNREACHABLE' } }) });
    const people = usePeopleStore();
    people.startNew();
    people.draft.name = '周杰';
    await people.save();
    expect(people.saveError?.code).toBe('HOST_UNREACHABLE');
    expect(people.draft.name).toBe('周杰');
  });

  it('answers a refused delete with the records that depend on the person, and keeps the record open', async () => {
    const person = { id: 5, version: 1, name: '周杰', supportStatuses: [] };
    const refusal = { code: 'PERSON_IN_USE', details: [{ code: 'PERSON_IN_USE', params: { table: 'rehab_enrolments', n: 1 } }] };
    bridge((name) => (name === 'people.get' ? { ok: true, value: person } : { ok: false, error: refusal }));
    const people = usePeopleStore();
    await people.open(5);
    expect(await people.remove()).toEqual({ value: null, error: refusal });
    expect(people.current?.id).toBe(5);
  });

  it('answers a delete the service made with no error, and closes the record', async () => {
    bridge((name) => (name === 'people.get' ? { ok: true, value: { id: 5, version: 1, name: '周杰', supportStatuses: [] } } : { ok: true, value: { deleted: true } }));
    const people = usePeopleStore();
    await people.open(5);
    expect((await people.remove()).error).toBeNull();
    expect(people.current).toBeNull();
  });

  it('loads the list in pages as rows come into view, once per page', async () => {
    const calls = bridge((_name, input) => {
      const { offset, limit } = input as { offset: number; limit: number };
      const rows = Array.from({ length: limit }, (_, i) => ({ id: offset + i + 1, name: `人${offset + i}` }));
      return { ok: true, value: { total: 1000, rows } };
    });
    const people = usePeopleStore();
    await people.refresh();
    expect(people.total).toBe(1000);
    people.ensureRange(150, 260);
    people.ensureRange(150, 260);
    await Promise.resolve();
    const offsets = calls.map((c) => (c.input as { offset: number }).offset);
    expect(offsets).toEqual([0, PAGE_SIZE, 2 * PAGE_SIZE]);
  });

  it('drops rows of an older, longer result when a search narrows it', async () => {
    let total = 250;
    bridge((_name, input) => {
      const { offset } = input as { offset: number };
      const count = Math.max(0, Math.min(PAGE_SIZE, total - offset));
      return { ok: true, value: { total, rows: Array.from({ length: count }, (_, i) => ({ id: offset + i + 1, name: `人${offset + i}` })) } };
    });
    const people = usePeopleStore();
    await people.refresh();
    total = 3;
    await people.refresh();
    expect([...people.rows.keys()]).toEqual([0, 1, 2]);
  });

  it("reloads, for others' changes, every page already shown with the same filters, keeping the rows in place", async () => {
    let renamed = '';
    const calls = bridge((_name, input) => {
      const { offset, limit } = input as { offset: number; limit: number };
      const rows = Array.from({ length: limit }, (_, i) => ({ id: offset + i + 1, name: offset + i === 150 && renamed ? renamed : `人${offset + i}` }));
      return { ok: true, value: { total: 1000, rows } };
    });
    const people = usePeopleStore();
    people.query.category = 2;
    people.query.q = '人';
    await people.refresh();
    people.ensureRange(150, 160);
    await Promise.resolve();
    calls.length = 0;
    renamed = '人150（改名）';
    await people.reload();
    // Pages 0 and 1 again, with the filters as they are: the list keeps its length and place.
    expect(calls.map((c) => c.input)).toEqual([0, PAGE_SIZE].map((offset) => expect.objectContaining({ offset, category: 2, q: '人' })));
    expect(people.rows.get(150)?.name).toBe('人150（改名）');
    expect(people.rows.size).toBe(2 * PAGE_SIZE);
    expect(people.query).toMatchObject({ category: 2, q: '人' });
  });

  it('reverses the direction when the same column is sorted again', async () => {
    bridge(() => ({ ok: true, value: { total: 0, rows: [] } }));
    const people = usePeopleStore();
    await people.sortBy('certExpiry');
    expect([people.query.sort, people.query.dir]).toEqual(['certExpiry', 'asc']);
    await people.sortBy('certExpiry');
    expect(people.query.dir).toBe('desc');
  });
});
