// @vitest-environment happy-dom
// The audit trail shows the codes records store in the user's words: 男 not M, 城镇 not urban,
// 康复治疗师 not therapist (and their English words); anything else as it was recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../../renderer/i18n';
import { auditValueWords } from '../../../renderer/components/audit-words';

const words = (field: string, value: string | undefined) =>
  auditValueWords(field, value, { t: (key) => i18n.global.t(key), te: (key) => i18n.global.te(key) });

afterEach(() => setLocale('zh-CN'));

describe('values in the audit trail', () => {
  it('are words for the codes of sex, household and role, in Chinese', async () => {
    await setLocale('zh-CN');
    expect([words('sex', 'M'), words('sex', 'F'), words('household', 'urban'), words('household', 'rural'), words('role', 'therapist')]).toEqual([
      '男',
      '女',
      '城镇',
      '农村',
      '康复治疗师',
    ]);
    expect([words('archived', 'true'), words('archived', 'false'), words('notes', ''), words('notes', undefined)]).toEqual(['是', '否', '—', '—']);
  });

  it('are the English words when the screen speaks English', async () => {
    await setLocale('en');
    expect([words('sex', 'F'), words('household', 'rural'), words('role', 'accountant')]).toEqual(['Female', 'Rural', 'Accountant']);
  });

  it('stay as recorded for other fields and for codes the list does not know', async () => {
    await setLocale('zh-CN');
    // A name that happens to be a code elsewhere is not translated; nor is an unknown role.
    expect([words('name', 'M'), words('guardianName', 'urban'), words('role', 'auditor'), words('idNumber', '320106202006010212')]).toEqual([
      'M',
      'urban',
      'auditor',
      '320106202006010212',
    ]);
  });
});
