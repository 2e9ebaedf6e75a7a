// Importing a department's list, comparing it with the register, applying chosen changes, and the
// left-out checks, households and plan items, through the real service on a temp file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import type { ListImportStatus } from '../../../db/compare/contract';
import { child, enrol, therapist } from '../rehab/fixtures';

let t: TestService;
beforeEach(() => {
  t = testService(); // today 2026-11-22
});
afterEach(() => t.close());

const ZHANG = makeId('1970-05-01', 11); // 低保 in the register and on the list
const LI = makeId('1968-03-03', 13); // 低保 in the register, 特困 on the list
const WANG = makeId('1985-07-07', 15); // in the register with nothing, 低保 on the list
const ZHAO = makeId('1955-09-09', 17); // 特困 in the register, not on the list
const UNKNOWN = makeId('1990-01-01', 19); // on the list only

function person(name: string, idNumber: string, supportStatuses: ('dibao' | 'tekun' | 'living_allowance' | 'care_allowance')[] = [], level = 3) {
  return t.ok('people.create', {
    name,
    idNumber,
    certNumber: makeCert(idNumber, 4, level),
    certExpiry: '2030-01-01',
    household: 'rural',
    supportStatuses,
  }).id;
}

const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');

function importList(lines: string[], more: Partial<{ listDate: string; statuses: ('dibao' | 'tekun')[] }> = {}): ListImportStatus {
  const started = t.ok('compare.import.start', {
    source: 'civil_affairs',
    sourceName: '某县民政局',
    listDate: more.listDate ?? '2026-11-01',
    statuses: more.statuses ?? ['dibao', 'tekun'],
    fileName: '低保特困名单.csv',
    contentBase64: csv(lines),
  });
  return t.ok('compare.import.preview', { jobId: started.jobId });
}

const CIVIL_LIST = [
  '某县2026年11月低保、特困人员名单',
  '序号,姓名,公民身份号码,保障类别',
  `1,张三,${ZHANG.toLowerCase()},低保`,
  `2,李四,${makeCert(LI, 4, 3)}B1,特困`,
  `3,王五,${WANG},农村低保`,
  `4,孙六,${UNKNOWN},特困供养`,
  '合计,4人,,',
];

describe('importing a department list', () => {
  it('previews every row with the register match, lower-case x and reissued certificate numbers read as IDs', () => {
    person('张三', ZHANG, ['dibao']);
    person('李四', LI, ['dibao']);
    person('王五', WANG);
    const preview = importList(CIVIL_LIST);
    expect(preview).toMatchObject({ state: 'ready', total: 4, valid: 4, invalid: 0, matched: 3, unknown: 1, missingColumns: [] });
    expect(preview.rows.map((r) => [r.rowNumber, r.idNumber, r.statuses, r.status])).toEqual([
      [3, ZHANG, ['dibao'], 'matched'],
      [4, LI, ['tekun'], 'matched'],
      [5, WANG, ['dibao'], 'matched'],
      [6, UNKNOWN, ['tekun'], 'unknown'],
    ]);
    expect(preview.skipped.map((s) => s.reason)).toEqual(['title', 'footer']);
  });

  it('refuses to save a list with a refused row, saying which and why, and saves nothing', () => {
    const preview = importList(['姓名,身份证号,类别', `张三,${ZHANG},低保`, '李四,12345,低保', `王五,${WANG},残疾`]);
    expect(preview.invalid).toBe(2);
    expect(preview.rows.filter((r) => r.status === 'invalid').map((r) => [r.rowNumber, r.issues.map((i) => i.code)])).toEqual([
      [3, ['PERSON_ID_FORMAT']],
      [4, ['COMPARE_STATUS_UNKNOWN']],
    ]);
    expect(t.err('compare.import.commit', { jobId: preview.jobId, expectedValid: 1 }).code).toBe('COMPARE_LIST_HAS_INVALID');
    expect(t.ok('compare.lists.list', {})).toEqual([]);
  });

  it('maps columns by hand when the headers are not known, and remembers the mapping for the same headers', () => {
    const lines = ['编号,户名,证件', `1,张三,${ZHANG}`];
    const first = importList(lines, { statuses: ['dibao'] });
    expect(first.missingColumns).toEqual(['idNumber', 'name']);
    const mapped = t.ok('compare.import.adjust', { jobId: first.jobId, sheet: 0, columns: [null, 'name', 'idNumber'] });
    expect(t.ok('compare.import.preview', { jobId: mapped.jobId })).toMatchObject({ missingColumns: [], valid: 1 });
    const again = importList(lines, { statuses: ['dibao'] });
    expect(again).toMatchObject({ remembered: true, missingColumns: [], valid: 1 });
  });

  it('refuses a list dated after today', () => {
    expect(t.err('compare.import.start', { source: 'civil_affairs', listDate: '2026-11-23', statuses: ['dibao'], fileName: 'a.csv', contentBase64: csv(['a']) }).code).toBe(
      'COMPARE_LIST_DATE_FUTURE',
    );
  });
});

