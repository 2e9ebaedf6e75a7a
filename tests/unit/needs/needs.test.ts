// 精准康复 through the contract: reissued certificates, needs closed by services, a child from
// screening to a plan, reminders, a rehab record transferred between centres, targets from the
// office, and the indicators over all of it (today is 2026-11-22).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';
import { checksumOf } from '../../../db/needs/files';
import type { PersonDetail, PersonInput } from '../../../db/contract';

let t: TestService;
beforeEach(() => {
  t = testService();
});
afterEach(() => t.close());

function person(name: string, birth: string, seq: number, extra: Record<string, unknown> = {}) {
  const idNumber = makeId(birth, seq);
  return { idNumber, id: t.ok('people.create', { name, idNumber, household: 'urban', guardianName: '家长', ...extra }).id };
}

describe('reissued certificate numbers', () => {
  it('registers B1, keeps the earlier number in history and finds the person by either', () => {
    const { idNumber, id } = person('补证人', '1980-05-05', 11, { certNumber: makeCert(idNumber0(), 4, 3), certExpiry: '2030-01-01' });
    const first = t.ok('people.get', { id });
    expect(first.certNumber).toBe(`${idNumber}43`);
    const reissued = t.ok('people.update', { ...fields(first), certNumber: `${idNumber}43b1`, certExpiry: '2036-01-01', id, version: first.version });
    expect(reissued.certNumber).toBe(`${idNumber}43B1`);
    expect(reissued.earlierCertNumbers).toEqual([{ certNumber: `${idNumber}43`, certExpiry: '2030-01-01', replacedAt: expect.stringMatching(/^2026-11-22T/) }]);
    const again = t.ok('people.update', { ...fields(reissued), certNumber: `${idNumber}43B2`, id, version: reissued.version });
    expect(again.earlierCertNumbers.map((e) => e.certNumber)).toEqual([`${idNumber}43B1`, `${idNumber}43`]);
    for (const q of [`${idNumber}43B2`, `${idNumber}43B1`, `${idNumber}43`]) expect(t.ok('people.search', { q }).rows.map((r) => r.id)).toEqual([id]);
  });
});

// The ID the next person() call will make (the test above needs it before the call).
function idNumber0() {
  return makeId('1980-05-05', 11);
}

function fields(p: PersonDetail): PersonInput {
  const { name, idNumber, certNumber, category, level, certExpiry, household, supportStatuses, phone, address, guardianName, guardianPhone, guardianRelation } = p;
  return { name, idNumber, certNumber, category, level, certExpiry, household, supportStatuses, phone, address, guardianName, guardianPhone, guardianRelation };
}

describe('needs', () => {
  it('records a rehab need by service type and a device need by catalogue item, each checked', () => {
    const { id } = person('需求人', '1975-01-01', 13);
    expect(t.err('needs.create', { personId: id, kind: 'rehab', source: 'survey', recordedOn: '2026-03-01' })).toMatchObject({ code: 'NEEDS_SERVICE_REQUIRED', field: 'service' });
    expect(t.err('needs.create', { personId: id, kind: 'device', source: 'survey', recordedOn: '2026-03-01' })).toMatchObject({ code: 'NEEDS_DEVICE_ITEM_REQUIRED', field: 'deviceItemId' });
    expect(t.err('needs.create', { personId: id, kind: 'training', source: 'application', recordedOn: '2026-12-01' })).toMatchObject({ code: 'NEEDS_DATE_FUTURE', field: 'recordedOn' });
    const item = t.ok('devices.catalogue', {})[0]!;
    const need = t.ok('needs.create', { personId: id, kind: 'device', deviceItemId: item.id, source: 'survey', recordedOn: '2026-03-01' });
    expect(need).toMatchObject({ kind: 'device', deviceItemName: item.name, status: 'open' });
    const surgery = t.ok('needs.create', { personId: id, kind: 'rehab', service: 'surgery', source: 'screening', recordedOn: '2026-03-02', note: '人工耳蜗' });
    expect(surgery.service).toBe('surgery');

    // Closing: met by a service of the right kind, or with a reason.
    expect(t.err('needs.close', { id: need.id, version: 1, outcome: 'met', closedOn: '2026-04-01', metBy: 'placement' }).code).toBe('NEEDS_MET_BY_KIND');
    expect(t.err('needs.close', { id: need.id, version: 1, outcome: 'closed', closedOn: '2026-04-01' })).toMatchObject({ code: 'NEEDS_CLOSE_REASON_REQUIRED', field: 'reason' });
    expect(t.err('needs.close', { id: need.id, version: 1, outcome: 'closed', closedOn: '2026-02-01', reason: '迁出' }).code).toBe('NEEDS_CLOSED_BEFORE_RECORDED');
    const closed = t.ok('needs.close', { id: need.id, version: 1, outcome: 'met', closedOn: '2026-04-01', metBy: 'device_fitting' });
    expect(closed).toMatchObject({ status: 'met', closedOn: '2026-04-01', metBy: 'device_fitting', version: 2 });
    expect(t.err('needs.close', { id: need.id, version: 2, outcome: 'closed', closedOn: '2026-05-01', reason: '迁出' }).code).toBe('NEEDS_ALREADY_CLOSED');
  });
});

