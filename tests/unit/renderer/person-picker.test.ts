// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import PersonPicker from '../../../renderer/components/PersonPicker.vue';
import { i18n } from '../../../renderer/i18n';
import { useBridge } from '../../../renderer/api';
import type { PersonRow } from '../../../db/contract';

const row = (id: number, name: string): PersonRow => ({
  id,
  name,
  idNumber: '11010519491231002X',
  sex: 'F',
  birthDate: '1949-12-31',
  age: 76,
  certNumber: '',
  category: null,
  level: null,
  certExpiry: '',
  supportStatuses: [],
});

describe('PersonPicker', () => {
  it('never takes the first of two children with the same name on Enter: it shows what tells them apart and waits for a choice', async () => {
    const first = { ...row(7, '陈一诺'), idNumber: '110105202001010013', sex: 'M' as const, age: 5, category: 2 };
    const second = { ...row(8, '陈一诺'), idNumber: '11010520210202002X', age: 4, category: 5 };
    useBridge({ invoke: async () => ({ ok: true, value: { total: 2, rows: [first, second] } }) });
    let chosen: PersonRow | null = null;
    const wrapper = mount(PersonPicker, {
      props: { id: 'child', label: '儿童', modelValue: null, 'onUpdate:modelValue': (value: PersonRow | null) => (chosen = value) },
      global: { plugins: [createPinia(), i18n] },
      attachTo: document.body,
    });
    await wrapper.get('#child').setValue('陈一诺');
    await wrapper.get('#child').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(chosen).toBeNull();
    const buttons = wrapper.findAll('.picker-matches button');
    expect(buttons.map((b) => b.text())).toEqual(['陈一诺，男，5 岁，听力残疾，证件尾号 0013', '陈一诺，女，4 岁，智力残疾，证件尾号 002X']);
    expect(document.activeElement).toBe(buttons[0]!.element);
    expect(wrapper.get('#child-status').text()).toContain('找到 2 人');
    await buttons[1]!.trigger('click');
    expect(chosen).toMatchObject({ id: 8 });
    wrapper.unmount();
  });

  it('chooses on Enter when one match is left, and offers to change the choice', async () => {
    const queries: unknown[] = [];
    useBridge({
      invoke: async (_name, input) => {
        queries.push(input);
        return { ok: true, value: { total: 1, rows: [row(7, '赵丽')] } };
      },
    });
    let chosen: PersonRow | null = null;
    const wrapper = mount(PersonPicker, {
      props: { id: 'child', label: '儿童', modelValue: null, 'onUpdate:modelValue': (value: PersonRow | null) => (chosen = value) },
      global: { plugins: [createPinia(), i18n] },
      attachTo: document.body,
    });
    await wrapper.get('#child').setValue('赵丽 002X');
    await wrapper.get('#child').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(chosen).toMatchObject({ id: 7, name: '赵丽' });
    expect(queries).toEqual([{ q: '赵丽 002X', limit: 8 }]);
    await wrapper.setProps({ modelValue: chosen });
    expect(wrapper.text()).toContain('赵丽，女，76 岁，证件尾号 002X');
    expect(wrapper.get('#child-change').text()).toBe('更换儿童');
    wrapper.unmount();
  });

  it('says so when nobody matches', async () => {
    useBridge({ invoke: async () => ({ ok: true, value: { total: 0, rows: [] } }) });
    const wrapper = mount(PersonPicker, {
      props: { id: 'p', label: '学员', modelValue: null },
      global: { plugins: [createPinia(), i18n] },
    });
    await wrapper.get('#p').setValue('无此人');
    await wrapper.get('#p').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(wrapper.get('#p-status').text()).toBe('没有找到，请检查输入或先在残疾人档案中建档');
    wrapper.unmount();
  });
});
