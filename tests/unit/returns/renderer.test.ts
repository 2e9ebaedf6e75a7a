// @vitest-environment happy-dom
// The returns screens' parts: the job progress bar and its cancel button, the store following a
// job until it ends, the period picker, a statistics table's cells, and pasted paths.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { i18n } from '../../../renderer/i18n';
import { useBridge } from '../../../renderer/api';
import { pathsOf, useReturnsStore, type JobSlot } from '../../../renderer/stores/returns';
import JobProgress from '../../../renderer/components/returns/JobProgress.vue';
import PeriodPicker from '../../../renderer/components/returns/PeriodPicker.vue';
import StatsTable from '../../../renderer/components/returns/StatsTable.vue';
import type { JobView, Result } from '../../../db/contract';

const running = (done: number, total: number): JobView => ({ id: 'j1', kind: 'returns.centreExport', state: 'running', done, total, result: null, error: null });
const slot = (view: JobView | null): JobSlot<unknown> => ({ view, error: null, cancelling: false, running: view?.state === 'running' });

describe('the job progress bar', () => {
  it('announces how far the job got and offers to cancel it', async () => {
    const wrapper = mount(JobProgress, { props: { id: 'export-job', job: slot(running(4000, 10000)), label: '导出上报包' }, global: { plugins: [i18n] } });
    const bar = wrapper.get('[role="progressbar"]');
    expect(bar.attributes()).toMatchObject({ 'aria-valuemin': '0', 'aria-valuemax': '10000', 'aria-valuenow': '4000', 'aria-labelledby': 'export-job-label' });
    expect(bar.attributes('aria-valuetext')).toBe('已处理 4,000 / 10,000');
    expect(wrapper.get('#export-job-label').text()).toBe('导出上报包');
    await wrapper.get('button').trigger('click');
    expect(wrapper.emitted('cancel')).toHaveLength(1);
  });

  it('says a cancelled job left nothing behind, and why a job failed', () => {
    const cancelled = mount(JobProgress, { props: { id: 'j', job: slot({ ...running(1, 2), state: 'cancelled' }), label: 'x' }, global: { plugins: [i18n] } });
    expect(cancelled.get('[role="status"]').text()).toBe('已取消，未留下任何文件或数据。');
    expect(cancelled.find('[role="progressbar"]').exists()).toBe(false);
    const failed = mount(JobProgress, {
      props: { id: 'j', job: slot({ ...running(1, 2), state: 'failed', error: { code: 'RETURNS_KEY_MISSING' } }), label: 'x' },
      global: { plugins: [i18n] },
    });
    expect(failed.get('[role="alert"]').text()).toBe('未能完成：请先在“机构信息”中设置共享密钥，才能导出去标识化上报包');
  });
});

describe('the returns store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('follows an export until it ends, and cancels it when asked', async () => {
    const calls: string[] = [];
    let cancelled = false;
    useBridge({
      invoke: async (name): Promise<Result<unknown>> => {
        calls.push(name);
        if (name === 'returns.export') return { ok: true, value: running(0, 0) };
        if (name === 'jobs.cancel') {
          cancelled = true;
          return { ok: true, value: running(2000, 6000) };
        }
        if (name === 'jobs.get') return { ok: true, value: cancelled ? { ...running(2000, 6000), state: 'cancelled' } : running(2000, 6000) };
        return { ok: true, value: [] };
      },
    });
    const returns = useReturnsStore();
    const following = returns.startExport('2026', false);
    await vi.advanceTimersByTimeAsync(300);
    expect(returns.exportJob.view).toMatchObject({ state: 'running', done: 2000, total: 6000 });
    expect(returns.exportJob.running).toBe(true);
    await returns.cancel(returns.exportJob);
    expect(returns.exportJob.cancelling).toBe(true);
    await vi.advanceTimersByTimeAsync(300);
    await following;
    expect(returns.exportJob.view?.state).toBe('cancelled');
    expect(returns.exportJob.running).toBe(false);
    // A cancelled export adds nothing to the list of exports.
    expect(calls).toEqual(['returns.export', 'jobs.get', 'jobs.cancel', 'jobs.get']);
  });

  it('shows why a job could not start, without following anything', async () => {
    useBridge({ invoke: async () => ({ ok: false, error: { code: 'RETURNS_IDENTITY_MISSING' } }) });
    const returns = useReturnsStore();
    await returns.startExport('2026', false);
    expect(returns.exportJob).toMatchObject({ view: null, error: { code: 'RETURNS_IDENTITY_MISSING' }, running: false });
  });

  it('keeps a refused office key as typed and answers with the error; a saved one is cleared from the form', async () => {
    const centre = { identity: null, keyFingerprint: 'ab12', exportDir: '/x', today: '2026-11-29' };
    let answer: Result<unknown> = { ok: false, error: { code: 'RETURNS_KEY_SHORT', field: 'key' } };
    useBridge({ invoke: async () => answer as never });
    const returns = useReturnsStore();
    returns.keyDraft = 'short';
    expect(await returns.saveKey()).toEqual({ value: null, error: { code: 'RETURNS_KEY_SHORT', field: 'key' } });
    expect([returns.keyDraft, returns.keyError?.code]).toEqual(['short', 'RETURNS_KEY_SHORT']);
    answer = { ok: true, value: centre };
    returns.keyDraft = 'a-long-enough-office-key';
    expect(await returns.saveKey()).toEqual({ value: centre, error: null });
    expect([returns.keyDraft, returns.keyError, returns.centre?.keyFingerprint]).toEqual(['', null, 'ab12']);
  });

  it('reads pasted paths one per line, quotes and blank lines dropped', () => {
    expect(pathsOf('"D:\\上报\\2026"\r\n\n  /home/office/inbox  \n')).toEqual(['D:\\上报\\2026', '/home/office/inbox']);
  });
});

