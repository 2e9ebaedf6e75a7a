// Builds roster files (xlsx or CSV) with a known mix of good and bad rows, for the import tests.
import ExcelJS from 'exceljs';
import { makeId, withWrongCheck } from '../../support/ids';

export const ROSTER_HEADERS = ['序号', '姓名', '身份证号', '户籍', '联系电话'];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚'];

/** Row kinds by index: every 20 rows hold 15 new people, 1 registered person and 4 bad rows. */
export type RowKind = 'new' | 'existing' | 'bad_check' | 'duplicate' | 'no_household' | 'id_as_number';

export function rowKind(i: number): RowKind {
  switch (i % 20) {
    case 0:
      return 'bad_check';
    case 4:
      return 'existing';
    case 5:
      return 'duplicate';
    case 10:
      return 'no_household';
    case 15:
      return 'id_as_number';
    default:
      return 'new';
  }
}

export function rosterPerson(i: number): { name: string; idNumber: string } {
  const birth = `${1960 + (i % 40)}-${String(1 + (Math.floor(i / 40) % 12)).padStart(2, '0')}-${String(1 + (Math.floor(i / 480) % 28)).padStart(2, '0')}`;
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! + (i >= 400 ? String(Math.floor(i / 400)) : '');
  return { name, idNumber: makeId(birth, 1 + 2 * (Math.floor(i / 13440) % 400), '330106') };
}

export function rosterRows(count: number): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = rowKind(i);
    // A duplicate repeats the line above (same person), as happens when lists are merged.
    const { name, idNumber } = rosterPerson(kind === 'duplicate' ? i - 1 : i);
    const id =
      kind === 'bad_check' ? withWrongCheck(idNumber) : kind === 'id_as_number' ? Number(idNumber.slice(0, 17)) * 10 : idNumber;
    rows.push([i + 1, name, id, kind === 'no_household' ? '' : i % 2 ? '农村' : '城镇', `139${String(i).padStart(8, '0')}`]);
  }
  return rows;
}

/** What the import must find in a file of `count` rows. */
export function expectedCounts(count: number) {
  const kinds = Array.from({ length: count }, (_, i) => rowKind(i));
  const n = (k: RowKind) => kinds.filter((x) => x === k).length;
  return { total: count, newPeople: n('new'), existingPeople: n('existing'), invalid: count - n('new') - n('existing') };
}

export async function rosterXlsx(count: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('学员名单');
  sheet.addRow(ROSTER_HEADERS);
  for (const row of rosterRows(count)) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function rosterCsv(rows: (string | number)[][], headers = ROSTER_HEADERS): string {
  return [headers, ...rows].map((r) => r.map((c) => String(c)).join(',')).join('\r\n');
}