describe('a screened child with a diagnosis certificate', () => {
  it('is screened, diagnosed, enrolled for relief, planned, and linked to the certificate once issued', () => {
    const { idNumber, id } = person('小明', '2022-04-10', 15);
    expect(t.err('needs.screening.create', { personId: id, screenedOn: '2026-02-01', screener: '社区医生', result: 'suspected' })).toMatchObject({ code: 'NEEDS_SUSPECTED_REQUIRED' });
    t.ok('needs.screening.create', { personId: id, screenedOn: '2026-02-01', screener: '社区医生', result: 'suspected', suspected: 'autism' });
    const diagnosis = t.ok('needs.diagnosis.create', { personId: id, hospital: '市儿童医院', diagnosedOn: '2026-02-20', diagnosis: '孤独症谱系障碍', category: 'autism' });
    expect(t.err('needs.diagnosis.link', { id: diagnosis.id }).code).toBe('NEEDS_DIAGNOSIS_NO_CERT');
    const need = t.ok('needs.create', { personId: id, kind: 'rehab', service: 'training', source: 'screening', recordedOn: '2026-02-20' });
    const plan = t.ok('needs.plan.save', {
      personId: id,
      madeOn: '2026-03-01',
      items: [{ area: 'rehab', service: 'ABA 训练每周五次', needId: need.id }, { area: 'devices', service: '暂无' }],
      confirmedBy: '小明妈妈',
      confirmedRole: 'guardian',
      confirmedOn: '2026-03-02',
      reviewOn: '2026-09-01',
    });
    expect(plan).toMatchObject({ version: 1, confirmedRole: 'guardian', items: [{ area: 'rehab', needId: need.id }, { area: 'devices', needId: null }] });
    expect(t.err('needs.plan.save', { personId: id, madeOn: '2026-03-01', items: [{ area: 'rehab', service: 'x' }] }).code).toBe('NEEDS_STALE');
    const reviewed = t.ok('needs.plan.save', { personId: id, version: 1, madeOn: '2026-03-01', items: [{ area: 'rehab', service: 'ABA 训练每周五次', needId: need.id }], confirmedBy: '小明妈妈', confirmedRole: 'guardian', confirmedOn: '2026-03-02', reviewOn: '2026-09-01', reviewedOn: '2026-09-01', reviewOutcome: '目标部分达成，继续训练' });
    expect(reviewed).toMatchObject({ version: 2, reviewOutcome: '目标部分达成，继续训练', items: [{ area: 'rehab' }] });

    // The certificate is issued later and the diagnosis linked to it.
    const before = t.ok('people.get', { id });
    t.ok('people.update', { ...fields(before), certNumber: `${idNumber}51`, certExpiry: '2036-05-01', id, version: before.version });
    expect(t.ok('needs.diagnosis.link', { id: diagnosis.id })).toMatchObject({ linkedCert: `${idNumber}51`, linkedOn: '2026-11-22' });
    const page = t.ok('needs.person.get', { personId: id });
    expect(page.screenings).toHaveLength(1);
    expect(page.plan?.version).toBe(2);
  });
});

describe('certificate reminders', () => {
  it('lists who lacks the first or the second reminder, and drops them once reminded', () => {
    const a = person('甲', '1980-01-01', 31, { certNumber: makeCert(makeId('1980-01-01', 31), 4, 2), certExpiry: '2026-12-10' }); // within 1 month
    const b = person('乙', '1980-01-01', 33, { certNumber: makeCert(makeId('1980-01-01', 33), 4, 2), certExpiry: '2027-04-01' }); // within 6 months
    person('丙', '1980-01-01', 35, { certNumber: makeCert(makeId('1980-01-01', 35), 4, 2), certExpiry: '2027-08-01' }); // later
    expect(t.ok('needs.reminders.due', {})).toMatchObject({
      lacksFirst: 2,
      lacksSecond: 1,
      rows: [
        { personId: a.id, lacksFirst: true, lacksSecond: true },
        { personId: b.id, lacksFirst: true, lacksSecond: false },
      ],
    });
    t.ok('needs.reminders.create', { personId: a.id, remindedOn: '2026-07-01', method: 'phone', remindedBy: '王专干' });
    t.ok('needs.reminders.create', { personId: b.id, remindedOn: '2026-11-20', method: 'sms', remindedBy: '王专干' });
    const due = t.ok('needs.reminders.due', {});
    expect(due.rows.map((r) => [r.name, r.lacksFirst, r.lacksSecond])).toEqual([['甲', false, true]]);
    t.ok('needs.reminders.create', { personId: a.id, remindedOn: '2026-11-22', method: 'in_person', remindedBy: '王专干' });
    expect(t.ok('needs.reminders.due', {}).rows).toEqual([]);
  });
});

