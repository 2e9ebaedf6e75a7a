// Personal data for a role without full-ID rights: masked wherever it appears (results, change
// history, the trail, error parameters, any text), found only by name or a whole number, and
// revealed only through the audited, rate-limited call.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMasker, maskIdsInText, piiKeys, PII_KEYS } from '../../../db/trust/masking';
import { contract } from '../../../db/contract';
import { testService, type TestService } from '../../support/service';
import { makeCert, makeId } from '../../support/ids';

const ID = makeId('1986-05-17', 37);
const CERT = makeCert(ID, 4, 2);
const NEW_ID = makeId('1986-05-17', 39);

let t: TestService;
let viewer: string;
let personId: number;
beforeEach(() => {
  t = testService();
  viewer = t.signInAs('viewer');
  const created = t.ok('people.create', { name: '孙悦', idNumber: ID, certNumber: CERT, certExpiry: '2030-01-01', household: 'urban', phone: '13912345678' });
  personId = created.id;
});
afterEach(() => t.close());

describe('personal data for a viewer', () => {
  it('masks exactly the keys the declarations mark personal (the service uses the written list, so a newly marked key fails here)', () => {
    const keys = piiKeys(Object.values(contract).map((c) => c.input));
    expect(Object.fromEntries(keys)).toMatchObject({ idNumber: 'id', certNumber: 'id', phone: 'phone', guardianPhone: 'phone' });
    expect(Object.fromEntries(PII_KEYS)).toEqual(Object.fromEntries(keys));
  });

  it('masks ID numbers in the change history of people.get (finding: history leaked the full number)', () => {
    const detail = t.ok('people.get', { id: personId });
    t.ok('people.update', { ...detail, idNumber: NEW_ID, certNumber: makeCert(NEW_ID, 4, 2), id: personId, version: detail.version });
    const seen = JSON.stringify(t.ok('people.get', { id: personId }, viewer));
    for (const full of [ID, NEW_ID, CERT, makeCert(NEW_ID, 4, 2), '13912345678']) expect(seen).not.toContain(full);
    expect(seen).toContain('"field":"idNumber"');
  });

  it('masks IDs and phones in the audit trail view and in error parameters', () => {
    expect(JSON.stringify(t.ok('audit.list', {}))).toContain(ID); // the administrator sees them
    const masker = createMasker(piiKeys(Object.values(contract).map((c) => c.input)));
    const trail = JSON.stringify(masker(t.ok('audit.list', {})));
    expect(trail).not.toContain(ID);
    expect(trail).not.toContain('13912345678');
    expect(masker({ code: 'PERSON_DUPLICATE', params: { idNumber: ID, note: `已有 ${CERT}B1` } })).toEqual({
      code: 'PERSON_DUPLICATE',
      params: { idNumber: `${ID.slice(0, 4)}**********${ID.slice(-4)}`, note: `已有 ${CERT.slice(0, 4)}**************${CERT.slice(-2)}B1` },
    });
  });

  it('masks any checksum-valid ID or certificate number in any text, and leaves other digits alone', () => {
    expect(maskIdsInText(`见 ${ID}，证 ${CERT}B2。`)).toBe(`见 ${ID.slice(0, 4)}**********${ID.slice(-4)}，证 ${CERT.slice(0, 4)}**************${CERT.slice(-2)}B2。`);
    const wrongCheck = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(maskIdsInText(`单号 ${wrongCheck} 与 20261122000000000`)).toBe(`单号 ${wrongCheck} 与 20261122000000000`);
  });

  it('finds people by name or a whole ID or certificate number, never by fragments (finding: fragments rebuilt a masked ID)', () => {
    expect(t.ok('people.search', { q: '孙' }, viewer).total).toBe(1);
    expect(t.ok('people.search', { q: ID }, viewer).total).toBe(1);
    expect(t.ok('people.search', { q: CERT }, viewer).total).toBe(1);
    for (const q of [ID.slice(0, 6), ID.slice(6, 14), ID.slice(-4), ID.slice(0, 17)]) {
      expect(t.err('people.search', { q }, viewer)).toEqual({ code: 'SEARCH_WHOLE_ID', field: 'q' });
    }
    expect(t.err('rehab.enrolments.list', { q: ID.slice(-6) }, viewer).code).toBe('SEARCH_WHOLE_ID');
    // A role with full-ID rights still searches by fragments.
    expect(t.ok('people.search', { q: ID.slice(-6) }).total).toBe(1);
  });

  it('reveals an ID with an audit entry, at most ten times in ten minutes', () => {
    for (let i = 0; i < 10; i += 1) expect(t.ok('people.revealId', { id: personId }, viewer).idNumber).toBe(ID);
    expect(t.err('people.revealId', { id: personId }, viewer)).toEqual({ code: 'RATE_LIMITED', params: { minutes: 10 } });
    expect(t.ok('audit.list', { action: 'reveal' }).total).toBe(10);
  });
});
