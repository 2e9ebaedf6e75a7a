// @vitest-environment happy-dom
// A finished export of an encrypted data file says, in the user's language, that the exported
// file is not encrypted; an export of a plain data file says nothing of the kind.
import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import ExportProgress from '../../../renderer/components/claims/ExportProgress.vue';
import { i18n, setLocale } from '../../../renderer/i18n';
import type { JobView } from '../../../db/jobs';
import type { ExportResult } from '../../../db/claims/contract';

const job = (unencryptedCopy: boolean): JobView<ExportResult> => ({
  id: 'j1',
  kind: 'claims.export',
  state: 'done',
  done: 2,
  total: 2,
  error: null,
  result: { fileName: 'KF202610-01.xlsx', path: '/data/exports/KF202610-01.xlsx', fileId: 'f1', rows: 2, bytes: 9000, unencryptedCopy },
});

const show = (unencryptedCopy: boolean) =>
  mount(ExportProgress, { props: { job: job(unencryptedCopy), error: null }, global: { plugins: [createPinia(), i18n] } });

afterEach(() => setLocale('zh-CN'));

describe('the claim export’s result', () => {
  it('says the exported file is not encrypted when the data file is', async () => {
    expect(show(true).get('.unencrypted-copy').text()).toContain('导出的这个文件没有加密');
    await setLocale('en');
    expect(show(true).get('.unencrypted-copy').text()).toContain('this exported file is not');
  });

  it('says nothing about encryption for a plain data file', () => {
    expect(show(false).find('.unencrypted-copy').exists()).toBe(false);
  });
});