describe('a child’s rehab record transferred to another centre', () => {
  it('writes a checksummed file the other centre imports, and refuses it once altered', () => {
    const { id } = person('转出儿', '2021-06-01', 41);
    const therapist = t.ok('rehab.therapists.save', { name: '李老师' }).id;
    const enrolment = t.ok('rehab.enrolments.create', { personId: id, therapistId: therapist, category: 'speech', startDate: '2026-09-01', funding: 'relief' });
    t.ok('rehab.sessions.log', { enrolmentId: enrolment.id, therapistId: therapist, date: '2026-11-02', startTime: '09:00', minutes: 40, type: 'st', attendance: 'present', location: 'home' });
    t.ok('rehab.sessions.log', { enrolmentId: enrolment.id, therapistId: therapist, date: '2026-11-03', startTime: '09:00', minutes: 40, type: 'st', attendance: 'present' });
    t.ok('rehab.parentTraining.create', { enrolmentId: enrolment.id, date: '2026-11-05', parent: '妈妈', topic: '家庭言语训练', hours: 1.5 });
    const exported = t.ok('needs.transfer.export', { personId: id, toCentre: '乙市康复中心', reason: '随家迁居', referredOn: '2026-11-22' });
    expect(t.ok('needs.person.get', { personId: id }).referrals).toMatchObject([{ direction: 'out', partner: '乙市康复中心', status: 'pending', transferFile: exported.fileName }]);

    const other = testService();
    try {
      const imported = other.ok('needs.transfer.import', { path: exported.path });
      expect(imported).toMatchObject({ name: '转出儿', created: true });
      const page = other.ok('needs.person.get', { personId: imported.personId });
      expect(page.transfersIn[0]!.summary).toMatchObject({
        enrolments: [{ category: 'speech', startDate: '2026-09-01', funding: 'relief' }],
        sessions: { total: 2, present: 2, byLocation: { home: 1, centre: 1 } },
        parentTraining: [{ parent: '妈妈', topic: '家庭言语训练', hours: 1.5 }],
      });
      expect(other.err('needs.transfer.import', { path: exported.path }).code).toBe('NEEDS_TRANSFER_DUPLICATE');

      const body = JSON.parse(fs.readFileSync(exported.path, 'utf8'));
      body.summary.sessions.present = 40;
      const tampered = path.join(path.dirname(exported.path), 'tampered.json');
      fs.writeFileSync(tampered, JSON.stringify(body));
      expect(other.err('needs.transfer.import', { path: tampered })).toMatchObject({ code: 'NEEDS_FILE_TAMPERED', field: 'path' });
    } finally {
      other.close();
    }
  });
});

