// Spreadsheets built like the ones offices send (title row, merged and two-row headers, 序号 and
// blank columns, 合计 and 填表人 footers, hidden sheets), made with exceljs in the test run.
import ExcelJS from 'exceljs';
import { makeId } from '../../support/ids';

export const TITLE = '2026年第一期盲人保健按摩培训班学员花名册';
export const ISSUE_HEADERS = ['序号', '姓名', '性别', '身份证号', '残疾人证号', '户籍', '联系电话'];

export const trainees = [
  { name: '陈建国', idNumber: makeId('1985-03-14', 21, '330106'), sex: '男', household: '农村', phone: '13900000001' },
  { name: '林秀英', idNumber: makeId('1990-07-02', 42, '330106'), sex: '女', household: '城镇', phone: '13900000002' },
];

/** "３３０１０６…" with a space in it, as typed with a Chinese IME in full-width mode. */
export function fullWidth(text: string): string {
  return text.replace(/[0-9X]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

async function bytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addIssueSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([TITLE]);
  sheet.mergeCells('A1:G1');
  sheet.addRow(ISSUE_HEADERS);
  const [a, b] = trainees;
  // 序号 as formulas (=ROW()-2) whose cached results are what the user sees.
  // Certificate numbers left blank: a new record with one needs its expiry, which this form lacks.
  sheet.addRow([{ formula: 'ROW()-2', result: 1 }, a!.name, a!.sex, a!.idNumber, '', a!.household, a!.phone]);
  // The second ID typed in full-width digits with a space.
  const typed = `${fullWidth(b!.idNumber.slice(0, 6))} ${fullWidth(b!.idNumber.slice(6))}`;
  sheet.addRow([{ formula: 'ROW()-2', result: 2 }, b!.name, b!.sex, typed, '', b!.household, b!.phone]);
  sheet.addRow(['合计', '', '', '', '', '', '2人']);
  sheet.addRow(['填表人：王芳　　填表日期：2026年11月20日']);
  sheet.mergeCells('A6:G6');
  return sheet;
}

/** The issue's example: a merged title, headers on row 2, two trainees, a 合计 row and a 填表人 row. */
export async function issueRoster(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  addIssueSheet(workbook, '花名册');
  return bytes(workbook);
}

/** A group header over sub-headers (联系方式 → 电话/住址; 监护人 → 姓名/电话), first columns merged down. */
export async function twoRowHeaderRoster(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(['残疾儿童家长培训名单']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(['序号', '姓名', '身份证号', '户籍', '联系方式', '', '监护人', '']);
  sheet.addRow(['', '', '', '', '电话', '住址', '姓名', '电话']);
  for (const col of ['A', 'B', 'C', 'D']) sheet.mergeCells(`${col}2:${col}3`);
  sheet.mergeCells('E2:F2');
  sheet.mergeCells('G2:H2');
  trainees.forEach((p, i) => sheet.addRow([i + 1, p.name, p.idNumber, p.household, p.phone, '某县某村', `${p.name[0]}父`, '13700000000']));
  sheet.addRow(['小计', '', '', '', '', '', '', '']);
  return bytes(workbook);
}

/** A notes sheet first, a hidden sheet holding an old list, then the list itself. */
export async function hiddenSheetRoster(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('填表说明').addRow(['请按模板填写，身份证号请设为文本格式。']);
  const hidden = workbook.addWorksheet('旧名单');
  hidden.state = 'hidden';
  hidden.addRow(['姓名', '身份证号', '户籍']);
  hidden.addRow(['旧学员', makeId('1970-01-01', 11, '330106'), '农村']);
  addIssueSheet(workbook, '本期名单');
  return bytes(workbook);
}

/** A 序号 column, blank columns between, a unit line above the header, and a blank row among trainees. */
export async function blankColumnsRoster(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.getRow(1).values = ['填报单位：某县残疾人联合会', '', '', '', '', '日期：2026.11.20'];
  sheet.getRow(3).values = ['', '序号', '学员', '', '证件号码', '户口性质', '有效期至'];
  const [a, b] = trainees;
  sheet.getRow(4).values = ['', 1, a!.name, '', a!.idNumber, a!.household, '2030年3月14日'];
  sheet.getRow(6).values = ['', 2, b!.name, '', b!.idNumber, b!.household, '2030/3/14'];
  sheet.getRow(7).values = ['', '审核人：李明'];
  return bytes(workbook);
}
