// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createPinia, setActivePinia } from 'pinia';
import { useBridge } from '../../../renderer/api';
import { useTrainingStore } from '../../../renderer/stores/training';
import { invalidRowsCsv } from '../../../renderer/components/training/invalid-rows';

describe('the file of rows that could not be imported', () => {
  it('keeps the original columns and adds the row number and the reasons, quoted where needed', () => {
    const csv = invalidRowsCsv(
      {
        headers: ['姓名', '身份证号'],
        rows: [{ rowNumber: 7, cells: ['张三', '11010519491231002'], issues: [{ code: 'A' }, { code: 'B' }] }],
      },
      '原行号',
      '问题原因',
      (issue) => (issue.code === 'A' ? '身份证号：格式不对, 请核对' : '户籍：必填'),
    );
    expect(csv).toBe('\uFEFF"姓名","身份证号","原行号","问题原因"\r\n"张三","11010519491231002","7","身份证号：格式不对, 请核对；户籍：必填"\r\n');
  });

  it('writes cells that a spreadsheet would run as formulas as text', () => {
    const csv = invalidRowsCsv(
      { headers: ['姓名', '备注'], rows: [{ rowNumber: 3, cells: ['=HYPERLINK("http://x","点我")', "=cmd|' /C calc'!A0"], issues: [{ code: 'A' }] }] },
      '原行号',
      '问题原因',
      () => '姓名：格式不对',
    );
    const row = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data[1];
    expect(row).toEqual([`'=HYPERLINK("http://x","点我")`, "'=cmd|' /C calc'!A0", '3', '姓名：格式不对']);
  });
});

describe('the training store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('refuses to save a class day with a trainee unmarked, without calling the service', async () => {
    const calls: string[] = [];
    useBridge({
      invoke: async (name) => {
        calls.push(name);
        return { ok: true, value: { classId: 1, date: '2026-11-20', taken: false, marks: [{ enrolmentId: 1, status: null }, { enrolmentId: 2, status: null }] } };
      },
    });
    const training = useTrainingStore();
    await training.openAttendance(1, '2026-11-20');
    training.marks[1] = 'present';
    expect(await training.saveAttendance()).toEqual({ code: 'TRAINING_ATTENDANCE_INCOMPLETE', params: { n: 1 } });
    training.markAll('present');
    expect(training.marks).toEqual({ 1: 'present', 2: 'present' });
    expect(calls).toEqual(['training.attendance.get']);
  });

  it('checks the class form before calling, reporting every field at once and keeping the input', async () => {
    const calls: string[] = [];
    useBridge({ invoke: async (name) => (calls.push(name), { ok: false, error: { code: 'INTERNAL' } }) });
    const training = useTrainingStore();
    training.startNewClass();
    Object.assign(training.classDraft, { title: '', startDate: '2026-13-01', endDate: '2026-12-01', totalHours: '八十', capacity: '' });
    expect(await training.saveClass()).toBeNull();
    const fields = (training.classError?.details ?? []).map((d) => [d.field, d.code]);
    expect(fields).toEqual([
      ['title', 'REQUIRED'],
      ['startDate', 'INVALID_DATE'],
      ['totalHours', 'TRAINING_WHOLE_NUMBER'],
      ['capacity', 'REQUIRED'],
    ]);
    expect(training.classDraft.totalHours).toBe('八十');
    expect(calls).toEqual([]);
  });

  it('sends the wage as fen and refuses a wage it cannot read', async () => {
    const inputs: unknown[] = [];
    useBridge({ invoke: async (_name, input) => (inputs.push(input), { ok: false, error: { code: 'INTERNAL' } }) });
    const training = useTrainingStore();
    training.startNewPlacement('2026-11-22');
    training.placementDraft.person = { id: 3 } as never;
    training.placementDraft.wage = '3,200.5';
    await training.savePlacement();
    expect(inputs[0]).toMatchObject({ personId: 3, monthlyWageFen: 320050 });
    training.placementDraft.wage = '3200元';
    await training.savePlacement();
    expect(training.placementError).toEqual({ code: 'AMOUNT_INVALID', field: 'monthlyWageFen' });
    expect(inputs).toHaveLength(1);
  });
});
