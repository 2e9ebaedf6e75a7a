// The claim workbook, read back by a different library (SheetJS) and converted by LibreOffice.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { testService, tempDir, type TestService } from '../../support/service';
import { childWithSessions, rehabRule, therapist, weekdays } from './fixtures';
import type { ExportResult } from '../../../db/claims/contract';
import type { JobView } from '../../../db/jobs';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

const LABELS: Record<string, string> = {
  title: '2026年10月 残疾儿童康复救助 补贴申报表',
  centre: '申报单位：南京市玄武区康复中心',
  programme: '项目：残疾儿童康复救助',
  period: '申报期间：2026-10-01 至 2026-10-31',
  number: '批次号：KF202610-01',
  unitNote: '金额单位：元',
  'col.seq': '序号',
  'col.name': '姓名',
  'col.sex': '性别',
  'col.idNumber': '身份证号',
  'col.certNumber': '残疾人证号',
  'col.disability': '残疾类别/等级',
  'col.content': '服务内容',
  'col.period': '服务期间',
  'col.quantity': '数量',
  'col.standard': '标准',
  'col.amount': '金额',
  'col.remark': '备注',
  'sex.M': '男',
  'sex.F': '女',
  'content.autism': '孤独症儿童康复训练',
  total: '合计',
  people: '共 {n} 条',
  totalCapital: '合计金额（大写）：',
  'sign.preparer': '经办人：',
  'sign.reviewer': '审核人：',
  'sign.head': '单位负责人：',
  'sign.seal': '（单位盖章）',
  'sign.date': '日期：　　年　　月　　日',
  'remark.adjustment': '调整 {number} 第{seq}行：{reason}',
};

async function settle(job: JobView): Promise<JobView<ExportResult>> {
  await expect.poll(() => (t.ok('jobs.get', { id: job.id }) as JobView).state, { timeout: 20_000 }).not.toBe('running');
  return t.ok('jobs.get', { id: job.id }) as JobView<ExportResult>;
}

function octoberBatch() {
  rehabRule(t);
  const therapistId = therapist(t);
  // An ID ending in X checks that text cells keep it, as they keep leading digits.
  const a = childWithSessions(t, therapistId, '张小明', '2021-05-06', weekdays('2026-10'));
  const b = childWithSessions(t, therapistId, '李小红', '2022-01-02', weekdays('2026-10').slice(0, 10));
  const batch = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
  return { batch: t.ok('claims.batches.submit', { id: batch.id, version: batch.version }), people: [a, b] };
}

