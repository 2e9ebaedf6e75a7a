// The bench's 100,000-line claim batch, shared by the export worker and the operations timed
// while long work runs: the last complete month's rehab draft, its lines copied (each a distinct
// service) until there are enough, and the zh-CN words the renderer would pass to the export.
import type { Db } from '../../db/open';

/** The workbook's words (the renderer passes its i18n texts; these are the zh-CN ones). */
export const EXPORT_LABELS: Record<string, string> = {
  title: '残疾儿童康复救助补贴申报表',
  centre: '申报单位：{centre}',
  programme: '项目：残疾儿童康复',
  period: '服务期间：{period}',
  number: '批次：{number}',
  unitNote: '金额单位：元',
  'col.seq': '序号', 'col.name': '姓名', 'col.sex': '性别', 'col.idNumber': '身份证号', 'col.certNumber': '残疾人证号',
  'col.disability': '残疾类别/等级', 'col.content': '服务内容', 'col.period': '服务期间', 'col.quantity': '数量',
  'col.standard': '标准', 'col.amount': '金额', 'col.remark': '备注',
  'sex.M': '男', 'sex.F': '女', total: '合计', people: '{n} 人', totalCapital: '合计金额（大写）：',
  'sign.preparer': '经办人：', 'sign.reviewer': '审核人：', 'sign.head': '负责人：', 'sign.seal': '（盖章）', 'sign.date': '日期：',
};

/** The month before `today`'s (YYYY-MM): the seed leaves it unclaimed. */
export function openMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - 1;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Copies a batch's lines (each copy a distinct service) until it has `count` lines. */
export function growBatch(db: Db, batchId: number, lines: number, count: number): void {
  const columns = (db.prepare("SELECT name FROM pragma_table_info('claim_line') WHERE name NOT IN ('id', 'seq', 'service_key')").all() as { name: string }[]).map((c) => c.name);
  db.prepare(
    `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?)
     INSERT INTO claim_line (seq, service_key, ${columns.join(', ')})
     SELECT l.seq + k.n * ?, l.service_key || '#' || k.n, ${columns.map((c) => `l.${c}`).join(', ')}
     FROM claim_line l, k WHERE l.batch_id = ? ORDER BY k.n, l.seq LIMIT ?`,
  ).run(Math.ceil(count / Math.max(1, lines)), lines + 1, batchId, Math.max(0, count - lines));
}
