// Writes many valid people straight into a data file, for list and search tests at realistic sizes.
import { openDatabase } from '../../db/open';
import { makeCert, makeId } from './ids';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '小红', '子涵', '浩然', '雨桐'];

/** Deterministic: person i always gets the same name, ID and certificate. */
export function seedPeople(file: string, count: number): void {
  const db = openDatabase(file);
  const insert = db.prepare(
    `INSERT INTO person (name, id_number, birth_date, sex, cert_number, disability_category, disability_level, cert_expiry,
       household, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const year = 1940 + (i % 80);
      const month = 1 + (Math.floor(i / 80) % 12);
      const day = 1 + (Math.floor(i / 960) % 28);
      const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const sequence = 1 + (Math.floor(i / 26880) % 999);
      const id = makeId(birth, sequence, String(320102 + (i % 7)));
      const category = 1 + (i % 7);
      const level = 1 + (Math.floor(i / 7) % 4);
      const name = SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
      const expiry = `${2026 + (i % 6)}-${String(1 + (i % 12)).padStart(2, '0')}-15`;
      insert.run(name, id, birth, Number(id[16]) % 2 ? 'M' : 'F', makeCert(id, category, level), category, level, expiry,
        i % 3 ? 'rural' : 'urban', '2026-01-01T08:00:00+08:00', '2026-01-01T08:00:00+08:00');
    }
  })();
  db.close();
}