describe('the claim workbook', () => {
  it('is written as a job beside the data file, with ID numbers as text, the header, a totals row and signature lines', async () => {
    const { batch } = octoberBatch();
    const job = t.ok('claims.batches.export', { batchId: batch.id, labels: LABELS });
    expect(job.state).toBe('running');
    const done = await settle(job);
    expect(done).toMatchObject({ state: 'done', result: { fileName: 'KF202610-01.xlsx', rows: 2 } });
    const file = done.result!.path;
    expect(path.dirname(file)).toBe(path.join(path.dirname(t.file), 'exports'));
    // No temporary file is left behind.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['KF202610-01.xlsx']);

    const workbook = XLSX.read(fs.readFileSync(file), { type: 'buffer' });
    const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: '' });
    expect(rows[0]![0]).toBe(LABELS.title);
    expect(rows[1]).toContain(LABELS.centre);
    expect(rows[1]).toContain(LABELS.period);
    expect(rows[4]).toEqual(['序号', '姓名', '性别', '身份证号', '残疾人证号', '残疾类别/等级', '服务内容', '服务期间', '数量', '标准', '金额', '备注']);
    const lines = batch.lines;
    for (const [i, line] of lines.entries()) {
      const row = rows[5 + i]!;
      expect(row.slice(0, 4)).toEqual([i + 1, line.name, line.sex === 'M' ? '男' : '女', line.idNumber]);
      // The ID cell is a text cell holding all 18 characters.
      const cell = sheet[XLSX.utils.encode_cell({ r: 5 + i, c: 3 })]!;
      expect(cell.t).toBe('s');
      expect(String(cell.v)).toHaveLength(18);
      expect(row.slice(6, 11)).toEqual(['孤独症儿童康复训练', '2026-10-01—2026-10-31', line.quantity, line.standardFen / 100, line.amountFen / 100]);
    }
    const totals = rows[5 + lines.length]!;
    expect(totals[0]).toBe('合计');
    expect(totals[10]).toBe(3250);
    expect(sheet[XLSX.utils.encode_cell({ r: 5 + lines.length, c: 10 })]!.f).toBe('SUM(K6:K7)');
    expect(rows[6 + lines.length]![0]).toBe('合计金额（大写）：叁仟贰佰伍拾元整');
    expect(rows.flat()).toContain('经办人：');
    expect(rows.flat()).toContain('单位负责人：');
  });

  it('opens in LibreOffice: converted to CSV it shows every digit of the IDs and the total', async () => {
    const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => fs.existsSync(p));
    // CI installs libreoffice-calc-nogui; a machine without it fails here rather than skipping.
    expect(soffice, 'LibreOffice (soffice) must be installed: apt-get install -y libreoffice-calc-nogui').toBeDefined();
    const { batch } = octoberBatch();
    const done = await settle(t.ok('claims.batches.export', { batchId: batch.id, labels: LABELS }));
    const out = tempDir();
    try {
      execFileSync(
        soffice!,
        [
          `-env:UserInstallation=file://${out.dir}/profile`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1',
          '--outdir',
          out.dir,
          done.result!.path,
        ],
        { timeout: 120_000, stdio: 'pipe' },
      );
      const csv = fs.readFileSync(path.join(out.dir, 'KF202610-01.csv'), 'utf8');
      for (const line of batch.lines) expect(csv).toContain(line.idNumber);
      expect(csv).toContain('合计');
      expect(csv).toMatch(/3,?250\.00/);
      expect(csv).toContain('叁仟贰佰伍拾元整');
    } finally {
      out.cleanup();
    }
  }, 150_000);

  it("writes an adjustment with no quantity and a remark naming the batch and line it adjusts", async () => {
    const { batch } = octoberBatch();
    const approved = t.ok('claims.batches.approve', { id: batch.id, version: batch.version, decidedOn: '2026-11-10' });
    const original = approved.lines[0]!;
    const november = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-11' });
    const adjusted = t.ok('claims.adjustments.add', { batchId: november.id, lineId: original.id, amountFen: -12_500, reason: '10月15日实际缺勤' });
    const done = await settle(t.ok('claims.batches.export', { batchId: adjusted.id, labels: LABELS }));
    const workbook = XLSX.read(fs.readFileSync(done.result!.path), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[workbook.SheetNames[0]!]!, { header: 1, defval: '' });
    const row = rows[5 + adjusted.lines.findIndex((l) => l.kind === 'adjustment')]!;
    expect(row.slice(1, 4)).toEqual([original.name, original.sex === 'M' ? '男' : '女', original.idNumber]);
    expect(row[8]).toBe('');
    expect(row[10]).toBe(-125);
    expect(row[11]).toBe(`调整 ${approved.number} 第${original.seq}行：10月15日实际缺勤`);
  });

  it('leaves no file when the export is cancelled', async () => {
    const { batch } = octoberBatch();
    const job = t.ok('claims.batches.export', { batchId: batch.id, labels: LABELS });
    t.ok('jobs.cancel', { id: job.id });
    expect((await settle(job)).state).toBe('cancelled');
    const dir = path.join(path.dirname(t.file), 'exports');
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });

  it('writes a name or remark that a spreadsheet would run as a formula as text', async () => {
    rehabRule(t);
    const therapistId = therapist(t);
    childWithSessions(t, therapistId, '=HYPERLINK("http://x","点我")', '2021-05-06', weekdays('2026-10'));
    childWithSessions(t, therapistId, "=cmd|' /C calc'!A0", '2022-01-02', weekdays('2026-10').slice(0, 10));
    const created = t.ok('claims.batches.create', { programme: 'rehab', period: '2026-10' });
    const batch = t.ok('claims.batches.submit', { id: created.id, version: created.version });
    const done = await settle(t.ok('claims.batches.export', { batchId: batch.id, labels: { ...LABELS, title: '=1+1' } }));
    const sheet = XLSX.read(fs.readFileSync(done.result!.path), { type: 'buffer' }).Sheets['KF202610-01']!;
    const cells = Object.entries(sheet).filter(([ref]) => !ref.startsWith('!')).map(([, cell]) => cell as XLSX.CellObject);
    const texts = cells.map((c) => c.v);
    expect(texts).toEqual(expect.arrayContaining([`'=HYPERLINK("http://x","点我")`, "'=cmd|' /C calc'!A0", "'=1+1"]));
    // The only formula is the app's own total.
    expect(cells.filter((c) => c.f !== undefined).map((c) => c.f)).toEqual(['SUM(K6:K7)']);
  });

  it('refuses a batch that does not exist at once', () => {
    expect(t.err('claims.batches.export', { batchId: 999, labels: LABELS })).toMatchObject({ code: 'CLAIMS_BATCH_NOT_FOUND' });
  });
});
