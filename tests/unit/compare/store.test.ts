// @vitest-environment happy-dom
// The comparison store: a list is read until its preview is ready, a too-large file never reaches the
// service, and applied changes are followed by the comparison as it now stands.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useCompareStore, changeKey } from '../../../renderer/stores/compare';
import { MAX_IMPORT_BYTES } from '../../../renderer/stores/import-job';
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

const status = (state: string) => ({ jobId: 'j1', state, error: null, rows: [], listId: null });
const META = { source: 'civil_affairs' as const, sourceName: '', listDate: '2026-11-01', statuses: ['dibao' as const] };

beforeEach(() => setActivePinia(createPinia()));

describe('compare store', () => {
  it('asks for the preview until the list has been read', async () => {
    let previews = 0;
    const calls = bridge((name) => {
      if (name === 'compare.import.start') return { ok: true, value: status('reading') };
      previews += 1;
      return { ok: true, value: status(previews < 2 ? 'reading' : 'ready') };
    });
    const compare = useCompareStore();
    const result = await compare.startImport(new File(['姓名,身份证号\n'], 'list.csv'), META);
    expect(result.error).toBeNull();
    expect(compare.importStatus?.state).toBe('ready');
    expect(calls.map((c) => c.name)).toEqual(['compare.import.start', 'compare.import.preview', 'compare.import.preview', 'compare.import.preview']);
    expect(calls[0]!.input).toMatchObject({ ...META, fileName: 'list.csv' });
  });

  it('refuses a file over the size limit without calling the service', async () => {
    const calls = bridge(() => ({ ok: true, value: status('ready') }));
    const compare = useCompareStore();
    const big = new File([new Uint8Array(MAX_IMPORT_BYTES + 1)], 'big.xlsx');
    expect(await compare.startImport(big, META)).toEqual({ value: null, error: { code: 'IMPORT_FILE_TOO_LARGE' } });
    expect(calls).toEqual([]);
  });

  it('reloads the comparison after applying, and keeps it when applying fails', async () => {
    let fail = false;
    const calls = bridge((name) => {
      if (name === 'compare.apply') return fail ? { ok: false, error: { code: 'COMPARE_NOTHING_TO_APPLY' } } : { ok: true, value: { applied: 1, people: 1 } };
      return { ok: true, value: { list: { id: 4 }, rows: [], counts: {}, previous: null } };
    });
    const compare = useCompareStore();
    const change = { personId: 9, status: 'dibao' as const, held: true };
    expect((await compare.applyChanges(4, [change])).value).toEqual({ applied: 1, people: 1 });
    expect(calls.map((c) => c.name)).toEqual(['compare.apply', 'compare.lists.get']);
    fail = true;
    expect((await compare.applyChanges(4, [change])).error).toEqual({ code: 'COMPARE_NOTHING_TO_APPLY' });
    expect(calls.map((c) => c.name)).toEqual(['compare.apply', 'compare.lists.get', 'compare.apply']);
    expect(compare.comparison).not.toBeNull();
  });

  it('keys a chosen change by person, status and direction', () => {
    expect(changeKey(9, { status: 'dibao', held: true })).toBe('9:dibao:1');
    expect(changeKey(9, { status: 'dibao', held: false })).not.toBe(changeKey(9, { status: 'dibao', held: true }));
  });
});
