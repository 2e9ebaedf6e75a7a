// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import PersonView from '../../../renderer/views/PersonView.vue';
import { i18n, setLocale } from '../../../renderer/i18n';
import { useBridge } from '../../../renderer/api';
import { useAppStore } from '../../../renderer/stores/app';
import type { AppInfo } from '../../../db/contract';

const info: AppInfo = {
  appVersion: 'test',
  schemaVersion: 1,
  dataFile: '/tmp/x.sqlite',
  host: 'browser',
  today: '2026-11-22',
  settings: { locale: 'zh-CN' },
  locked: false,
  encrypted: false,
  hasAccounts: true,
  account: { id: 1, username: 'admin', displayName: '管理员', role: 'admin', active: true },
  permissions: ['people.read', 'people.write', 'ids.full'],
  idleMinutes: 15,
};

async function mountForm(answer: () => unknown) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAppStore().info = info;
  useBridge({ invoke: async () => answer() as never });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });
  const wrapper = mount(PersonView, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('PersonView', () => {
  it('shows sex, birth date and age from the ID as it is typed', async () => {
    await setLocale('zh-CN');
    const wrapper = await mountForm(() => ({ ok: true, value: {} }));
    await wrapper.get('#f-idNumber').setValue('11010519491231002X');
    expect(wrapper.get('#id-derived').text()).toBe('女，1949-12-31 出生，76 岁');
    await wrapper.get('#f-idNumber').setValue('11010519491231002');
    expect(wrapper.get('#id-derived').text()).toBe('输入有效身份证号后显示性别、出生日期和年龄');
    wrapper.unmount();
  });

  it('fills category and level from a valid certificate number', async () => {
    const wrapper = await mountForm(() => ({ ok: true, value: {} }));
    await wrapper.get('#f-idNumber').setValue('11010519491231002X');
    await wrapper.get('#f-certNumber').setValue('11010519491231002X23');
    expect((wrapper.get('#f-category').element as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('2 听力');
    expect((wrapper.get('#f-level').element as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('三级');
    wrapper.unmount();
  });

  it('puts each error next to its field, tied by aria-describedby, and focuses the first', async () => {
    const wrapper = await mountForm(() => ({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'idNumber',
        details: [
          { code: 'PERSON_ID_CHECKSUM', field: 'idNumber', params: { expected: 'X' } },
          { code: 'PHONE_FORMAT', field: 'phone' },
        ],
      },
    }));
    await wrapper.get('#f-name').setValue('钱多多');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#f-idNumber-error').text()).toBe('身份证号校验位错误：按前 17 位计算，最后一位应为 X，请核对');
    expect(wrapper.get('#f-idNumber').attributes('aria-describedby')).toContain('f-idNumber-error');
    expect(wrapper.get('#f-phone-error').text()).toBe('电话号码格式不正确，只能包含数字、空格、括号、加号和横线');
    expect(document.activeElement?.id).toBe('f-idNumber');
    expect((wrapper.get('#f-name').element as HTMLInputElement).value).toBe('钱多多');
    wrapper.unmount();
  });

  it('shows an unexpected failure as a general message and keeps the input', async () => {
    const wrapper = await mountForm(() => ({ ok: false, error: { code: 'INTERNAL' } }));
    await wrapper.get('#f-name').setValue('孙丽');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#save-error').text()).toBe('发生意外错误，已记入日志。您填写的内容仍保留，请稍后重试。');
    expect((wrapper.get('#f-name').element as HTMLInputElement).value).toBe('孙丽');
    wrapper.unmount();
  });

  it('speaks English when switched', async () => {
    await setLocale('en');
    const wrapper = await mountForm(() => ({ ok: false, error: { code: 'PERSON_ID_FORMAT', field: 'idNumber' } }));
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#f-idNumber-error').text()).toBe('The ID number has 18 characters: 17 digits, then a digit or X');
    await setLocale('zh-CN');
    wrapper.unmount();
  });
});
