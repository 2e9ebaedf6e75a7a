// @vitest-environment happy-dom
// A save refused because someone else changed the record meanwhile: the form keeps what was typed
// and says who changed it, when and which fields, in the user's language.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import PersonView from '../../../renderer/views/PersonView.vue';
import { errorText, i18n, setLocale } from '../../../renderer/i18n';
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

const stale = {
  code: 'PERSON_STALE',
  params: { id: 7, by: '王丽', byUser: 'wangli', at: '2026-11-22T09:03:41', fields: 'phone,address' },
};

afterEach(() => setLocale('zh-CN'));

describe('a save refused because the record changed meanwhile', () => {
  it('keeps the typed form and names who changed which fields, and when', async () => {
    await setLocale('zh-CN');
    const pinia = createPinia();
    setActivePinia(pinia);
    useAppStore().info = info;
    useBridge({ invoke: async () => ({ ok: false, error: stale }) as never });
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });
    const wrapper = mount(PersonView, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
    await flushPromises();
    await wrapper.get('#f-name').setValue('孙丽');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#save-error').text()).toBe(
      '该档案已在别处被修改，请刷新页面后再保存（您填写的内容未保存）。王丽 于 2026-11-22 09:03 改动了：联系电话、住址',
    );
    expect((wrapper.get('#f-name').element as HTMLInputElement).value).toBe('孙丽');
    wrapper.unmount();
  });

  it('words the fields with the area’s names, in English too, and says only who and when without fields', async () => {
    await setLocale('en');
    expect(errorText(stale)).toBe(
      'This record was changed elsewhere. Reload before saving (your input was not saved). 王丽 changed it at 2026-11-22 09:03: Phone, Address.',
    );
    await setLocale('zh-CN');
    expect(errorText({ code: 'REHAB_STALE', params: { id: 3, by: '周静', at: '2026-11-22T10:15:00', fields: 'attendance' } })).toBe(
      `该记录已在别处被修改，请刷新后再保存（您填写的内容未保存）。周静 于 2026-11-22 10:15 改动了：出勤情况`,
    );
    expect(errorText({ code: 'TRAINING_STALE', params: { by: '赵敏', at: '2026-11-22T10:15:00', fields: '' } })).toBe(
      '该记录已在别处被修改，请刷新页面后再保存（您填写的内容未保存）。赵敏 于 2026-11-22 10:15 改动过这条记录',
    );
    // A plain refusal (the trail showed no change) reads as before.
    expect(errorText({ code: 'PERSON_STALE', params: { id: 7 } })).toBe('该档案已在别处被修改，请刷新页面后再保存（您填写的内容未保存）');
  });
});