describe('comparing a saved list with the register and applying chosen changes', () => {
  function saved(lines = CIVIL_LIST, more: Parameters<typeof importList>[1] = {}) {
    const preview = importList(lines, more);
    return t.ok('compare.import.commit', { jobId: preview.jobId, expectedValid: preview.valid }).listId!;
  }

  it('shows both-same, both-different, only theirs and only in the register; nothing changes until confirmed', () => {
    const zhang = person('张三', ZHANG, ['dibao']);
    const li = person('李四', LI, ['dibao']);
    const wang = person('王五', WANG);
    const zhao = person('赵七', ZHAO, ['tekun']);
    const listId = saved();
    const comparison = t.ok('compare.lists.get', { id: listId });
    expect(comparison.counts).toEqual({ same: 1, different: 2, onlyTheirs: 1, onlyRegister: 1, departed: 0 });
    expect(comparison.rows.map((r) => [r.kind, r.personId, r.changes])).toEqual([
      ['same', zhang, []],
      ['different', li, [{ status: 'tekun', held: true }, { status: 'dibao', held: false }]],
      ['different', wang, [{ status: 'dibao', held: true }]],
      ['onlyTheirs', null, []],
      ['onlyRegister', zhao, [{ status: 'tekun', held: false }]],
    ]);
    expect(comparison.previous).toBeNull();
    expect(t.ok('people.get', { id: wang }).supportStatuses).toEqual([]);
  });

  it('applies two chosen changes in one audited step, on the record and as facts naming the list', () => {
    person('张三', ZHANG, ['dibao']);
    const li = person('李四', LI, ['dibao']);
    const wang = person('王五', WANG);
    const listId = saved();
    const result = t.ok('compare.apply', {
      listId,
      changes: [
        { personId: wang, status: 'dibao', held: true },
        { personId: li, status: 'tekun', held: true },
      ],
    });
    expect(result).toEqual({ applied: 2, people: 2 });
    const wangRecord = t.ok('people.get', { id: wang });
    expect(wangRecord.supportStatuses).toEqual(['dibao']);
    expect(wangRecord.history[0]!.changes).toEqual([expect.objectContaining({ field: 'supportStatuses', before: [], after: ['dibao'], listId })]);
    // 李四 keeps 低保: only the chosen change was applied.
    expect(t.ok('people.get', { id: li }).supportStatuses).toEqual(['dibao', 'tekun']);
    const facts = t.ok('compare.facts.get', { personId: wang }).facts;
    expect(facts).toEqual([expect.objectContaining({ status: 'dibao', held: true, effectiveFrom: '2026-11-01', listId })]);
    const audit = t.service.db.prepare("SELECT action, detail FROM audit_log WHERE target = 'compare.apply'").all() as { action: string; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual(['update']);
    expect(JSON.parse(audit[0]!.detail).input).toMatchObject({ listId, changes: [{ personId: wang, status: 'dibao', held: true }, { personId: li, status: 'tekun', held: true }] });
    expect(t.ok('compare.lists.list', {})[0]!.applied).toBe(2);
    // The comparison now shows 王五 the same.
    expect(t.ok('compare.lists.get', { id: listId }).rows.find((r) => r.personId === wang)!.kind).toBe('same');
  });

  it('does not apply a change twice, and refuses a status the list does not certify', () => {
    const wang = person('王五', WANG);
    const listId = saved();
    t.ok('compare.apply', { listId, changes: [{ personId: wang, status: 'dibao', held: true }] });
    expect(t.err('compare.apply', { listId, changes: [{ personId: wang, status: 'dibao', held: true }] }).code).toBe('COMPARE_NOTHING_TO_APPLY');
    expect(t.err('compare.apply', { listId, changes: [{ personId: wang, status: 'in_school', held: true }] }).code).toBe('COMPARE_STATUS_NOT_CERTIFIED');
    // The list holds 王五 with 低保, not 特困: it cannot be the reason to add 特困 or remove 低保.
    expect(t.err('compare.apply', { listId, changes: [{ personId: wang, status: 'tekun', held: true }] }).code).toBe('COMPARE_LIST_DOES_NOT_SAY');
    expect(t.err('compare.apply', { listId, changes: [{ personId: wang, status: 'dibao', held: false }] }).code).toBe('COMPARE_LIST_DOES_NOT_SAY');
  });

  it('puts aside people who died before the list, and does not expect them on it', () => {
    const zhang = person('张三', ZHANG, ['dibao']);
    const zhao = person('赵七', ZHAO, ['tekun']);
    t.ok('compare.departure.set', { personId: zhang, departure: { reason: 'died', onDate: '2026-10-15' } });
    t.ok('compare.departure.set', { personId: zhao, departure: { reason: 'moved', onDate: '2026-09-01' } });
    const listId = saved();
    const rows = t.ok('compare.lists.get', { id: listId }).rows;
    expect(rows.find((r) => r.idNumber === ZHANG)).toMatchObject({ kind: 'departed', changes: [], departed: { reason: 'died', on: '2026-10-15' } });
    expect(rows.find((r) => r.idNumber === ZHAO)).toBeUndefined();
  });

  it('shows what changed since the same source’s previous list', () => {
    saved(['姓名,身份证号,类别', `张三,${ZHANG},低保`, `李四,${LI},低保`], { listDate: '2026-10-01' });
    const later = saved(['姓名,身份证号,类别', `李四,${LI},特困`, `王五,${WANG},低保`], { listDate: '2026-11-01' });
    expect(t.ok('compare.lists.get', { id: later }).previous).toMatchObject({
      listDate: '2026-10-01',
      changes: {
        added: [{ idNumber: WANG, statuses: ['dibao'] }],
        removed: [{ idNumber: ZHANG, statuses: ['dibao'] }],
        changed: [{ idNumber: LI, before: ['dibao'], after: ['tekun'] }],
      },
    });
  });

  it('compares statuses kept as dated facts (脱贫监测, 医保参保) the same way', () => {
    const zhang = t.ok('people.create', { name: '张三', idNumber: ZHANG, household: 'rural', supportStatuses: ['monitor_unstable'] }).id;
    const li = person('李四', LI);
    const started = t.ok('compare.import.start', {
      source: 'rural_revitalisation',
      listDate: '2026-11-01',
      statuses: ['monitor', 'medical_insured'],
      fileName: 'monitor.csv',
      contentBase64: csv(['姓名,身份证号,类别', `李四,${LI},脱贫监测、医保参保`]),
    });
    const preview = t.ok('compare.import.preview', { jobId: started.jobId });
    const listId = t.ok('compare.import.commit', { jobId: preview.jobId, expectedValid: 1 }).listId!;
    const rows = t.ok('compare.lists.get', { id: listId }).rows;
    // 张三's record says 脱贫不稳定户 (a monitored household): the list should hold him.
    expect(rows.map((r) => [r.kind, r.personId, r.changes])).toEqual([
      ['different', li, [{ status: 'monitor', held: true }, { status: 'medical_insured', held: true }]],
      ['onlyRegister', zhang, [{ status: 'monitor', held: false }]],
    ]);
    t.ok('compare.apply', {
      listId,
      changes: [
        { personId: li, status: 'medical_insured', held: true },
        { personId: zhang, status: 'monitor', held: false },
      ],
    });
    expect(t.ok('compare.facts.get', { personId: li }).current).toEqual(['medical_insured']);
    // The fact decides from the list's date on; the record's finer kind stays as staff entered it.
    expect(t.ok('compare.facts.get', { personId: zhang }).current).toEqual([]);
    expect(t.ok('people.get', { id: zhang }).supportStatuses).toEqual(['monitor_unstable']);
    expect(t.ok('compare.lists.get', { id: listId }).counts).toMatchObject({ different: 1, onlyRegister: 0 });
  });

  it('masks the ID numbers of the comparison for a role without full-ID rights', () => {
    person('张三', ZHANG, ['dibao']);
    const listId = saved();
    const viewer = t.signInAs('viewer');
    const rows = t.ok('compare.lists.get', { id: listId }, viewer).rows;
    expect(rows[0]!.idNumber).toMatch(/^\d{4}\*+\w{4}$/);
    expect(t.err('compare.apply', { listId, changes: [{ personId: 1, status: 'dibao', held: true }] }, viewer).code).toBe('AUTH_FORBIDDEN');
  });
});

describe('left-out checks', () => {
  const check = (name: string) => t.ok('compare.leftOut', {}).rows.filter((r) => r.check === name).map((r) => r.name);

  it('finds level 1–2 holders without the care allowance, and drops them once it is recorded', () => {
    const severe = person('重度甲', makeId('1980-01-01', 21), [], 2);
    person('轻度乙', makeId('1980-01-01', 23), [], 3);
    person('重度丙', makeId('1980-01-01', 25), ['care_allowance'], 1);
    expect(check('care_allowance')).toEqual(['重度甲']);
    const record = t.ok('people.get', { id: severe });
    t.ok('people.update', { ...record, supportStatuses: ['care_allowance'], id: severe, version: record.version });
    expect(check('care_allowance')).toEqual([]);
  });

  it('finds 低保 holders and members of 低保 households without the living allowance', () => {
    const holder = person('低保甲', makeId('1980-01-01', 31), ['dibao']);
    const member = person('家人乙', makeId('1982-01-01', 32));
    person('补贴丙', makeId('1980-01-01', 33), ['tekun', 'living_allowance']);
    expect(check('living_allowance')).toEqual(['低保甲']);
    t.ok('compare.households.link', { personId: member, withPersonId: holder, relation: '配偶' });
    expect(check('living_allowance').sort()).toEqual(['家人乙', '低保甲'].sort());
    const reasons = t.ok('compare.leftOut', {}).rows.filter((r) => r.check === 'living_allowance').map((r) => r.reason);
    expect(reasons.sort()).toEqual(['LEFT_OUT_LIVING_ALLOWANCE', 'LEFT_OUT_LIVING_ALLOWANCE_HOUSEHOLD']);
  });

  it('finds children 0–6 with a certificate not in rehab, until enrolled or a reason is recorded', () => {
    const idA = makeId('2022-02-02', 41);
    const idB = makeId('2021-03-03', 43);
    const a = t.ok('people.create', { name: '童甲', idNumber: idA, certNumber: makeCert(idA, 5, 2), certExpiry: '2030-01-01', household: 'urban', guardianName: '家长', supportStatuses: ['care_allowance'] }).id;
    const b = t.ok('people.create', { name: '童乙', idNumber: idB, certNumber: makeCert(idB, 2, 3), certExpiry: '2030-01-01', household: 'urban', guardianName: '家长' }).id;
    child(t, '无证童丙', '2022-04-04');
    expect(check('child_rehab').sort()).toEqual(['童乙', '童甲'].sort());
    enrol(t, a, therapist(t, '王老师'));
    expect(check('child_rehab')).toEqual(['童乙']);
    t.ok('compare.leftOut.clear', { personId: b, check: 'child_rehab', reason: '家长暂不同意，已在外院康复' });
    expect(check('child_rehab')).toEqual([]);
  });

  it('finds a child 0–6 with a hospital diagnosis certificate but no disability certificate, not in rehab', () => {
    const c = child(t, '诊断童丁', '2023-05-05');
    expect(check('child_rehab')).toEqual([]);
    t.ok('needs.diagnosis.create', { personId: c, hospital: '市儿童医院', diagnosedOn: '2026-10-10', diagnosis: '孤独症谱系障碍', category: 'autism' });
    expect(check('child_rehab')).toEqual(['诊断童丁']);
  });

  it('finds working-age holders not employed and not contacted for 12 months; a placement clears them', () => {
    const worker = person('待业甲', makeId('1990-01-01', 51));
    person('老人乙', makeId('1950-01-01', 53));
    expect(check('working_age')).toEqual(['待业甲']);
    const employer = t.ok('training.employers.create', { name: '某某公司', creditCode: '91440300708461136T' });
    t.ok('training.placements.create', { personId: worker, placementType: 'centralised', employerId: employer.id, startDate: '2026-10-01', fullTime: true, hasContract: true, socialInsurance: true });
    expect(check('working_age')).toEqual([]);
  });

  it('counts a contact recorded on the job-seeker register, and only within 12 months', () => {
    const seeker = person('求职丙', makeId('1992-02-02', 55));
    t.ok('training.jobSeekers.save', { personId: seeker, reason: 'never_worked', wishToWork: true, lastContact: '2025-10-01' });
    expect(check('working_age')).toEqual(['求职丙']);
    t.ok('training.jobSeekers.save', { personId: seeker, reason: 'never_worked', wishToWork: true, lastContact: '2026-11-01' });
    expect(check('working_age')).toEqual([]);
  });

  it('finds certificates expired without renewal, and not once renewed', () => {
    const id = makeId('1980-01-01', 61);
    const p = t.ok('people.create', { name: '过期甲', idNumber: id, certNumber: makeCert(id, 4, 3), certExpiry: '2026-11-21', household: 'urban' });
    expect(check('cert_expired')).toEqual(['过期甲']);
    t.ok('people.update', { ...p, certExpiry: '2036-11-21', id: p.id, version: p.version });
    expect(check('cert_expired')).toEqual([]);
  });

  it('changes when a 低保 status from a list is applied', () => {
    const wang = person('王五', WANG);
    expect(check('living_allowance')).toEqual([]);
    const preview = importList(CIVIL_LIST);
    const listId = t.ok('compare.import.commit', { jobId: preview.jobId, expectedValid: preview.valid }).listId!;
    t.ok('compare.apply', { listId, changes: [{ personId: wang, status: 'dibao', held: true }] });
    expect(check('living_allowance')).toEqual(['王五']);
  });
});

describe('households and plan items', () => {
  it('links people of one household and finds households where nobody of working age is employed', () => {
    const a = person('户主甲', makeId('1975-01-01', 71));
    const b = person('妻乙', makeId('1978-01-01', 72));
    const c = person('老人丙', makeId('1940-01-01', 73));
    t.ok('compare.households.link', { personId: b, withPersonId: a, relation: '配偶' });
    const list = t.ok('compare.households.link', { personId: c, withPersonId: a, relation: '父亲' });
    expect(list).toMatchObject({ multiple: 1, zeroEmployment: 1 });
    expect(list.rows[0]!.members.map((m) => [m.name, m.workingAge])).toEqual([
      ['老人丙', false],
      ['户主甲', true],
      ['妻乙', true],
    ]);
    const employer = t.ok('training.employers.create', { name: '某某公司', creditCode: '91440300708461136T' });
    t.ok('training.placements.create', { personId: b, placementType: 'flexible', employerId: employer.id, startDate: '2026-10-01', fullTime: false, hasContract: false, socialInsurance: false });
    expect(t.ok('compare.households.list', {})).toMatchObject({ multiple: 1, zeroEmployment: 0 });
    expect(t.ok('compare.figures', { year: 2026 })).toMatchObject({ households: 1, multipleHouseholds: 1, zeroEmploymentHouseholds: 0 });
    t.ok('compare.households.unlink', { personId: b });
    expect(t.ok('compare.households.unlink', { personId: c })).toMatchObject({ rows: [{ members: [{ name: '户主甲' }] }], multiple: 0 });
    // The last member leaving ends the household.
    expect(t.ok('compare.households.unlink', { personId: a }).rows).toEqual([]);
    expect(t.err('compare.households.link', { personId: a, withPersonId: a }).code).toBe('COMPARE_HOUSEHOLD_SELF');
  });

  it('records family-doctor and migrant-worker status as dated facts, counted in the figures', () => {
    const a = person('甲', makeId('1975-01-01', 81));
    t.ok('compare.facts.record', { personId: a, status: 'family_doctor', held: true, effectiveFrom: '2026-03-01' });
    t.ok('compare.facts.record', { personId: a, status: 'migrant_worker', held: true, effectiveFrom: '2026-12-01' }); // from next month
    expect(t.ok('compare.facts.get', { personId: a }).current).toEqual(['family_doctor']);
    // A trainee of a class running this year who is a migrant worker; 甲 is none of the class.
    const b = person('学员乙', makeId('1990-01-01', 83));
    const klass = t.ok('training.classes.create', { courseType: 'massage_health', title: '按摩班', startDate: '2026-09-01', endDate: '2026-12-31', totalHours: 100, capacity: 10 });
    t.ok('training.enrol', { classId: klass.id, personId: b });
    t.ok('compare.facts.record', { personId: b, status: 'migrant_worker', held: true, effectiveFrom: '2026-03-01' });
    expect(t.ok('compare.figures', { year: 2026 })).toMatchObject({ familyDoctor: 1, trainees: 1, migrantTrainees: 1 });
    // A later fact ends the status (facts are never edited).
    t.ok('compare.facts.record', { personId: b, status: 'migrant_worker', held: false, effectiveFrom: '2026-11-01', note: '已返乡务农' });
    expect(t.ok('compare.figures', { year: 2026 })).toMatchObject({ trainees: 1, migrantTrainees: 0 });
    expect(t.ok('compare.facts.get', { personId: b }).facts.map((f) => [f.effectiveFrom, f.held])).toEqual([
      ['2026-11-01', false],
      ['2026-03-01', true],
    ]);
  });

  it('records accident insurance with its period and satisfaction answers with the rate', () => {
    const a = child(t, '康复童甲', '2021-01-01');
    enrol(t, a, therapist(t, '李老师'));
    child(t, '未入训童乙', '2022-01-01');
    expect(t.ok('compare.figures', { year: 2026 })).toMatchObject({ childrenInRehab: 1, insuredChildren: 0 });
    const facts = t.ok('compare.insurance.add', { personId: a, policyNumber: 'PA2026-001', insurer: '某保险公司', startDate: '2026-09-01', endDate: '2027-08-31' });
    expect(facts.insurance).toEqual([expect.objectContaining({ policyNumber: 'PA2026-001', current: true })]);
    expect(t.err('compare.insurance.add', { personId: a, policyNumber: 'X', startDate: '2026-09-01', endDate: '2026-08-31' }).code).toBe('COMPARE_PERIOD_ORDER');
    expect(t.ok('compare.figures', { year: 2026 })).toMatchObject({ childrenInRehab: 1, insuredChildren: 1 });
    expect(t.ok('compare.figures', { year: 2025 })).toMatchObject({ childrenInRehab: 0, insuredChildren: 0 });
    for (const rating of [5, 4, 2]) t.ok('compare.satisfaction.add', { personId: a, service: 'rehab', rating, answeredOn: '2026-10-01' });
    const figures = t.ok('compare.satisfaction.add', { personId: a, service: 'training', rating: 3, answeredOn: '2026-10-02' });
    // all: 3 of 4 at 基本满意 or better = 750‰; rehab: 2 of 3 = 666.6‰ → 666
    expect(figures.satisfaction.find((s) => s.service === 'all')).toEqual({ service: 'all', answers: 4, satisfied: 3, permille: 750 });
    expect(figures.satisfaction.find((s) => s.service === 'rehab')).toEqual({ service: 'rehab', answers: 3, satisfied: 2, permille: 666 });
  });
});
