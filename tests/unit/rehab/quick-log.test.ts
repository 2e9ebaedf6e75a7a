// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import SessionQuickLog from '../../../renderer/components/rehab/SessionQuickLog.vue';
import { i18n, setLocale } from '../../../renderer/i18n';
import { useBridge } from '../../../renderer/api';
import { useRehabStore } from '../../../renderer/stores/rehab';
import type { DayChild } from '../../../db/rehab/contract';

const child: DayChild = {
  enrolmentId: 5,
  personId: 5,
  name: '王小明',
  age: 4,
  category: 'autism',
  cochlearImplant: false,
  scheduled: true,
  inCaseload: true,
  scheduleTime: '09:00',
  scheduleMinutes: 40,
  proposedType: 'st',
  proposedGoalIds: [11],
  openGoals: [
    { id: 11, domain: 'language', goal: '仿说双音节词' },
    { id: 12, domain: 'social', goal: '轮流游戏' },
  ],
  sessions: [],
};

function mountLog(answer: (name: string, input: unknown) => unknown) {
  const calls: { name: string; input: unknown }[] = [];
  const pinia = createPinia();
  setActivePinia(pinia);
  useBridge({
    invoke: async (name, input) => {
      calls.push({ name, input });
      return answer(name, input) as never;
    },
  });
  const rehab = useRehabStore();
  rehab.dayTherapistId = 7;
  rehab.dayDate = '2026-11-20';
  const wrapper = mount(SessionQuickLog, { props: { child, session: null, proposedStart: '09:00' }, global: { plugins: [pinia, i18n] }, attachTo: document.body });
  return { wrapper, calls };
}

describe('SessionQuickLog', () => {
  it('logs the proposed session with Enter on the attendance choice', async () => {
    await setLocale('zh-CN');
    const { wrapper, calls } = mountLog((_n, input) => ({ ok: true, value: { id: 1, ...(input as object), startTime: '09:00', groupId: null, version: 1 } }));
    await wrapper.get('#ql-attendance-present').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(calls).toEqual([
      {
        name: 'rehab.sessions.log',
        input: { enrolmentId: 5, therapistId: 7, date: '2026-11-20', startTime: '09:00', minutes: 40, type: 'st', attendance: 'present', goalIds: [11], note: '', location: 'centre' },
      },
    ]);
    expect(wrapper.emitted('saved')).toHaveLength(1);
    wrapper.unmount();
  });

  it('does not save on the Enter that confirms Chinese input', async () => {
    const { wrapper, calls } = mountLog(() => ({ ok: true, value: {} }));
    await wrapper.get('#ql-goals-first').trigger('keydown', { key: 'Enter', isComposing: true });
    await flushPromises();
    expect(calls).toEqual([]);
    wrapper.unmount();
  });

  it('shows a refusal at the start time, tied to it, and moves focus there; the input stays', async () => {
    const { wrapper } = mountLog(() => ({
      ok: false,
      error: { code: 'REHAB_SESSION_OVERLAP_THERAPIST', field: 'startTime', params: { name: '李思远', start: '08:25', end: '09:05' } },
    }));
    await wrapper.get('#ql-note').setValue('配合良好');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const input = wrapper.get('#ql-startTime');
    expect(wrapper.get('#ql-startTime-error').text()).toBe('与同一治疗师给李思远的训练（08:25–09:05）时间重叠');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(input.attributes('aria-describedby')).toContain('ql-startTime-error');
    expect(document.activeElement?.id).toBe('ql-startTime');
    expect((wrapper.get('#ql-note').element as HTMLInputElement).value).toBe('配合良好');
    wrapper.unmount();
  });

  it('shows a refusal about the day (a future date) at the start time too', async () => {
    const { wrapper } = mountLog(() => ({ ok: false, error: { code: 'REHAB_SESSION_FUTURE', field: 'date', params: { today: '2026-11-22' } } }));
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#ql-startTime-error').text()).toBe('不能记录今天（2026-11-22）以后的训练');
    expect(document.activeElement?.id).toBe('ql-startTime');
    wrapper.unmount();
  });
  it("keeps what is typed when the day reloads for others' changes, and starts afresh for another child", async () => {
    await setLocale('zh-CN');
    const { wrapper } = mountLog(() => ({ ok: true, value: null }));
    await wrapper.get('#ql-note').setValue('今天配合很好');
    // The reloaded day brings a new copy of the same child (another therapist logged a session).
    const reloaded: DayChild = { ...child, openGoals: [...child.openGoals], sessions: [{ id: 40, therapistId: 8, startTime: '08:00' } as DayChild['sessions'][number]] };
    await wrapper.setProps({ child: reloaded, proposedStart: '09:10' });
    expect((wrapper.get('#ql-note').element as HTMLInputElement).value).toBe('今天配合很好');
    await wrapper.setProps({ child: { ...child, enrolmentId: 6, personId: 6, name: '李小宝' } });
    expect((wrapper.get('#ql-note').element as HTMLInputElement).value).toBe('');
    wrapper.unmount();
  });
});
