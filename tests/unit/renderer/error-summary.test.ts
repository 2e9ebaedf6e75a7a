// @vitest-environment happy-dom
// The one error summary: it counts what to correct, each entry's link moves focus to its field,
// and an error that belongs to no field stands below it, focusable by its id.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import ErrorSummary from '../../../renderer/components/ErrorSummary.vue';
import { i18n, setLocale } from '../../../renderer/i18n';

function mountSummary(props: { fields: [string, string][]; general?: string; generalId?: string }) {
  const Host = defineComponent(() => () => [
    h(ErrorSummary, { ...props, idOf: (f: string) => `x-${f}`, labelOf: (f: string) => ({ name: '姓名', idNumber: '身份证号' })[f] ?? f }),
    h('input', { id: 'x-name' }),
    h('input', { id: 'x-idNumber' }),
  ]);
  return mount(Host, { global: { plugins: [i18n] }, attachTo: document.body });
}

describe('error summary', () => {
  it('lists what to correct in order, and a link moves focus to its field', async () => {
    await setLocale('zh-CN');
    const wrapper = mountSummary({ fields: [['name', '必填'], ['idNumber', '校验位不正确']] });
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('未能保存，有 2 处需要修改');
    const links = alert.findAll('a');
    expect(links.map((a) => a.text())).toEqual(['姓名：必填', '身份证号：校验位不正确']);
    await links[1]!.trigger('click');
    expect(document.activeElement?.id).toBe('x-idNumber');
    wrapper.unmount();
  });

  it('shows an error that belongs to no field on its own, and nothing when all is well', async () => {
    await setLocale('en');
    const general = mountSummary({ fields: [], general: 'The data service stopped.', generalId: 'x-general' });
    expect(general.findAll('[role="alert"]')).toHaveLength(1);
    expect(general.get('#x-general').text()).toBe('The data service stopped.');
    general.unmount();
    const none = mountSummary({ fields: [] });
    expect(none.findAll('[role="alert"]')).toHaveLength(0);
    none.unmount();
    await setLocale('zh-CN');
  });
});