describe('indicators for the year', () => {
  it('gives the year’s satisfaction rate per service and overall with the answers beside it: 基本满意 and better count as satisfied', () => {
    const a = person('满意甲', '1980-01-01', 61);
    const b = person('满意乙', '1981-01-01', 63);
    for (const [who, service, rating, answeredOn] of [
      [a, 'rehab', 5, '2026-02-01'], // 非常满意
      [a, 'rehab', 3, '2026-03-01'], // 基本满意: satisfied
      [b, 'rehab', 2, '2026-04-01'], // 不满意
      [b, 'visit', 1, '2026-05-01'], // 非常不满意
      [b, 'visit', 4, '2025-12-31'], // last year: not counted
    ] as const) {
      t.ok('compare.satisfaction.add', { personId: who.id, service, rating, answeredOn });
    }
    const by = Object.fromEntries(t.ok('needs.indicators', { year: 2026 }).satisfaction.map((s) => [s.service, [s.answers, s.satisfied, s.permille]]));
    expect(by).toMatchObject({
      all: [4, 2, 500], // (5, 3) satisfied of 4 answers = 50.0 %
      rehab: [3, 2, 666], // 2 / 3 = 66.6 % (per mille, rounded down)
      visit: [1, 0, 0],
      training: [0, 0, null], // no answers: no rate
    });
    expect(t.ok('needs.indicators', { year: 2025 }).satisfaction[0]).toEqual({ service: 'all', answers: 1, satisfied: 1, permille: 1000 });
  });

  it('counts people once across services and months, against the targets from the office file', () => {
    const therapist = t.ok('rehab.therapists.save', { name: '周老师' }).id;
    // Three children with a rehab need; A served in two months with a confirmed plan, B served without a plan, C not served.
    const a = person('甲童', '2022-01-01', 51);
    const b = person('乙童', '2021-01-01', 53);
    const c = person('丙童', '2020-02-01', 55);
    for (const child of [a, b, c]) t.ok('needs.create', { personId: child.id, kind: 'rehab', service: 'training', source: 'screening', recordedOn: '2026-02-01' });
    for (const child of [a, b]) {
      const e = t.ok('rehab.enrolments.create', { personId: child.id, therapistId: therapist, category: 'autism', startDate: '2026-03-01', funding: 'relief' });
      for (const date of ['2026-03-02', '2026-05-04']) t.ok('rehab.sessions.log', { enrolmentId: e.id, therapistId: therapist, date, startTime: child === a ? '09:00' : '10:00', minutes: 40, type: 'aba', attendance: 'present' });
    }
    t.ok('needs.plan.save', { personId: a.id, madeOn: '2026-02-15', items: [{ area: 'rehab', service: 'ABA' }], confirmedBy: '甲童爸爸', confirmedRole: 'guardian', confirmedOn: '2026-02-16' });

    const file = path.join(path.dirname(t.file), 'targets-2026.json');
    const targets: Record<string, unknown> = { format: 'rehabdesk-targets', version: 1, year: 2026, issuer: '市残联', targets: { childRehab: 1000, basicRehab: 990, preciseRehab: 750 } };
    targets.checksum = checksumOf(targets);
    fs.writeFileSync(file, JSON.stringify(targets));
    const altered = path.join(path.dirname(t.file), 'targets-altered.json');
    fs.writeFileSync(altered, JSON.stringify({ ...targets, targets: { childRehab: 500 } }));
    expect(t.err('needs.targets.import', { path: altered }).code).toBe('NEEDS_FILE_TAMPERED');

    const result = t.ok('needs.targets.import', { path: file });
    const by = Object.fromEntries(result.figures.map((f) => [f.indicator, f]));
    // 0–6 and basic: served {甲, 乙} of {甲, 乙, 丙} = 2/3 = 666‰ rounded down (four sessions, two people).
    expect(by.childRehab).toMatchObject({ numerator: 2, denominator: 3, permille: 666, target: 1000, targetSource: 'office', meets: false });
    expect(by.basicRehab).toMatchObject({ numerator: 2, denominator: 3, permille: 666, target: 990 });
    // Precise: only 甲 has a confirmed plan and a service = 1/3 = 333‰.
    expect(by.preciseRehab).toMatchObject({ numerator: 1, denominator: 3, permille: 333, target: 750 });
    // Trend: by the end of February nobody served (0/3), from March both (2/3).
    expect(by.basicRehab!.trend.slice(0, 3).map((m) => [m.month, m.numerator, m.denominator])).toEqual([
      ['2026-01', 0, 0],
      ['2026-02', 0, 3],
      ['2026-03', 2, 3],
    ]);
    expect(t.ok('needs.indicators.people', { year: 2026, indicator: 'basicRehab', onlyMissing: true }).map((p) => p.name)).toEqual(['丙童']);

    // An office writes its targets as a file its centres import whole.
    const office = testService();
    try {
      expect(office.err('needs.targets.export', { year: 2027, issuer: '市残联' })).toMatchObject({ code: 'NEEDS_TARGETS_NONE', field: 'year' });
      office.ok('needs.targets.save', { year: 2027, targets: [{ indicator: 'deviceFitting', permille: 990 }, { indicator: 'employment', permille: 700 }] });
      const written = office.ok('needs.targets.export', { year: 2027, issuer: '市残联' });
      const next = t.ok('needs.targets.import', { path: written.path });
      expect(next.year).toBe(2027);
      expect(next.figures.filter((f) => f.target !== null).map((f) => [f.indicator, f.target, f.targetSource])).toEqual([
        ['deviceFitting', 990, 'office'],
        ['employment', 700, 'office'],
      ]);
    } finally {
      office.close();
    }

    // The centre sets its own target for the employment rate.
    const saved = t.ok('needs.targets.save', { year: 2026, targets: [{ indicator: 'employment', permille: 700 }] });
    expect(saved.figures.find((f) => f.indicator === 'employment')).toMatchObject({ target: 700, targetSource: 'centre' });
  });
});
