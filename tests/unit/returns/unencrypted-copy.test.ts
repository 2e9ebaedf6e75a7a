// Return packages, consolidated packages and statistics workbooks are plain files whatever the
// data file is: their job results say so when the data file is encrypted (the screens word it).
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { makeId } from '../../support/ids';
import { creditCode, exportPackage, freshUnit, importPackages } from './fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('exports of returns', () => {
  it('flag an unencrypted copy only when the data file is encrypted', async () => {
    const plain = freshUnit(tmp.dir, 'plain', { name: '鼓楼区康复中心', creditCode: creditCode(31) });
    const sealed = freshUnit(tmp.dir, 'sealed', { name: '加密的区残联', type: 'county_federation', creditCode: creditCode(905) }, { passphrase: '区残联数据文件口令-2026' });
    try {
      plain.ok('people.create', { name: '孙丽', idNumber: makeId('2021-03-04', 45), household: 'urban', guardianName: '孙父' });
      const pkg = await exportPackage(plain, '2026');
      expect(pkg.unencryptedCopy).toBe(false);
      await importPackages(sealed, [pkg.file]);
      const stats = await sealed.settle(sealed.ok('returns.stats.export', { period: '2026', labels: {} }));
      expect(stats).toMatchObject({ state: 'done', result: { unencryptedCopy: true } });
      const upward = await sealed.settle(sealed.ok('returns.consolidated.export', { period: '2026', deidentified: false }));
      expect(upward).toMatchObject({ state: 'done', result: { unencryptedCopy: true } });
    } finally {
      plain.close();
      sealed.close();
    }
  }, 120_000);
});
