// Employment in the national terms through the service: dictionaries, placements under the new
// codes, the job-seeker register, completion refusals with their figures, employers' quota and
// reward lines in a training claim, entrepreneurship awards, outcomes per class and the figures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import { zhWords } from '../../../renderer/i18n/words';

let t: TestService;
beforeEach(() => {
  t = testService(); // today 2026-11-22
});
afterEach(() => t.close());

const CREDIT_CODE = '91440300708461136T';

function person(name: string, birth: string, sequence: number) {
  const idNumber = makeId(birth, sequence);
  return t.ok('people.create', { name, idNumber, certNumber: makeCert(idNumber, 4, 3), certExpiry: '2030-01-01', household: 'rural' });
}

describe('the real-name dictionaries', () => {
  it('hold the seven 就业形式 named as the survey names them, the same words the screens use', () => {
    const forms = t.ok('training.terms.list', { dict: 'employment_form', onDate: '2026-11-22' });
    expect(forms.map((f) => [f.code, f.labelZh])).toEqual([
      ['quota', '按比例就业'],
      ['centralised', '集中就业'],
      ['individual', '个体就业含自主创业'],
      ['public_welfare', '公益性岗位'],
      ['assisted', '辅助性就业'],
      ['rural', '农村种养加'],
      ['flexible', '灵活就业含社区与居家'],
    ]);
    expect(Object.fromEntries(forms.map((f) => [f.code, f.labelZh]))).toEqual(zhWords.placementTypes);
  });

  it('hold the GB/T 4754-2017 industry sections A to T', () => {
    const sections = t.ok('training.terms.list', { dict: 'industry', onDate: '2026-11-22' });
    expect(sections.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(sections.find((s) => s.code === 'A')!.labelZh).toBe('农、林、牧、渔业');
  });

  it('know nothing of a code before the date it is valid from', () => {
    t.service.db.prepare("INSERT INTO employment_term (dict, code, sort, label_zh, label_en, valid_from) VALUES ('job_route', 'platform', 9, '网络平台', 'Online platform', '2027-01-01')").run();
    expect(t.ok('training.terms.list', { dict: 'job_route', onDate: '2026-11-22' }).map((r) => r.code)).not.toContain('platform');
    expect(t.ok('training.terms.list', { dict: 'job_route', onDate: '2027-01-01' }).map((r) => r.code)).toContain('platform');
    const p = person('王芳', '1990-01-01', 2);
    expect(t.err('training.placements.create', { personId: p.id, placementType: 'flexible', jobRoute: 'platform', startDate: '2026-11-01', fullTime: false })).toEqual({
      code: 'TERM_UNKNOWN',
      field: 'jobRoute',
      params: { code: 'platform', date: '2026-11-01' },
    });
  });
});

describe('placements in the national terms', () => {
  it('records 农村种养加 with industry, route, contract and insurance, and needs no employer for it', () => {
    const p = person('王芳', '1990-01-01', 2);
    const placed = t.ok('training.placements.create', {
      personId: p.id,
      placementType: 'rural',
      industry: 'A',
      jobRoute: 'federation',
      contractType: 'none',
      insuranceType: 'resident',
      startDate: '2026-11-01',
      fullTime: true,
    });
    expect(placed).toMatchObject({ placementType: 'rural', industry: 'A', jobRoute: 'federation', contractType: 'none', insuranceType: 'resident', hasContract: false, socialInsurance: true, legacyType: '' });
    expect(t.ok('training.placements.list', { placementType: 'rural' }).total).toBe(1);
  });

  it('takes an earlier type code, stores the national one and keeps what was given', () => {
    const p = person('王芳', '1990-01-01', 2);
    const placed = t.ok('training.placements.create', { personId: p.id, placementType: 'home_based', startDate: '2026-11-01', fullTime: false });
    expect(placed).toMatchObject({ placementType: 'flexible', legacyType: 'home_based' });
  });

  it('refuses an industry section that does not exist', () => {
    const p = person('王芳', '1990-01-01', 2);
    expect(t.err('training.placements.create', { personId: p.id, placementType: 'rural', industry: 'Z', startDate: '2026-11-01', fullTime: true })).toMatchObject({
      code: 'TERM_UNKNOWN',
      field: 'industry',
    });
  });
});

describe('job seekers', () => {
  it('lists a working-age person not in work, and the person leaves the list when placed', () => {
    const p = person('赵磊', '1996-05-05', 7);
    t.ok('training.jobSeekers.save', { personId: p.id, reason: 'never_worked', wishToWork: true, trainingWanted: '电子商务', lastContact: '2026-11-20' });
    expect(t.ok('training.jobSeekers.list', {}).rows).toEqual([
      expect.objectContaining({ personId: p.id, name: '赵磊', age: 30, reason: 'never_worked', wishToWork: true, trainingWanted: '电子商务', lastContact: '2026-11-20' }),
    ]);
    t.ok('training.placements.create', { personId: p.id, placementType: 'rural', startDate: '2026-11-21', fullTime: true });
    expect(t.ok('training.jobSeekers.list', {}).total).toBe(0);
  });

  it('refuses a man of 60 and someone in work, with the figures', () => {
    const old = person('钱老', '1966-11-22', 9);
    expect(t.err('training.jobSeekers.save', { personId: old.id, reason: 'other', wishToWork: true })).toEqual({
      code: 'JOB_SEEKER_NOT_WORKING_AGE',
      field: 'personId',
      params: { name: '钱老', age: 60, max: 59 },
    });
    const working = person('孙工', '1990-02-02', 11);
    t.ok('training.placements.create', { personId: working.id, placementType: 'flexible', startDate: '2026-01-01', fullTime: false });
    expect(t.err('training.jobSeekers.save', { personId: working.id, reason: 'other', wishToWork: true })).toMatchObject({ code: 'JOB_SEEKER_EMPLOYED' });
  });

  it('updates the same person’s entry rather than adding a second, and refuses an unknown reason', () => {
    const p = person('赵磊', '1996-05-05', 7);
    t.ok('training.jobSeekers.save', { personId: p.id, reason: 'never_worked', wishToWork: false });
    const again = t.ok('training.jobSeekers.save', { personId: p.id, reason: 'own_reason', wishToWork: true });
    expect(again).toMatchObject({ reason: 'own_reason', wishToWork: true, version: 2 });
    expect(t.ok('training.jobSeekers.list', { wishOnly: true }).total).toBe(1);
    expect(t.err('training.jobSeekers.save', { personId: p.id, reason: 'bored', wishToWork: true })).toMatchObject({ code: 'TERM_UNKNOWN', field: 'reason' });
  });
});

describe('training in the national fields', () => {
  function classWith(overrides: Record<string, unknown>) {
    const c = t.ok('training.classes.create', {
      courseType: 'practical',
      title: '种养技术班',
      startDate: '2026-11-02',
      endDate: '2026-11-20',
      totalHours: 40,
      capacity: 5,
      cycle: 'short',
      provider: '县职业技术学校',
      industry: 'A',
      freeToTrainee: true,
      ...overrides,
    });
    const p = person('王芳', '1990-01-01', 2);
    const e = t.ok('training.enrol', { classId: c.id, personId: p.id }).trainees[0]!.enrolmentId;
    return { c, e };
  }

  it('keeps cycle, provider, industry and free-to-trainee on the class', () => {
    const { c } = classWith({});
    expect(t.ok('training.classes.get', { id: c.id })).toMatchObject({ cycle: 'short', provider: '县职业技术学校', industry: 'A', freeToTrainee: true, minHours: 0 });
  });

  it('refuses completion before the class has ended, naming the end date', () => {
    const { e } = classWith({ endDate: '2026-11-30' });
    t.ok('training.attendance.save', { classId: 1, date: '2026-11-02', marks: [{ enrolmentId: e, status: 'present' }] });
    expect(t.err('training.completion.set', { enrolmentId: e, completedOn: '2026-11-22' })).toEqual({
      code: 'TRAINING_COMPLETION_BEFORE_END',
      params: { end: '2026-11-30', date: '2026-11-22', name: '王芳' },
    });
  });

  it('refuses completion below the class minimum hours with the hours attended and missing', () => {
    const { c, e } = classWith({ minHours: 16 });
    // Two days of 6 hours attended = 12 hours; one day of 6 hours absent.
    t.ok('training.attendance.save', { classId: c.id, date: '2026-11-02', hours: 6, marks: [{ enrolmentId: e, status: 'present' }] });
    t.ok('training.attendance.save', { classId: c.id, date: '2026-11-03', hours: 6, marks: [{ enrolmentId: e, status: 'present' }] });
    const detail = t.ok('training.attendance.save', { classId: c.id, date: '2026-11-04', hours: 6, marks: [{ enrolmentId: e, status: 'absent' }] });
    expect(detail.trainees[0]!.hours).toBe(12);
    // 2 of 3 days is 66.6%, below 80%: the share is refused first; with 5 of 6 days the hours decide.
    for (const date of ['2026-11-05', '2026-11-06', '2026-11-09']) {
      t.ok('training.attendance.save', { classId: c.id, date, hours: 1, marks: [{ enrolmentId: e, status: 'present' }] });
    }
    // 5 of 6 days present (83.3%), hours 6 + 6 + 1 + 1 + 1 = 15 < 16.
    expect(t.err('training.completion.set', { enrolmentId: e, completedOn: '2026-11-20' })).toEqual({
      code: 'TRAINING_HOURS_BELOW_MIN',
      params: { hours: 15, min: 16, missing: 1, name: '王芳' },
    });
    t.ok('training.attendance.save', { classId: c.id, date: '2026-11-09', hours: 2, marks: [{ enrolmentId: e, status: 'present' }] });
    expect(t.ok('training.completion.set', { enrolmentId: e, completedOn: '2026-11-20' }).trainees[0]!.completedOn).toBe('2026-11-20');
  });

  it('refuses a minimum of hours above the class total', () => {
    expect(
      t.err('training.classes.create', { courseType: 'practical', title: '班', startDate: '2026-11-02', endDate: '2026-11-20', totalHours: 40, capacity: 5, minHours: 41 }),
    ).toEqual({ code: 'TRAINING_MIN_HOURS_ABOVE_TOTAL', field: 'minHours', params: { total: 40 } });
  });
});

describe('outcomes of a class', () => {
  it('shows employment at 3, 6 and 12 months as rates with the people behind them, working age only', () => {
    const c = t.ok('training.classes.create', { courseType: 'practical', title: '种养技术班', startDate: '2026-03-02', endDate: '2026-03-31', totalHours: 40, capacity: 5 });
    const a = person('王芳', '1990-01-01', 2);
    const b = person('李强', '1991-02-02', 3);
    const older = person('周姐', '1968-01-01', 4); // 58 in March 2026: past working age for a woman
    const enrolled = [a, b, older].map((p) => t.ok('training.enrol', { classId: c.id, personId: p.id })).at(-1)!.trainees.map((x) => x.enrolmentId);
    t.ok('training.attendance.save', { classId: c.id, date: '2026-03-02', marks: enrolled.map((enrolmentId) => ({ enrolmentId, status: 'present' as const })) });
    for (const enrolmentId of enrolled) t.ok('training.completion.set', { enrolmentId, completedOn: '2026-03-31' });
    t.ok('training.placements.create', { personId: a.id, placementType: 'rural', startDate: '2026-08-01', fullTime: true });
    t.ok('training.placements.create', { personId: older.id, placementType: 'rural', startDate: '2026-04-01', fullTime: true });
    const outcomes = t.ok('training.classes.get', { id: c.id }).outcomes;
    // 6 months after 31 March is 30 September: 王芳 in work since 1 August, 李强 not: 1 of 2 = 50%.
    expect(outcomes.map((o) => [o.months, o.employed, o.due, o.permille, o.pending])).toEqual([
      [3, 0, 2, 0, 0],
      [6, 1, 2, 500, 0],
      [12, 0, 0, null, 2],
    ]);
    expect(outcomes[1]!.people).toEqual([
      { personId: a.id, name: '王芳', state: 'employed' },
      { personId: b.id, name: '李强', state: 'not_employed' },
    ]);
    const figures = t.ok('training.figures', { year: 2026 });
    expect(figures.outcomes.find((o) => o.months === 6)).toEqual({ months: 6, due: 2, employed: 1, permille: 500, pending: 0 });
    expect(figures.completers).toEqual({ persons: 2, enrolments: 2 });
    expect(figures.placementsByType.find((p) => p.placementType === 'rural')!.count).toBe(2);
  });
});

describe('employers above quota and their reward in a training claim', () => {
  function employerAbove() {
    const employer = t.ok('training.employers.create', { name: '阿拉善某农业公司', creditCode: CREDIT_CODE });
    t.ok('training.employmentSettings.set', { key: 'rewardMultiple', value: 5, effectiveFrom: '2026-01-01' });
    t.ok('training.employmentSettings.set', { key: 'minimumWageFen', value: 198_000, effectiveFrom: '2026-01-01' });
    const first = person('王芳', '1990-01-01', 2);
    const latest = person('李强', '1991-02-02', 3);
    t.ok('training.placements.create', { personId: first.id, placementType: 'quota', employerId: employer.id, startDate: '2026-03-01', fullTime: true });
    t.ok('training.placements.create', { personId: latest.id, placementType: 'quota', employerId: employer.id, startDate: '2026-06-01', fullTime: true });
    // 150 staff × 1.5% = 2.25 required; 4 counted: 1.75 over, 1 whole extra person.
    const years = t.ok('training.employerYears.save', { employerId: employer.id, year: 2026, staffCount: 150, disabledEmployees: 4, assessedOn: '2026-11-10' });
    return { employer, years, latest };
  }

  it('shows the standing with the fraction required and the reward by the settings in force', () => {
    const { years } = employerAbove();
    // 1,980 yuan × 5 = 9,900 yuan per extra person for the full year.
    expect(years[0]).toMatchObject({ year: 2026, sharePermyriad: 150, required: '2.25', counted: 4, standing: 'above', extraPersons: 1, rewardPerPersonFen: 990_000, rewardFen: 990_000 });
  });

  it('uses the quota share set for the year', () => {
    const { employer } = employerAbove();
    t.ok('training.employmentSettings.set', { key: 'quotaSharePermyriad', value: 200, effectiveFrom: '2026-01-01' });
    // 2026 at 2%: 150 × 2% = 3 required, 4 counted: 1 over. 2025 keeps 1.5%: 2.25 required, 3 counted: at quota.
    const years = t.ok('training.employerYears.save', { employerId: employer.id, year: 2025, staffCount: 150, disabledEmployees: 3, assessedOn: '2026-01-15' });
    expect(years.map((y) => [y.year, y.sharePermyriad, y.required, y.standing, y.extraPersons])).toEqual([
      [2026, 200, '3', 'above', 1],
      [2025, 150, '2.25', 'at', 0],
    ]);
  });

  it('claims the reward for the extra person as a line, and the figures it rests on lock once submitted', () => {
    const { employer, latest } = employerAbove();
    const batch = t.ok('claims.batches.create', { programme: 'training', period: '2026-11' });
    expect(batch.lines).toEqual([
      expect.objectContaining({ personId: latest.id, contentCode: 'employer_reward', contentText: '阿拉善某农业公司', quantity: 1, standardFen: 990_000, amountFen: 990_000 }),
    ]);
    expect(batch.lines[0]!.steps.map((s) => s.code)).toEqual(['QUOTA_STANDING', 'QUOTA_REWARD']);
    t.ok('claims.batches.submit', { id: batch.id, version: batch.version });
    expect(t.err('training.employerYears.save', { employerId: employer.id, year: 2026, staffCount: 150, disabledEmployees: 5, assessedOn: '2026-11-10' })).toMatchObject({
      code: 'CLAIM_LOCKED',
    });
    // Claimed once: a second batch of the month leaves it out.
    const second = t.ok('claims.batches.create', { programme: 'training', period: '2026-11' });
    expect(second.lines).toEqual([]);
    expect(second.leftOut).toEqual([expect.objectContaining({ personId: latest.id, reason: 'ALREADY_CLAIMED' })]);
  });

  it('claims nothing for an employer at quota, or before the multiple and wage are set', () => {
    const employer = t.ok('training.employers.create', { name: '某公司', creditCode: CREDIT_CODE });
    const p = person('王芳', '1990-01-01', 2);
    t.ok('training.placements.create', { personId: p.id, placementType: 'quota', employerId: employer.id, startDate: '2026-03-01', fullTime: true });
    const years = t.ok('training.employerYears.save', { employerId: employer.id, year: 2026, staffCount: 150, disabledEmployees: 4, assessedOn: '2026-11-10' });
    expect(years[0]).toMatchObject({ standing: 'above', rewardFen: null });
    expect(t.ok('claims.batches.create', { programme: 'training', period: '2026-11' }).lines).toEqual([]);
  });

  it('refuses more employees with disabilities than staff, and more severe than disabled', () => {
    const employer = t.ok('training.employers.create', { name: '某公司', creditCode: CREDIT_CODE });
    expect(t.err('training.employerYears.save', { employerId: employer.id, year: 2026, staffCount: 3, disabledEmployees: 4, severeEmployees: 5, assessedOn: '2026-11-10' })).toMatchObject({
      code: 'VALIDATION',
      details: [
        { code: 'EMPLOYER_DISABLED_ABOVE_STAFF', field: 'disabledEmployees', params: { staff: 3 } },
        { code: 'EMPLOYER_SEVERE_ABOVE_DISABLED', field: 'severeEmployees', params: { disabled: 4 } },
      ],
    });
  });
});

describe('entrepreneurship', () => {
  it('records support and claims the Dezhou awards (5,000 and 3,000 yuan) as lines', () => {
    const model = person('王芳', '1990-01-01', 2);
    const achiever = person('李强', '1991-02-02', 3);
    t.ok('training.entrepreneurs.addSupport', { personId: model.id, kind: 'equipment', givenOn: '2026-06-01', amountFen: 800_000, description: '电商设备' });
    t.ok('training.entrepreneurs.addAward', { personId: model.id, level: 'model', awardedOn: '2026-11-05', amountFen: 500_000, title: '2026年自主创业标兵' });
    const rows = t.ok('training.entrepreneurs.addAward', { personId: achiever.id, level: 'achiever', awardedOn: '2026-11-06', amountFen: 300_000, title: '2026年致富能手' });
    expect(rows.map((r) => [r.kind, r.name, r.type, r.amountFen])).toEqual([
      ['award', '李强', 'achiever', 300_000],
      ['award', '王芳', 'model', 500_000],
      ['support', '王芳', 'equipment', 800_000],
    ]);
    const batch = t.ok('claims.batches.create', { programme: 'training', period: '2026-11' });
    expect(batch.lines.map((l) => [l.name, l.contentCode, l.amountFen])).toEqual([
      ['王芳', 'entrepreneur_award', 500_000],
      ['李强', 'entrepreneur_award', 300_000],
    ]);
    // 5,000 + 3,000 = 8,000 yuan.
    expect(batch.totalFen).toBe(800_000);
  });

  it('refuses an award level the dictionary does not hold', () => {
    const p = person('王芳', '1990-01-01', 2);
    expect(t.err('training.entrepreneurs.addAward', { personId: p.id, level: 'hero', awardedOn: '2026-11-05', amountFen: 100 })).toMatchObject({ code: 'TERM_UNKNOWN', field: 'level' });
  });
});

describe('public-welfare posts', () => {
  it('counts the persons holding one in the year, and their share of the area total when given', () => {
    const employer = t.ok('training.employers.create', { name: '某街道办事处', creditCode: CREDIT_CODE });
    for (const [i, name] of ['王芳', '李强', '赵磊'].entries()) {
      const p = person(name, `199${i}-01-01`, 2 + i);
      t.ok('training.placements.create', { personId: p.id, placementType: 'public_welfare', employerId: employer.id, startDate: '2026-02-01', fullTime: true });
    }
    expect(t.ok('training.figures', { year: 2026 }).publicWelfare).toEqual({ year: 2026, held: 3, areaTotal: null, source: '', permille: null });
    // 3 of 40 posts = 7.5%.
    expect(t.ok('training.publicWelfare.setTotal', { year: 2026, areaTotal: 40, source: '县人社局' })).toEqual({ year: 2026, held: 3, areaTotal: 40, source: '县人社局', permille: 75 });
  });
});
