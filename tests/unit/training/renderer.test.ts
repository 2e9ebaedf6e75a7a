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
    expect(await training.saveAttendance()).toEqual({ value: null, error: { code: 'TRAINING_ATTENDANCE_INCOMPLETE', params: { n: 1 } } });
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
    expect((await training.saveClass()).error?.code).toBe('VALIDATION');
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

  it('answers a saved class with the class itself, and a refused one with the error the form shows', async () => {
    const saved = { id: 9, version: 1, courseType: 'massage_health', title: '盲人按摩', startDate: '2026-11-01', endDate: '2026-11-30', totalHours: 80, teacher: '', location: '', capacity: 20, cycle: null, provider: '', industry: null, freeToTrainee: true, minHours: 0 };
    let answer: unknown = { ok: true, value: saved };
    useBridge({ invoke: async () => answer as never });
    const training = useTrainingStore();
    training.startNewClass();
    Object.assign(training.classDraft, { title: '盲人按摩', startDate: '2026-11-01', endDate: '2026-11-30', totalHours: '80', capacity: '20' });
    expect(await training.saveClass()).toEqual({ value: saved, error: null });
    expect(training.classError).toBeNull();
    answer = { ok: false, error: { code: 'VERSION_CONFLICT' } };
    expect(await training.saveClass()).toEqual({ value: null, error: { code: 'VERSION_CONFLICT' } });
    expect(training.classError).toEqual({ code: 'VERSION_CONFLICT' });
  });

  it('ends an import whose file could not be read with the reason, and one that was read with its preview', async () => {
    const failedRead = { jobId: 'j1', state: 'failed', error: { code: 'IMPORT_NO_HEADER' } };
    const ready = { jobId: 'j2', state: 'ready', error: null, valid: 2 };
    let started: unknown = failedRead;
    const calls: string[] = [];
    useBridge({ invoke: async (name) => (calls.push(name), { ok: true, value: (name === 'training.import.start' ? started : ready) as never }) });
    const training = useTrainingStore();
    const file = new File(['姓名'], 'roster.csv');
    expect(await training.startImport(file, null)).toEqual({ value: null, error: { code: 'IMPORT_NO_HEADER' } });
    started = ready;
    expect(await training.startImport(file, null)).toEqual({ value: ready, error: null });
    expect(calls).toEqual(['training.import.start', 'training.import.start', 'training.import.preview']);
    expect(training.importStatus).toEqual(ready);
  });

  it('counts an import as done once the service commits it, even if the page of rows then fails to reload', async () => {
    const done = { jobId: 'j', state: 'done', error: null, valid: 2 };
    useBridge({
      invoke: async (name) => (name === 'training.import.commit' ? { ok: true, value: done as never } : name === 'training.import.preview' ? { ok: false, error: { code: 'INTERNAL' } } : { ok: true, value: { jobId: 'j', state: 'ready', error: null, valid: 2 } as never }),
    });
    const training = useTrainingStore();
    await training.startImport(new File(['x'], 'roster.csv'), null);
    const committed = await training.commitImport();
    expect(committed.error).toBeNull();
    expect(committed.value?.state).toBe('done');
  });
});

describe('the employment forms of the training store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('sends the quota share in ten-thousandths, the multiple as typed and the wage in fen, refusing what it cannot read', async () => {
    const inputs: unknown[] = [];
    useBridge({ invoke: async (_name, input) => (inputs.push(input), { ok: false, error: { code: 'INTERNAL' } }) });
    const training = useTrainingStore();
    await training.setEmploymentSetting('quotaSharePermyriad', '1.5', '2026-01-01');
    await training.setEmploymentSetting('rewardMultiple', '5', '2026-01-01');
    await training.setEmploymentSetting('minimumWageFen', '1980', '2026-01-01');
    expect(inputs).toEqual([
      { key: 'quotaSharePermyriad', value: 150, effectiveFrom: '2026-01-01' },
      { key: 'rewardMultiple', value: 5, effectiveFrom: '2026-01-01' },
      { key: 'minimumWageFen', value: 198_000, effectiveFrom: '2026-01-01' },
    ]);
    expect((await training.setEmploymentSetting('rewardMultiple', '五倍', '2026-01-01')).error).toEqual({ code: 'TRAINING_SETTING_VALUE', field: 'value' });
    expect(inputs).toHaveLength(3);
  });

  it('reads the yearly figures as whole numbers, 12 months when left empty, and names a field it cannot read', async () => {
    const inputs: unknown[] = [];
    useBridge({ invoke: async (_name, input) => (inputs.push(input), { ok: true, value: [] }) });
    const training = useTrainingStore();
    const draft = { employerId: 3, year: '2026', staffCount: '150', disabledEmployees: '4', severeEmployees: '', months: '', assessedOn: '2026-11-10' };
    await training.saveEmployerYear(draft);
    expect(inputs).toEqual([{ employerId: 3, year: 2026, staffCount: 150, disabledEmployees: 4, severeEmployees: 0, months: 12, assessedOn: '2026-11-10' }]);
    expect((await training.saveEmployerYear({ ...draft, staffCount: '一百五' })).error).toEqual({ code: 'TRAINING_WHOLE_NUMBER', field: 'staffCount' });
    expect(inputs).toHaveLength(1);
  });
});
