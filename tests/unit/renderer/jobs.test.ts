// @vitest-environment happy-dom
// The one job watcher: a screen sees every step of a long job until it ends, and a job it no
// longer shows (another batch opened) stops reaching the screen.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useBridge } from '../../../renderer/api';
import { watchJob } from '../../../renderer/stores/jobs';
import { useClaimsStore } from '../../../renderer/stores/claims';
import type { JobView, Result } from '../../../db/contract';

const view = (id: string, state: JobView['state'], done: number): JobView => ({
  id,
  kind: 'claims.export',
  state,
  done,
  total: 3,
  result: state === 'done' ? { fileId: `f-${id}`, fileName: `${id}.xlsx` } : null,
  error: state === 'failed' ? { code: 'INTERNAL' } : null,
});

/** A service whose jobs advance one step each time they are asked about. */
function service(extra: (name: string, input: unknown) => Result<unknown> | undefined = () => undefined) {
  const asked = new Map<string, number>();
  const calls: string[] = [];
  useBridge({
    invoke: async (name, input) => {
      calls.push(name);
      const answer = extra(name, input);
      if (answer) return answer;
      if (name === 'jobs.get') {
        const id = (input as { id: string }).id;
        const n = (asked.get(id) ?? 0) + 1;
        asked.set(id, n);
        return { ok: true, value: view(id, n >= 2 ? 'done' : 'running', n + 1) };
      }
      return { ok: false, error: { code: 'INTERNAL' } };
    },
  });
  return calls;
}

beforeEach(() => setActivePinia(createPinia()));

describe('watching a long job', () => {
  it('shows each step until the job is done', async () => {
    service();
    const seen: string[] = [];
    const error = await watchJob(view('j1', 'running', 0), (v) => seen.push(`${v.state}:${v.done}`));
    expect(error).toBeNull();
    expect(seen).toEqual(['running:0', 'running:2', 'done:3']);
  });

  it('says why when the service cannot tell how the job is going', async () => {
    service((name) => (name === 'jobs.get' ? { ok: false, error: { code: 'HOST_UNREACHABLE' } } : undefined));
    const seen: string[] = [];
    expect(await watchJob(view('j1', 'running', 0), (v) => seen.push(v.state))).toEqual({ code: 'HOST_UNREACHABLE' });
    expect(seen).toEqual(['running']);
  });

  it('stops reaching the screen once the screen no longer wants it', async () => {
    const calls = service();
    const seen: string[] = [];
    // The screen moves on after the first view.
    await watchJob(view('j1', 'running', 0), (v) => seen.push(v.state), () => seen.length === 0);
    expect(seen).toEqual(['running']);
    expect(calls).not.toContain('jobs.get');
  });
});

describe('a claim batch export', () => {
  it('ends with the workbook to download, and an export of a batch left behind does not come back', async () => {
    service((name, input) => {
      if (name === 'claims.batches.get') {
        const id = (input as { id: number }).id;
        return { ok: true, value: { id, number: `B${id}`, lines: [] } };
      }
      if (name === 'claims.batches.export') return { ok: true, value: view('x1', 'running', 0) };
      return undefined;
    });
    const claims = useClaimsStore();
    await claims.loadBatch(1);
    await claims.exportXlsx({});
    expect(claims.exportJob?.state).toBe('done');
    expect(claims.exportJob?.result).toEqual({ fileId: 'f-x1', fileName: 'x1.xlsx' });

    const second = claims.exportXlsx({});
    await claims.loadBatch(2);
    await second;
    expect(claims.exportJob).toBeNull();
  });
});
