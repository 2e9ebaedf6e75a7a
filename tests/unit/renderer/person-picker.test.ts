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
  it('takes the first match on Enter and offers to change the choice', async () => {
    const queries: unknown[] = [];
    useBridge({
      invoke: async (_name, input) => {
        queries.push(input);
        return { ok: true, value: { total: 2, rows: [row(7, '赵丽'), row(8, '赵丽华')] } };
      },
    });
    let chosen: PersonRow | null = null;
    const wrapper = mount(PersonPicker, {
      props: { id: 'child', label: '儿童', modelValue: null, 'onUpdate:modelValue': (value: PersonRow | null) => (chosen = value) },
      global: { plugins: [createPinia(), i18n] },
      attachTo: document.body,
    });
    await wrapper.get('#child').setValue('赵丽');
    await wrapper.get('#child').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(chosen).toMatchObject({ id: 7, name: '赵丽' });
    expect(queries).toEqual([{ q: '赵丽', limit: 8 }]);
    await wrapper.setProps({ modelValue: chosen });
    expect(wrapper.text()).toContain('赵丽，女，76 岁');
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
