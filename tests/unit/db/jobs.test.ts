import { describe, expect, it } from 'vitest';
import { createJobs } from '../../../db/jobs';
import { DomainError } from '../../../db/errors';

describe('jobs', () => {
  it('runs in the background, reports progress and keeps the result', async () => {
    const jobs = createJobs();
    let seenWhileRunning = -1;
    const view = jobs.start('count', async (ctx) => {
      for (let i = 1; i <= 5; i += 1) {
        ctx.progress(i, 5);
        await ctx.pause();
      }
      return 'five';
    });
    expect(view.state).toBe('running'); // the starting call returns before any work
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    seenWhileRunning = jobs.get(view.id)!.done;
    const done = await jobs.settle(view.id);
    expect(seenWhileRunning).toBeGreaterThan(0);
    expect(seenWhileRunning).toBeLessThan(5);
    expect(done).toMatchObject({ state: 'done', done: 5, total: 5, result: 'five', error: null });
  });

  it('stops at the next pause when cancelled, and cleans up', async () => {
    const jobs = createJobs();
    const cleaned: string[] = [];
    let steps = 0;
    const view = jobs.start('endless', async (ctx) => {
      ctx.onAbort(() => cleaned.push('partial file removed'));
      for (;;) {
        steps += 1;
        await ctx.pause();
      }
    });
    await new Promise((r) => setTimeout(r, 5));
    jobs.cancel(view.id);
    const done = await jobs.settle(view.id);
    expect(done.state).toBe('cancelled');
    expect(cleaned).toEqual(['partial file removed']);
    const stepsAtCancel = steps;
    await new Promise((r) => setTimeout(r, 5));
    expect(steps).toBe(stepsAtCancel);
  });

  it('reports a domain failure as its error value and anything else as INTERNAL', async () => {
    const jobs = createJobs();
    const domain = jobs.start('a', async () => {
      throw new DomainError({ code: 'EXPORT_EMPTY' });
    });
    const crash = jobs.start('b', async () => {
      throw new Error('disk full');
    });
    expect((await jobs.settle(domain.id)).error).toEqual({ code: 'EXPORT_EMPTY' });
    expect((await jobs.settle(crash.id))).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
  });
});