describe('the period picker', () => {
  it('builds the period code from type, year and part, and shows its dates', async () => {
    let code = '2026';
    const wrapper = mount(PeriodPicker, {
      props: { id: 'p', today: '2026-11-22', modelValue: code, 'onUpdate:modelValue': (value: string) => (code = value) },
      global: { plugins: [i18n] },
    });
    await wrapper.get('#p-kind').setValue('quarter');
    await wrapper.get('#p-part').setValue('3');
    expect(code).toBe('2026-Q3');
    await wrapper.setProps({ modelValue: code });
    expect(wrapper.get('#p-range').text()).toBe('2026-07-01 至 2026-09-30');
    await wrapper.get('#p-kind').setValue('half');
    expect(code).toBe('2026-H2');
    await wrapper.get('#p-kind').setValue('month');
    await wrapper.get('#p-year').setValue('2025');
    expect(code).toBe('2025-02');
  });
});

describe('a statistics table', () => {
  it('shows yuan, per cent and “—”, a header per column and per row, and the total last', () => {
    const wrapper = mount(StatsTable, {
      props: {
        table: {
          id: 'subsidy',
          columns: [
            { key: 'claimRehab', kind: 'fen', label: [{ key: 'programme.rehab' }, { key: 'col.claimed' }] },
            { key: 'rate', kind: 'permille', label: [{ key: 'col.visitRate' }] },
            { key: 'n', kind: 'count', label: [{ text: '面点制作' }] },
          ],
          rows: [
            { centre: { code: 'A', name: '甲中心', type: 'rehab_institution', regionCode: '320102' }, values: [123456, 666, 1200] },
            { centre: { code: 'B', name: '乙中心', type: 'rehab_institution', regionCode: '320104' }, values: [null, null, 0] },
            { centre: null, values: [123456, 500, 1200] },
          ],
            },
      },
      global: { plugins: [i18n] },
    });
    expect(wrapper.get('caption').text()).toBe('补贴金额（按项目）');
    expect(wrapper.findAll('thead th').map((th) => [th.text(), th.attributes('scope')])).toEqual([
      ['机构', 'col'],
      ['儿童康复 · 申报金额（元）', 'col'],
      ['访视完成率', 'col'],
      ['面点制作', 'col'],
    ]);
    const rows = wrapper.findAll('tbody tr').map((tr) => [tr.get('th').text(), ...tr.findAll('td').map((td) => td.text())]);
    expect(rows).toEqual([
      ['甲中心', '1,234.56', '66.6%', '1,200'],
      ['乙中心', '—', '—', '0'],
      ['合计', '1,234.56', '50.0%', '1,200'],
    ]);
    expect(wrapper.findAll('tbody th').every((th) => th.attributes('scope') === 'row')).toBe(true);
  });
});

describe('a statistics table of figures a centre may not have reported', () => {
  it('says “未报送” where a centre’s package (format 2) carried none, not 0, and “—” where a reporting centre has no figure', () => {
    const wrapper = mount(StatsTable, {
      props: {
        table: {
          id: 'households',
          columns: [
            { key: 'households', kind: 'count', label: [{ key: 'col.households' }] },
            { key: 'zeroEmployment', kind: 'count', label: [{ key: 'col.zeroEmployment' }] },
          ],
          rows: [
            { centre: { code: 'A', name: '甲中心', type: 'rehab_institution', regionCode: '320102' }, values: [4, 1] },
            { centre: { code: 'B', name: '乙中心', type: 'rehab_institution', regionCode: '320104' }, values: [null, null], notReported: true },
            { centre: { code: 'C', name: '丙中心', type: 'rehab_institution', regionCode: '320106' }, values: [0, null] },
            { centre: null, values: [4, null] },
          ],
        },
      },
      global: { plugins: [i18n] },
    });
    expect(wrapper.get('caption').text()).toBe('一户多残与零就业家庭');
    const rows = wrapper.findAll('tbody tr').map((tr) => [tr.get('th').text(), ...tr.findAll('td').map((td) => td.text())]);
    expect(rows).toEqual([
      ['甲中心', '4', '1'],
      ['乙中心', '未报送', '未报送'],
      ['丙中心', '0', '—'],
      ['合计', '4', '—'],
    ]);
  });
});
